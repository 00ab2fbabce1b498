package shim

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// DefaultPath is searched when the program's environment has no PATH; it
// is the PATH Docker gives a container whose image sets none.
const DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// Exec replaces the process with the program at path, found by
// [Plan.Ready], passing argv unchanged and the plan's environment. It
// returns only on failure.
func (p *Plan) Exec(path string, argv []string) error {
	return p.hideSecretPath(argv[0], execError(path, unix.Exec(path, argv, p.Env)))
}

// Ready does everything short of execve: it switches user if the plan has
// one, resolves argv[0] on the new environment's PATH and checks execve's
// size limits. It returns the program's path. With an empty argv it only
// switches user and checks the environment's size.
func (p *Plan) Ready(argv []string) (string, error) {
	if p.User != nil {
		if err := p.User.Switch(); err != nil {
			return "", err
		}
	}
	path := ""
	if len(argv) > 0 {
		var err error
		if path, err = LookPath(argv[0], getenv(p.Env, "PATH")); err != nil {
			return "", p.hideSecretPath(argv[0], err)
		}
	}
	return path, checkArgSpace(path, argv, p.Env, p.Vars)
}

// hideSecretPath rewords err when the program was searched in a PATH that
// a source exported. That PATH is a secret like any other, but the
// messages of [LookPath] and execve quote it, or a directory of it; the
// new message names its source instead and keeps err's kind.
func (p *Plan) hideSecretPath(file string, err error) error {
	if err == nil || strings.Contains(file, "/") {
		return err
	}
	i := slices.IndexFunc(p.Vars, func(v Variable) bool { return v.Name == "PATH" })
	if i < 0 {
		return err
	}
	fault := "found in the PATH from %s but cannot be executed"
	switch KindOf(err) {
	case KindNotFound:
		fault = "not found in the PATH from %s"
	case KindRejected:
		fault = "found in the PATH from %s, but the environment and arguments are too large (E2BIG)"
	}
	return failure(KindOf(err), "program %q "+fault+" (its directories are not shown: they are a secret)",
		file, p.Vars[i].Origin)
}

// LookPath finds the program the way execvp(3) does, on pathList rather
// than the shim's own PATH: a name with a slash is used as it is, any other
// is searched in each absolute directory of pathList. Relative and empty
// entries are skipped: a program found through them would depend on the
// working directory, which os/exec also refuses (its ErrDot). An empty
// pathList means [DefaultPath].
func LookPath(file, pathList string) (string, error) {
	if file == "" {
		return "", failure(KindNotFound, "program name is empty")
	}
	if strings.Contains(file, "/") {
		return file, checkExecutable(file, file)
	}
	if pathList == "" {
		pathList = DefaultPath
	}
	var denied error
	for _, dir := range filepath.SplitList(pathList) {
		if !filepath.IsAbs(dir) {
			continue
		}
		path := filepath.Join(dir, file)
		err := checkExecutable(file, path)
		if err == nil {
			return path, nil
		}
		if KindOf(err) == KindNotExecutable && denied == nil {
			denied = err
		}
	}
	if denied != nil {
		return "", denied
	}
	return "", failure(KindNotFound, "program %q not found in PATH %q", file, pathList)
}

// checkExecutable tells a missing file (KindNotFound) from one that exists
// but that this user cannot execute (KindNotExecutable).
func checkExecutable(file, path string) error {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) {
			return failure(KindNotFound, "program %q not found", path)
		}
		return failure(KindNotExecutable, "program %q: %v", path, err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return failure(KindNotExecutable, "program %q is not a regular file (%s)", path, fileType(st.Mode))
	}
	if err := unix.Access(path, unix.X_OK); err != nil {
		return failure(KindNotExecutable, "program %q is not executable by uid %d: %v", path, unix.Geteuid(), err)
	}
	return nil
}

// execError describes a failed execve. The file was found and executable
// just before, so ENOENT here means its interpreter or dynamic loader is
// missing, which is an exec failure (126) rather than "not found".
func execError(path string, err error) error {
	switch {
	case errors.Is(err, unix.ENOENT):
		return failure(KindNotExecutable, "executing %q: its interpreter or dynamic loader was not found", path)
	case errors.Is(err, unix.E2BIG):
		return failure(KindRejected, "executing %q: the environment and arguments are too large (E2BIG)", path)
	}
	return failure(KindNotExecutable, "executing %q: %v", path, err)
}

// getenv returns the value of name in env, the last one if it is repeated.
func getenv(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}
