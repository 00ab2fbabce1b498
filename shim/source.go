package shim

import (
	"fmt"
	"strings"
	"text/template"
)

// SourceKind says how a [Source] names its secrets.
type SourceKind int

// The kinds of source, one for each command-line option.
const (
	// Env is --env NAME=PATH: one variable from one file.
	Env SourceKind = iota + 1
	// Optional is --optional NAME=PATH: like Env, but a missing file is
	// skipped.
	Optional
	// EnvFile is --env-file PATH: every variable of a dotenv file.
	EnvFile
	// Dir is --dir DIR: one variable per regular file in DIR.
	Dir
	// Suffix is --suffix SUFFIX: NAME<SUFFIX>=PATH in the incoming
	// environment exports NAME from PATH.
	Suffix
	// Prefix is --prefix PREFIX: <PREFIX>NAME=PATH in the incoming
	// environment exports NAME from PATH.
	Prefix
	// Template is --template NAME=TEXT: NAME from a text/template that
	// reads secret files and variables.
	Template
)

// Option returns the command-line option of the kind, such as "--env".
func (k SourceKind) Option() string {
	switch k {
	case Env:
		return "--env"
	case Optional:
		return "--optional"
	case EnvFile:
		return "--env-file"
	case Dir:
		return "--dir"
	case Suffix:
		return "--suffix"
	case Prefix:
		return "--prefix"
	case Template:
		return "--template"
	}
	return fmt.Sprintf("SourceKind(%d)", int(k))
}

// Source is one place secrets come from.
type Source struct {
	Kind SourceKind
	// Name is the variable of an Env or Optional source.
	Name string
	// Path is the file of Env, Optional and EnvFile, the directory of Dir.
	Path string
	// Affix is the suffix or prefix of a Suffix or Prefix source.
	Affix string
	// Template is the parsed text of a Template source, named Name.
	Template *template.Template
}

// ReservedPrefix starts the names of the variables that configure the
// shim. They are removed from the program's environment and are never read
// as secrets.
const ReservedPrefix = "SECRETSHIM_"

// ParseSource parses the argument of the option that kind stands for:
// NAME=PATH for Env and Optional, a path for EnvFile and Dir, a suffix or
// prefix for Suffix and Prefix, NAME=TEXT for Template.
func ParseSource(kind SourceKind, arg string) (Source, error) {
	src := Source{Kind: kind}
	switch kind {
	case Env, Optional:
		name, path, ok := strings.Cut(arg, "=")
		if !ok || name == "" || path == "" {
			return src, UsageError("%s wants NAME=PATH, got %q", kind.Option(), maskAssignment(arg))
		}
		if err := checkName(name); err != nil {
			return src, UsageError("%s %q: %v", kind.Option(), name, err)
		}
		src.Name, src.Path = name, path
	case EnvFile, Dir:
		if arg == "" {
			return src, UsageError("%s wants a path", kind.Option())
		}
		src.Path = arg
	case Template:
		return parseTemplateSource(arg)
	case Suffix, Prefix:
		if arg == "" || strings.Contains(arg, "=") {
			return src, UsageError("%s wants a non-empty text without '='", kind.Option())
		}
		src.Affix = arg
	default:
		return src, UsageError("unknown source kind %d", int(kind))
	}
	return src, nil
}

// maskAssignment returns arg for an error message. A NAME=PATH argument is
// configuration, not a secret, but a user who mistakes the option for
// NAME=VALUE would see the value echoed; only the name part is shown when
// there is no path-like text after '='.
func maskAssignment(arg string) string {
	name, rest, ok := strings.Cut(arg, "=")
	if !ok || rest == "" || strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, ".") {
		return arg
	}
	return name + "=…"
}

// checkName rejects a variable name that cannot stand in an environment.
func checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty variable name")
	case strings.ContainsAny(name, "=\x00"):
		return fmt.Errorf("variable name contains '=' or a NUL byte")
	case strings.HasPrefix(name, ReservedPrefix):
		return fmt.Errorf("variable names starting with %s are reserved for the shim", ReservedPrefix)
	}
	return nil
}

// Origin says where a variable came from, for messages.
type Origin struct {
	// Kind is the source kind; 0 means the incoming environment.
	Kind SourceKind
	// Path is the file the value was read from.
	Path string
	// Line is the line of a dotenv file, or 0.
	Line int
	// Via is the incoming variable that named Path, for Suffix and Prefix.
	Via string
	// Files are the files a Template read.
	Files []string
}

func (o Origin) String() string {
	switch {
	case o.Kind == 0:
		return "the environment"
	case o.Kind == Template:
		return templateOrigin(o.Files)
	case o.Via != "":
		return fmt.Sprintf("%s (%s=%q)", o.Kind.Option(), o.Via, o.Path)
	case o.Line > 0:
		return fmt.Sprintf("%s %q line %d", o.Kind.Option(), o.Path, o.Line)
	}
	return fmt.Sprintf("%s %q", o.Kind.Option(), o.Path)
}
