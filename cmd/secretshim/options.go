package main

import (
	"flag"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/secretshim/secretshim/shim"
)

// options is the parsed command line and SECRETSHIM_* environment.
type options struct {
	cfg       shim.Config
	check     bool
	help      bool
	version   bool
	verbosity shim.Verbosity
	logTime   string
	install   string
	argv      []string
}

// sourceFlag appends a source of one kind to a list shared by all source
// options, so that sources keep the order they were given in.
type sourceFlag struct {
	kind shim.SourceKind
	f    *flags
}

func (s sourceFlag) String() string { return "" }

// Set keeps its error in flags.setErr too: the flag package passes it on
// only as text, inside a message that quotes the argument again.
func (s sourceFlag) Set(arg string) error {
	src, err := shim.ParseSource(s.kind, arg)
	if err != nil {
		s.f.setErr = err
		return err
	}
	s.f.sources = append(s.f.sources, src)
	return nil
}

// stringFlag records whether it was set, so that an option can win over
// its SECRETSHIM_* variable, and whether a value came from either.
type stringFlag struct {
	value string
	set   bool
	given bool
}

func (f *stringFlag) String() string { return f.value }

func (f *stringFlag) Set(s string) error { f.value, f.set, f.given = s, true, true; return nil }

// boolFlag is a bool option that records whether it was set.
type boolFlag struct {
	value bool
	set   bool
}

func (f *boolFlag) String() string { return strconv.FormatBool(f.value) }

func (f *boolFlag) IsBoolFlag() bool { return true }

func (f *boolFlag) Set(s string) error {
	v, err := strconv.ParseBool(s)
	f.value, f.set = v, true
	return err
}

// flags holds the values of the options that a SECRETSHIM_* variable can
// also set.
type flags struct {
	sources                          []shim.Source
	user, wait, logTime, install     stringFlag
	raw, allowEmpty, override, check boolFlag
	quiet, verbose                   boolFlag
	help, version                    bool
	setErr                           error
}

