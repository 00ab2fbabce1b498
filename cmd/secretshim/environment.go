package main

import (
	"strings"

	"github.com/secretshim/secretshim/shim"
)

// listVariables are the SECRETSHIM_* variables that hold sources, in the
// order they apply.
var listVariables = []struct {
	name  string
	kind  shim.SourceKind
	split func(string) []string
}{
	{"SECRETSHIM_ENV", shim.Env, SplitList},
	{"SECRETSHIM_OPTIONAL", shim.Optional, SplitList},
	{"SECRETSHIM_ENV_FILE", shim.EnvFile, SplitList},
	{"SECRETSHIM_DIR", shim.Dir, SplitList},
	{"SECRETSHIM_SUFFIX", shim.Suffix, SplitList},
	{"SECRETSHIM_PREFIX", shim.Prefix, SplitList},
	// A template may hold commas.
	{"SECRETSHIM_TEMPLATE", shim.Template, SplitLines},
}

// applyEnvironment reads the SECRETSHIM_* variables of environ. It returns
// the sources of the list variables and fills in each single value that no
// option set. An unknown SECRETSHIM_* variable is an error: a misspelt one
// would otherwise be ignored.
func applyEnvironment(f *flags, environ []string) ([]shim.Source, error) {
	vars := map[string]string{}
	for _, kv := range environ {
		if name, value, _ := strings.Cut(kv, "="); strings.HasPrefix(name, shim.ReservedPrefix) {
			vars[name] = value
		}
	}
	var sources []shim.Source
	for _, lv := range listVariables {
		for _, item := range lv.split(vars[lv.name]) {
			src, err := shim.ParseSource(lv.kind, item)
			if err != nil {
				return nil, shim.UsageError("%s: %v", lv.name, err)
			}
			sources = append(sources, src)
		}
		delete(vars, lv.name)
	}
	if err := applySingles(f, vars); err != nil {
		return nil, err
	}
	for name := range vars {
		return nil, shim.UsageError("unknown variable %s (see --help for the SECRETSHIM_* variables)", name)
	}
	return sources, nil
}

func applySingles(f *flags, vars map[string]string) error {
	strs := map[string]*stringFlag{
		"SECRETSHIM_USER":     &f.user,
		"SECRETSHIM_WAIT":     &f.wait,
		"SECRETSHIM_LOG_TIME": &f.logTime,
	}
	for name, sf := range strs {
		if v, ok := vars[name]; ok && !sf.set {
			sf.value, sf.given = v, true
		}
		delete(vars, name)
	}
	bools := map[string]*boolFlag{
		"SECRETSHIM_RAW":         &f.raw,
		"SECRETSHIM_ALLOW_EMPTY": &f.allowEmpty,
		"SECRETSHIM_OVERRIDE":    &f.override,
		"SECRETSHIM_CHECK":       &f.check,
		"SECRETSHIM_QUIET":       &f.quiet,
		"SECRETSHIM_VERBOSE":     &f.verbose,
	}
	for name, bf := range bools {
		v, ok := vars[name]
		delete(vars, name)
		if !ok || bf.set {
			continue
		}
		b, err := ParseBool(v)
		if err != nil {
			return shim.UsageError("%s: %v", name, err)
		}
		bf.value = b
	}
	// -q and -v are one setting: either option wins over both variables.
	if f.quiet.set || f.verbose.set {
		f.quiet.value = f.quiet.set && f.quiet.value
		f.verbose.value = f.verbose.set && f.verbose.value
	}
	return nil
}

// SplitList splits a SECRETSHIM_* list at newlines and commas, trims
// blanks around each item and drops empty items.
func SplitList(s string) []string {
	var items []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ',' }) {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// SplitLines splits SECRETSHIM_TEMPLATE at newlines. It drops blank
// lines, a final "\r" and the indentation before each entry, but keeps
// the rest of the line as it is, trailing blanks included.
func SplitLines(s string) []string {
	var items []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimLeft(strings.TrimSuffix(line, "\r"), " \t")
		if line != "" {
			items = append(items, line)
		}
	}
	return items
}

// ParseBool reads a boolean variable: 1, true, yes, on or 0, false, no,
// off, or empty for false, in any case.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "", "0", "false", "no", "off":
		return false, nil
	}
	return false, shim.UsageError("want 1, true, yes, on or 0, false, no, off, got %q", s)
}
