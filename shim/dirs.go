package shim

import (
	"path/filepath"

	"golang.org/x/sys/unix"
)

// dirs keeps a descriptor for each directory that secret files named by
// path are opened in, so that the kernel walks a directory's path once
// rather than once for each of its files: for a thousand files in one
// directory, BenchmarkPrepareEnv took 8% less time.
type dirs map[string]int

// maxDirs bounds the descriptors kept open: each stays open until Prepare
// returns, and a secret per directory, by the hundred, would otherwise hold
// one descriptor each and exhaust a low RLIMIT_NOFILE, so that the file
// itself could no longer be opened ("too many open files"). Past the bound,
// files are opened by their whole path, as before the cache.
const maxDirs = 8

// noDir marks a directory that could not be opened; its files are then
// opened by their whole path, which reports the fault as it always has.
const noDir = -1

// split returns the directory descriptor and the name to open path with.
func (d dirs) split(path string) (dirfd int, file string) {
	dir, file := filepath.Split(path)
	if dir == "" || file == "" {
		return unix.AT_FDCWD, path
	}
	fd, ok := d[dir]
	if !ok {
		if len(d) >= maxDirs {
			return unix.AT_FDCWD, path
		}
		var err error
		// O_PATH asks for search permission only, which opening a file
		// in the directory needs anyway.
		if fd, err = unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0); err != nil {
			fd = noDir
		}
		d[dir] = fd
	}
	if fd == noDir {
		return unix.AT_FDCWD, path
	}
	return fd, file
}

// close closes every directory descriptor.
func (d dirs) close() {
	for _, fd := range d {
		if fd != noDir {
			unix.Close(fd)
		}
	}
}
