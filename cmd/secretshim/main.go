// Command secretshim reads secret files into environment variables and
// then replaces itself with the program it was given. See the usage text
// in help.go, or run secretshim --help.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/secretshim/secretshim/shim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

// run does the work of main and returns the exit status. When it execs
// the program it does not return at all.
func run(args, environ []string, stdout, stderr io.Writer) int {
	log := &shim.Logger{W: stderr}
	o, err := parseOptions(args, environ)
	if err != nil {
		return fail(log, err)
	}
	switch {
	case o.help:
		io.WriteString(stdout, usage)
		return 0
	case o.version:
		io.WriteString(stdout, version())
		return 0
	}
	log.Verbosity, log.TimeFormat = o.verbosity, o.logTime
	if o.install != "" {
		return install(log, o.install)
	}
	o.cfg.Log = log
	return start(o, log, stdout)
}

// start prepares the plan and execs the program, or with --check reports
// the plan on stdout.
func start(o *options, log *shim.Logger, stdout io.Writer) int {
	p, err := shim.Prepare(&o.cfg)
	if err != nil {
		return fail(log, err)
	}
	path, err := p.Ready(o.argv)
	if err != nil {
		return fail(log, err)
	}
	if o.check {
		report(stdout, p)
		return 0
	}
	summarize(log, p)
	return fail(log, p.Exec(path, o.argv))
}

// install copies this executable into dir and reports where.
func install(log *shim.Logger, dir string) int {
	path, err := shim.InstallSelf(dir)
	if err != nil {
		return fail(log, err)
	}
	log.Noticef("installed %q", path)
	return 0
}

// report writes one line per exported variable: its name and its origin.
func report(w io.Writer, p *shim.Plan) {
	for _, v := range p.Vars {
		fmt.Fprintf(w, "%s\t%s\n", shim.Escape(v.Name), shim.Escape(v.Origin.String()))
	}
}

// summarize logs what is exported, by name, before the exec.
func summarize(log *shim.Logger, p *shim.Plan) {
	switch {
	case log.Verbosity < shim.Normal:
		return // quiet: formatting the lines would only cost time
	case log.Verbosity >= shim.Verbose:
		for _, v := range p.Vars {
			log.Verbosef("%s from %s (%d bytes)", v.Name, v.Origin, len(v.Value))
		}
	}
	if len(p.Vars) == 0 {
		log.Noticef("no secrets to export")
		return
	}
	log.Noticef("exporting %s", p.Names())
}

// fail logs err as one line and returns its exit status.
func fail(log *shim.Logger, err error) int {
	log.Errorf("%v", err)
	return exitCode(err)
}

// exitCode maps a failure to the documented exit status.
func exitCode(err error) int {
	var codes = map[shim.Kind]int{
		shim.KindUsage:         64,
		shim.KindRejected:      65,
		shim.KindMissing:       66,
		shim.KindUnknownUser:   67,
		shim.KindSwitchUser:    71,
		shim.KindCannotCreate:  73,
		shim.KindNotExecutable: 126,
		shim.KindNotFound:      127,
	}
	var e *shim.Error
	if errors.As(err, &e) && e.Kind == shim.KindInterrupted {
		return 128 + int(e.Signal)
	}
	if code, ok := codes[shim.KindOf(err)]; ok {
		return code
	}
	return 70
}