func newFlagSet(f *flags) *flag.FlagSet {
	fs := flag.NewFlagSet("secretshim", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for _, name := range []string{"e", "env"} {
		fs.Var(sourceFlag{shim.Env, f}, name, "")
	}
	fs.Var(sourceFlag{shim.Optional, f}, "optional", "")
	fs.Var(sourceFlag{shim.EnvFile, f}, "env-file", "")
	fs.Var(sourceFlag{shim.Dir, f}, "dir", "")
	fs.Var(sourceFlag{shim.Suffix, f}, "suffix", "")
	fs.Var(sourceFlag{shim.Prefix, f}, "prefix", "")
	fs.Var(sourceFlag{shim.Template, f}, "t", "")
	fs.Var(sourceFlag{shim.Template, f}, "template", "")
	fs.Var(&f.user, "u", "")
	fs.Var(&f.user, "user", "")
	fs.Var(&f.wait, "wait", "")
	fs.Var(&f.logTime, "log-time", "")
	fs.Var(&f.raw, "raw", "")
	fs.Var(&f.allowEmpty, "allow-empty", "")
	fs.Var(&f.override, "override", "")
	fs.Var(&f.check, "check", "")
	fs.Var(&f.quiet, "q", "")
	fs.Var(&f.quiet, "quiet", "")
	fs.Var(&f.verbose, "v", "")
	fs.Var(&f.verbose, "verbose", "")
	fs.BoolVar(&f.help, "h", false, "")
	fs.BoolVar(&f.help, "help", false, "")
	fs.BoolVar(&f.version, "version", false, "")
	fs.Var(&f.install, "install", "")
	return fs
}

// parseOptions reads the SECRETSHIM_* variables of environ and then args.
// List variables apply before the options' entries; for single values an
// option wins.
func parseOptions(args, environ []string) (*options, error) {
	var f flags
	fs := newFlagSet(&f)
	if err := fs.Parse(args); err != nil {
		if f.setErr != nil {
			return nil, f.setErr
		}
		return nil, shim.UsageError("%s", flagError(err))
	}
	if f.help || f.version {
		return &options{help: f.help, version: f.version}, nil
	}
	envSources, err := applyEnvironment(&f, environ)
	if err != nil {
		return nil, err
	}
	o := &options{argv: fs.Args(), check: f.check.value, logTime: f.logTime.value}
	o.cfg = shim.Config{
		Sources:    append(envSources, f.sources...),
		Environ:    environ,
		User:       f.user.value,
		Raw:        f.raw.value,
		AllowEmpty: f.allowEmpty.value,
		Override:   f.override.value,
	}
	if f.user.given && f.user.value == "" {
		// An empty --user or SECRETSHIM_USER, say from an unset Compose
		// variable, must not quietly mean "stay root".
		_, err := shim.ResolveUser("")
		return nil, err
	}
	if o.cfg.Wait, err = parseWait(f.wait.value); err != nil {
		return nil, err
	}
	if f.quiet.value && f.verbose.value {
		return nil, shim.UsageError("--quiet and --verbose exclude each other")
	}
	if f.quiet.value {
		o.verbosity = shim.Quiet
	} else if f.verbose.value {
		o.verbosity = shim.Verbose
	}
	if f.install.set {
		return installOptions(o, f.install.value)
	}
	if len(o.argv) == 0 && !o.check {
		return nil, shim.UsageError("no PROGRAM given; an entrypoint override clears the image's command, " +
			"so put the original entrypoint and command after --, as in: secretshim -e NAME=PATH -- docker-entrypoint.sh postgres")
	}
	return o, nil
}

// installOptions checks that --install DIR comes alone: it copies the
// shim and starts nothing, so a source or a PROGRAM next to it is a
// mistake. There is deliberately no SECRETSHIM_INSTALL: a variable baked
// into an image would turn every start into an install.
func installOptions(o *options, dir string) (*options, error) {
	switch {
	case dir == "":
		return nil, shim.UsageError("--install wants a directory")
	case len(o.cfg.Sources) > 0:
		return nil, shim.UsageError("--install copies the shim and reads no secrets: give it no source")
	case len(o.argv) > 0:
		return nil, shim.UsageError("--install copies the shim and starts nothing: give it no PROGRAM")
	case o.check:
		return nil, shim.UsageError("--install and --check exclude each other")
	case o.cfg.User != "" || o.cfg.Wait != 0:
		return nil, shim.UsageError("--install takes no --user or --wait: it starts nothing")
	}
	o.install = dir
	return o, nil
}

// flagError rewords the flag package's errors into the shim's shape. The
// flag package quotes option values only for bool options and for our own
// Set errors, neither of which holds a secret.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown option " + optionName(name) + " (see --help)"
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "option " + optionName(name) + " needs an argument"
	}
	if head, name, ok := strings.Cut(msg, " for -"); ok {
		// invalid value "x" for -raw: cause
		name, cause, _ := strings.Cut(name, ": ")
		return head + " for " + optionName("-"+name) + ": " + cause
	}
	return msg
}

// optionName writes an option as the usage text does: the flag package
// names every option with one dash, but only the one-letter ones take one.
func optionName(name string) string {
	bare := strings.TrimLeft(name, "-")
	if len(bare) > 1 {
		return "--" + bare
	}
	return "-" + bare
}

// parseWait accepts a Go duration ("30s", "1m30s") or a whole number of
// seconds.
func parseWait(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		n, nerr := strconv.ParseUint(s, 10, 32)
		if nerr != nil {
			return 0, shim.UsageError("--wait %q: want a duration such as 30s or 2m, or a number of seconds", s)
		}
		d = time.Duration(n) * time.Second
	}
	if d < 0 {
		return 0, shim.UsageError("--wait %q: negative duration", s)
	}
	return d, nil
}
