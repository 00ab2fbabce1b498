package shim

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"golang.org/x/sys/unix"
)

// MaxFileSize is the largest secret file that is read. A variable must fit
// in one execve string of 32 pages (131072 bytes on Linux with 4 KiB
// pages), so a larger file can never be exported.
const MaxFileSize = 32 * 4096

// reader reads secret files into one buffer that it keeps, so that each
// secret costs the allocation of its value and no more. What readAt
// returns is good until the next call.
type reader struct {
	buf []byte
}

// readAt reads file, relative to the directory dirfd, for the variable
// name; path is how messages show it. It opens the file without
// blocking, so that a FIFO cannot hang the start, follows symbolic links,
// accepts only a regular file and reads at most MaxFileSize bytes. Errors
// name the variable and the path, never content.
func (r *reader) readAt(dirfd int, file, name, path string) ([]byte, error) {
	fd, err := openSecret(dirfd, file)
	if err != nil {
		return nil, openError(name, path, err)
	}
	defer unix.Close(fd)

	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, failure(KindMissing, "reading %s from %q: %v", name, path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, wrapFailure(KindMissing, modeError(st.Mode), "reading %s from %q: not a regular file (%s)",
			name, path, fileType(st.Mode))
	}
	if st.Size > MaxFileSize {
		return nil, tooLarge(name, path, st.Size)
	}
	r.buf, err = readAll(fd, r.buf, int(st.Size))
	switch {
	case err == errTooLarge:
		return nil, tooLarge(name, path, int64(len(r.buf)))
	case err != nil:
		return nil, failure(KindMissing, "reading %s from %q: %v", name, path, err)
	}
	return r.buf, nil
}

// openSecret opens file, relative to dirfd, read-only, without blocking
// and without making it the controlling terminal, retrying when a signal
// interrupts the call.
func openSecret(dirfd int, file string) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, file, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// errTooLarge is readAll's error for a file that grew past MaxFileSize
// while it was read.
var errTooLarge = errors.New("too large")

// readAll reads the regular file of the given size into buf, whose
// storage it reuses. The size from fstat is only a hint: files in /proc
// and on some FUSE mounts report 0, and a file may grow while it is read.
// So a read is asked for one byte more than the size, and the end is
// either a read of nothing or, once the size has been read, a short read;
// this spares the common case one system call. On Linux a read of a
// regular file is short only at its end (a signal does not cut it short,
// as POSIX would allow): a short read that stops at fstat's size while
// more follows would take a file system whose size is stale and whose
// reads are not, and there the page cache would stop at the stale size
// whichever way the end is found.
func readAll(fd int, buf []byte, size int) ([]byte, error) {
	buf = slices.Grow(buf[:0], size+1)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 1)
		}
		want := cap(buf) - len(buf)
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return buf, err
		}
		buf = buf[:len(buf)+n]
		if len(buf) > MaxFileSize {
			return buf, errTooLarge
		}
		if n == 0 || (size > 0 && n < want && len(buf) >= size) {
			return buf, nil
		}
	}
}

func tooLarge(name, path string, size int64) error {
	return failure(KindRejected, "%s from %q: file has %d bytes or more, over the limit of %d bytes for a secret file",
		name, path, size, MaxFileSize)
}

// openError describes why path could not be opened. For a permission
// fault it adds the file's owner and mode and the uid the shim runs as,
// which is what a reader needs to fix it.
func openError(name, path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return wrapFailure(KindMissing, err, "reading %s from %q: no such file", name, path)
	case errors.Is(err, fs.ErrPermission):
		return failure(KindMissing, "reading %s from %q: permission denied (%s)", name, path, permissionHint(path))
	}
	return failure(KindMissing, "reading %s from %q: %v", name, path, err)
}

func permissionHint(path string) string {
	self := fmt.Sprintf("running as uid %d", unix.Geteuid())
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return self + ", and the file cannot be inspected: " + err.Error()
	}
	return fmt.Sprintf("file owner uid %d gid %d, mode %04o, %s",
		st.Uid, st.Gid, st.Mode&0o7777, self)
}

// modeError is the cause recorded for a file that is not regular, so that
// a directory source can skip subdirectories with errors.Is(err,
// unix.EISDIR).
func modeError(mode uint32) error {
	if mode&unix.S_IFMT == unix.S_IFDIR {
		return unix.EISDIR
	}
	return nil
}

func fileType(mode uint32) string {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return "a directory"
	case unix.S_IFIFO:
		return "a FIFO"
	case unix.S_IFSOCK:
		return "a socket"
	case unix.S_IFCHR:
		return "a character device"
	case unix.S_IFBLK:
		return "a block device"
	}
	return "an unknown file type"
}

// Trim returns value without its trailing line endings: every final "\n"
// and "\r\n" is removed, and every other byte is kept. A lone "\r" is not a
// line ending.
func Trim(value []byte) []byte {
	for {
		switch {
		case bytes.HasSuffix(value, []byte("\r\n")):
			value = value[:len(value)-2]
		case bytes.HasSuffix(value, []byte("\n")):
			value = value[:len(value)-1]
		default:
			return value
		}
	}
}
