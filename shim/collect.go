package shim

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// Variable is one secret to export.
type Variable struct {
	Name   string
	Value  string
	Origin Origin
}

// collector reads the sources of one [Config] in order.
type collector struct {
	cfg  *Config
	env  *environ
	vars []Variable
	r    reader
	dirs dirs
}

func (c *collector) source(src Source) error {
	switch src.Kind {
	case Env, Optional:
		return c.file(src.Name, Origin{Kind: src.Kind, Path: src.Path})
	case EnvFile:
		return c.dotenv(src.Path)
	case Dir:
		return c.dir(src.Path)
	case Suffix, Prefix:
		return c.affix(src)
	case Template:
		return c.template(src)
	}
	return UsageError("unknown source kind %d", int(src.Kind))
}

// file reads one secret file. A missing file of an Optional source is
// skipped with a notice; every other fault is an error.
func (c *collector) file(name string, o Origin) error {
	dirfd, file := c.dirs.split(o.Path)
	return c.fileAt(dirfd, file, name, o)
}

// fileAt is file for a file opened relative to the directory dirfd.
func (c *collector) fileAt(dirfd int, file, name string, o Origin) error {
	data, err := c.readAt(dirfd, file, name, o.Path)
	if o.Kind == Optional && errors.Is(err, fs.ErrNotExist) {
		c.cfg.Log.Noticef("skipping %s: optional file %q does not exist", name, o.Path)
		return nil
	}
	if err != nil {
		return err
	}
	if !c.cfg.Raw {
		data = Trim(data)
	}
	return c.add(name, string(data), o)
}

func (c *collector) dotenv(path string) error {
	data, err := c.read("--env-file", path)
	if err != nil {
		return err
	}
	entries, err := ParseDotenv(data)
	if err != nil {
		return failure(KindRejected, "parsing --env-file %q: %v", path, err)
	}
	for _, e := range entries {
		if err := c.add(e.Name, e.Value, Origin{Kind: EnvFile, Path: path, Line: e.Line}); err != nil {
			return err
		}
	}
	return nil
}

// read reads the secret file at path for the variable name.
func (c *collector) read(name, path string) ([]byte, error) {
	return c.readAt(unix.AT_FDCWD, path, name, path)
}

// readAt is [reader.readAt], saying how long it waited for a file still
// missing.
func (c *collector) readAt(dirfd int, file, name, path string) ([]byte, error) {
	data, err := c.r.readAt(dirfd, file, name, path)
	if c.cfg.Wait > 0 && errors.Is(err, fs.ErrNotExist) {
		err = wrapFailure(KindMissing, err, "%v, and it did not appear within --wait %s", err, c.cfg.Wait)
	}
	return data, err
}

// dir exports every regular file of a directory whose name does not start
// with a dot, in the order of their names. Kubernetes secret volumes keep
// their real files in a timestamped ..YYYY folder behind a ..data link and
// expose each key as a symbolic link into ..data, so links are followed
// and dot entries skipped. Each file is opened relative to the directory,
// which spares the kernel a walk of the directory's path per file.
func (c *collector) dir(path string) error {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return dirError(path, err)
	}
	d := os.NewFile(uintptr(fd), path)
	defer d.Close()
	names, err := fileNames(d)
	if err != nil {
		return dirError(path, err)
	}
	c.vars = slices.Grow(c.vars, len(names))
	for _, name := range names {
		err := c.fileAt(fd, name, name, Origin{Kind: Dir, Path: joinPath(path, name)})
		if errors.Is(err, unix.EISDIR) {
			continue // a subdirectory, or a link to one
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// fileNames lists the entries of d that are not directories and whose
// name does not start with a dot, sorted. Sorting the names, rather than
// the entries as os.ReadDir does, keeps the cost of a large directory low.
func fileNames(d *os.File) ([]string, error) {
	entries, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// joinPath is path/name as messages show it. It is not filepath.Join,
// which cleans the path at a cost that a thousand files make visible.
func joinPath(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func dirError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return wrapFailure(KindMissing, err, "reading --dir %q: no such directory", path)
	case errors.Is(err, fs.ErrPermission):
		return failure(KindMissing, "reading --dir %q: permission denied (%s)", path, permissionHint(path))
	case errors.Is(err, unix.ENOTDIR):
		return failure(KindMissing, "reading --dir %q: not a directory", path)
	}
	return failure(KindMissing, "reading --dir %q: %v", path, unwrapPathError(err))
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// affix exports NAME for every incoming NAME<SUFFIX>=PATH or
// <PREFIX>NAME=PATH, and removes that variable from the program's
// environment.
func (c *collector) affix(src Source) error {
	for _, ref := range c.env.affixed(src) {
		o := Origin{Kind: src.Kind, Path: ref.path, Via: ref.via}
		if ref.path == "" {
			return UsageError("%s is empty; with %s %s it must name a secret file", ref.via, src.Kind.Option(), src.Affix)
		}
		if err := c.file(ref.name, o); err != nil {
			return err
		}
	}
	return nil
}

// add validates a value and appends it to the variables.
func (c *collector) add(name, value string, o Origin) error {
	if err := checkName(name); err != nil {
		return failure(KindRejected, "%s: %v", o, err)
	}
	if err := checkValue(name, value, o, c.cfg.AllowEmpty); err != nil {
		return err
	}
	if o.Kind != EnvFile && o.Kind != Template {
		c.warnBlank(name, value, o)
	}
	c.vars = append(c.vars, Variable{Name: name, Value: value, Origin: o})
	return nil
}

// warnBlank warns about a file's value that, trimmed, still ends in a
// space or tab: often an editor's leftover, and invisible in a log.
func (c *collector) warnBlank(name, value string, o Origin) {
	if !c.cfg.Raw && (strings.HasSuffix(value, " ") || strings.HasSuffix(value, "\t")) {
		c.cfg.Log.Warnf("%s from %s ends in a space or tab", name, o)
	}
}

func checkValue(name, value string, o Origin, allowEmpty bool) error {
	switch {
	case value == "" && !allowEmpty:
		return failure(KindRejected, "%s from %s: empty value (pass --allow-empty to accept it)", name, o)
	case strings.IndexByte(value, 0) >= 0:
		return failure(KindRejected, "%s from %s: value contains a NUL byte", name, o)
	}
	if n := len(name) + len(value) + 2; n > MaxArgStrlen {
		return failure(KindRejected, "%s from %s: NAME=value takes %d bytes, over the limit of %d bytes for one variable",
			name, o, n, MaxArgStrlen)
	}
	return nil
}
