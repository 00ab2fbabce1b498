package shim

import "strings"

// environ is the incoming environment, kept in order.
type environ struct {
	entries []string       // NAME=value, as received
	index   map[string]int // name to its last entry
	drop    map[int]bool   // entries the program does not receive
}

func newEnviron(entries []string) *environ {
	e := &environ{entries: entries, index: make(map[string]int, len(entries)), drop: map[int]bool{}}
	for i, kv := range entries {
		name, _, _ := strings.Cut(kv, "=")
		if j, ok := e.index[name]; ok {
			e.drop[j] = true // keep the last, as os/exec does
		}
		e.index[name] = i
		if strings.HasPrefix(name, ReservedPrefix) {
			e.drop[i] = true
		}
	}
	return e
}

// lookup returns the value of name, unless it was dropped.
func (e *environ) lookup(name string) (string, bool) {
	i, ok := e.index[name]
	if !ok || e.drop[i] {
		return "", false
	}
	_, v, _ := strings.Cut(e.entries[i], "=")
	return v, true
}

// set replaces name's value, or appends it.
func (e *environ) set(name, value string) {
	if i, ok := e.index[name]; ok {
		e.drop[i] = true
	}
	e.index[name] = len(e.entries)
	e.entries = append(e.entries, name+"="+value)
}

// unset drops name from the program's environment.
func (e *environ) unset(name string) {
	if i, ok := e.index[name]; ok {
		e.drop[i] = true
	}
}

// affixRef is one incoming variable that names a secret file.
type affixRef struct {
	name, via, path string
	index           int
}

// matching returns the incoming variables that a Suffix or Prefix source
// matches, in environment order. SECRETSHIM_* variables never match, nor
// does a variable named just the affix.
func (e *environ) matching(src Source) []affixRef {
	var refs []affixRef
	for i, kv := range e.entries {
		via, path, _ := strings.Cut(kv, "=")
		if e.drop[i] || strings.HasPrefix(via, ReservedPrefix) {
			continue
		}
		name, ok := strings.CutPrefix(via, src.Affix)
		if src.Kind == Suffix {
			name, ok = strings.CutSuffix(via, src.Affix)
		}
		if ok && name != "" {
			refs = append(refs, affixRef{name: name, via: via, path: path, index: i})
		}
	}
	return refs
}

// affixed is matching, and drops the matched variables from the program's
// environment.
func (e *environ) affixed(src Source) []affixRef {
	refs := e.matching(src)
	for _, r := range refs {
		e.drop[r.index] = true
	}
	return refs
}

// merge adds the secrets to the environment. A variable that is already
// set to a non-empty value, or set by two sources, is an error naming both
// origins unless override is true; then the later one wins. It returns
// the program's environment and the variables that won.
func (e *environ) merge(vars []Variable, override bool) ([]string, []Variable, error) {
	seen := make(map[string]int, len(vars))
	for i, v := range vars {
		if j, ok := seen[v.Name]; ok {
			if !override {
				return nil, nil, conflict(v.Name, vars[j].Origin, v.Origin)
			}
		} else if old, ok := e.lookup(v.Name); ok && old != "" && !override {
			return nil, nil, conflict(v.Name, Origin{}, v.Origin)
		}
		seen[v.Name] = i
		e.unset(v.Name)
	}
	out := make([]string, 0, len(e.entries)-len(e.drop)+len(vars))
	for i, kv := range e.entries {
		if !e.drop[i] {
			out = append(out, kv)
		}
	}
	won := vars
	if len(seen) < len(vars) { // with override, only the last of a name
		won = make([]Variable, 0, len(seen))
		for i, v := range vars {
			if seen[v.Name] == i {
				won = append(won, v)
			}
		}
	}
	for _, v := range won {
		out = append(out, v.Name+"="+v.Value)
	}
	return out, won, nil
}

func conflict(name string, first, second Origin) error {
	return failure(KindRejected, "%s is set twice, by %s and by %s (pass --override to let the later one win)",
		name, first, second)
}
