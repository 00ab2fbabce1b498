package shim

import (
	"errors"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// waitFor waits up to d for every path to exist. It watches, with inotify,
// the nearest existing directory above each missing path (and, for a
// dangling symbolic link, above its target), and checks again after every
// event; there is no polling. SIGTERM, SIGINT, SIGHUP or SIGQUIT ends the
// wait at once with a KindInterrupted error, unless the process was
// started with it ignored. When the time is up it returns nil: the sources
// then report what is still missing, and an Optional file is skipped.
// Prepare calls it only for a d above zero.
func waitFor(paths []string, d time.Duration, log *Logger) error {
	missing := missingPaths(paths)
	if len(missing) == 0 {
		return nil
	}
	sigs := make(chan os.Signal, 1)
	// SIGHUP and SIGQUIT too, so that each ends the shim with its one
	// error line rather than silently (SIGHUP) or with the Go runtime's
	// dump of every goroutine (SIGQUIT).
	for _, sig := range []os.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT} {
		// A signal the shim was started with ignored (a background job
		// of a script, nohup) stays ignored: Notify would enable it.
		if !signal.Ignored(sig) {
			signal.Notify(sigs, sig)
		}
	}
	defer signal.Stop(sigs)

	w, err := newWatcher()
	if err != nil {
		return failure(KindMissing, "waiting for secret files: %v", err)
	}
	defer w.close()

	log.Noticef("waiting up to %s for %d missing file(s), first %q", d, len(missing), missing[0])
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		for _, p := range missing {
			w.watchAbove(p)
		}
		// Check again after adding the watches: a file created before a
		// watch existed raises no event.
		if missing = missingPaths(missing); len(missing) == 0 {
			return nil
		}
		select {
		case <-w.events:
		case <-deadline.C:
			return nil
		case s := <-sigs:
			sig := s.(syscall.Signal)
			return &Error{Kind: KindInterrupted, Signal: sig,
				msg: "interrupted by " + unix.SignalName(sig) + " while waiting for secret files"}
		}
		missing = missingPaths(missing)
		if len(missing) == 0 {
			return nil
		}
	}
}

// missingPaths returns the paths that do not exist, following links.
func missingPaths(paths []string) []string {
	var missing []string
	for _, p := range paths {
		var st unix.Stat_t
		if err := unix.Stat(p, &st); errors.Is(err, unix.ENOENT) {
			missing = append(missing, p)
		}
	}
	return missing
}

// watcher is an inotify instance whose events arrive on a channel.
type watcher struct {
	fd     int
	f      *os.File // fd, for reads through the runtime's poller
	events chan struct{}
}

const watchMask = unix.IN_CREATE | unix.IN_MOVED_TO | unix.IN_ATTRIB | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF

func newWatcher() (*watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, os.NewSyscallError("inotify_init1", err)
	}
	w := &watcher{fd: fd, f: os.NewFile(uintptr(fd), "inotify"), events: make(chan struct{}, 1)}
	go w.read()
	return w, nil
}

// read turns inotify events into wake-ups until the file is closed.
func (w *watcher) read() {
	buf := make([]byte, 4096)
	for {
		if _, err := w.f.Read(buf); err != nil {
			return
		}
		select {
		case w.events <- struct{}{}:
		default:
		}
	}
}

func (w *watcher) close() { w.f.Close() }

// watchAbove watches the nearest existing directory above p, and for a
// dangling symbolic link the nearest one above its target too.
func (w *watcher) watchAbove(p string) {
	if target, err := os.Readlink(p); err == nil {
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		w.watch(existingDir(target))
	}
	w.watch(existingDir(p))
}

// watch adds dir to the watched directories. Adding a directory again is
// harmless: the kernel keeps one watch per inode, and a directory that was
// removed and made anew is a new inode that needs its own.
func (w *watcher) watch(dir string) {
	unix.InotifyAddWatch(w.fd, dir, watchMask)
}

// existingDir returns the nearest directory above p that exists.
func existingDir(p string) string {
	dir := filepath.Dir(filepath.Clean(p))
	for dir != "/" && dir != "." {
		if _, err := os.Stat(dir); err == nil {
			break
		}
		dir = filepath.Dir(dir)
	}
	return dir
}
