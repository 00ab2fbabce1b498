package shim

import (
	"strings"
	"time"
)

// Config is everything the shim was asked to do.
type Config struct {
	// Sources are read in order.
	Sources []Source
	// Environ is the incoming environment, as os.Environ returns it.
	Environ []string
	// User, if not empty, is the USER[:GROUP] to switch to before exec.
	User string
	// Wait is how long to wait for missing files; 0 means not at all.
	Wait time.Duration
	// Raw keeps file contents byte-exact instead of trimming line endings.
	Raw bool
	// AllowEmpty accepts empty values.
	AllowEmpty bool
	// Override lets a later source win over an earlier one and over the
	// incoming environment, instead of failing.
	Override bool
	// Log receives notices and warnings; nil discards them.
	Log *Logger
}

// Plan is a prepared start: every secret has been read and checked.
type Plan struct {
	// Vars are the exported variables, in the order their sources gave;
	// with Override, only the source that won.
	Vars []Variable
	// Env is the program's environment.
	Env []string
	// User is the user to switch to, or nil.
	User *User
}

// Prepare resolves the user, waits for missing files, reads every source
// and builds the program's environment. It changes nothing in the process.
func Prepare(cfg *Config) (*Plan, error) {
	if cfg.Log == nil {
		cfg.Log = &Logger{}
	}
	p := &Plan{}
	if cfg.User != "" {
		u, err := ResolveUser(cfg.User)
		if err != nil {
			return nil, err
		}
		p.User = u
	}

	env := newEnviron(cfg.Environ)
	if cfg.Wait > 0 {
		if err := waitFor(namedPaths(cfg, env), cfg.Wait, cfg.Log); err != nil {
			return nil, err
		}
	}

	c := &collector{cfg: cfg, env: env, vars: make([]Variable, 0, len(cfg.Sources)), dirs: dirs{}}
	defer c.dirs.close()
	for _, src := range cfg.Sources {
		if err := c.source(src); err != nil {
			return nil, err
		}
	}
	if p.User != nil {
		env.set("HOME", p.User.Home)
	}
	var err error
	p.Env, p.Vars, err = env.merge(c.vars, cfg.Override)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// namedPaths lists every file and directory that the sources name, for
// --wait.
func namedPaths(cfg *Config, env *environ) []string {
	var paths []string
	for _, src := range cfg.Sources {
		switch src.Kind {
		case Suffix, Prefix:
			for _, ref := range env.matching(src) {
				paths = append(paths, ref.path)
			}
		case Template:
			paths = append(paths, TemplateFiles(src)...)
		default:
			paths = append(paths, src.Path)
		}
	}
	return paths
}

// Names returns the names of the exported variables, joined by ", ".
func (p *Plan) Names() string {
	names := make([]string, len(p.Vars))
	for i, v := range p.Vars {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}
