// Command bench measures what secretshim costs at a container's start,
// beside what people use instead, in one run: see README, "Performance".
// make bench builds what it needs and runs it as
//
//	bench -shim bin/secretshim -work DIR -out bench/results.md -readme README.md
//
// For each number of secrets it checks that every tool really exports
// them, times all tools with hyperfine in interleaved rounds, and measures
// peak RSS with /usr/bin/time and instructions with callgrind. The results
// are a report, never a pass or fail.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	var o options
	flag.StringVar(&o.shim, "shim", "bin/secretshim", "the secretshim binary to measure, as make build writes it")
	flag.StringVar(&o.shimSym, "shim-symbols", "", "the same program with symbols, for callgrind (default: -shim)")
	flag.StringVar(&o.goexec, "goexec", "", "the minimal Go program that only execs")
	flag.StringVar(&o.goexecSym, "goexec-symbols", "", "goexec with symbols, for callgrind (default: -goexec)")
	flag.StringVar(&o.tmplexec, "tmplexec", "", "goexec with text/template linked in, for its size and memory")
	flag.StringVar(&o.libexec, "libexec", "", "goexec with every library of secretshim linked in")
	flag.StringVar(&o.cfloor, "cfloor", "", "the C loop that makes secretshim's system calls and nothing more")
	flag.StringVar(&o.libexecSym, "libexec-symbols", "", "libexec with symbols, for callgrind (default: -libexec)")
	flag.StringVar(&o.target, "target", "", "the tiny static program that every tool starts")
	flag.StringVar(&o.fileEnv, "file-env", "bench/file_env.sh", "the bash file_env loop")
	flag.StringVar(&o.work, "work", "", "a directory for the secret files (default: a new temporary one)")
	flag.StringVar(&o.out, "out", "bench/results.md", "where to write the results")
	flag.StringVar(&o.readme, "readme", "README.md", "the README whose performance section is replaced (empty: none)")
	flag.IntVar(&o.rounds, "rounds", 10, "interleaved rounds of hyperfine per number of secrets")
	flag.IntVar(&o.runs, "runs", 20, "runs of each tool per round")
	flag.BoolVar(&o.noCount, "no-count", false, "skip the instruction counts")
	flag.Parse()
	if err := run(&o); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	shim, shimSym, goexec, goexecSym, tmplexec, libexec, libexecSym string
	cfloor, target, fileEnv                                         string
	work, out, readme                                               string
	rounds, runs                                                    int
	noCount                                                         bool
	counter                                                         counter
}

// sizes are the numbers of secret files measured.
var sizes = []int{1, 10, 100, 1000}

func run(o *options) error {
	if o.goexec == "" || o.tmplexec == "" || o.libexec == "" || o.cfloor == "" || o.target == "" {
		return fmt.Errorf("-goexec, -tmplexec, -libexec, -cfloor and -target are needed (make bench builds them)")
	}
	if o.shimSym == "" {
		o.shimSym = o.shim
	}
	if o.goexecSym == "" {
		o.goexecSym = o.goexec
	}
	if o.libexecSym == "" {
		o.libexecSym = o.libexec
	}
	if o.work == "" {
		dir, err := os.MkdirTemp("", "secretshim-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.work = dir
	}
	for _, p := range []*string{&o.shim, &o.shimSym, &o.goexec, &o.goexecSym, &o.tmplexec, &o.libexec, &o.libexecSym, &o.cfloor, &o.target, &o.fileEnv} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return err
		}
		*p = abs
	}

	if !o.noCount {
		o.counter = newCounter(o.work)
	}
	r := &report{started: time.Now(), machine: describeMachine(), counter: o.counter}
	for _, n := range sizes {
		m, err := measure(o, n)
		if err != nil {
			return fmt.Errorf("%d secrets: %w", n, err)
		}
		r.sizes = append(r.sizes, m)
		fmt.Fprint(os.Stderr, m.table())
	}
	var err error
	if r.binaries, err = binarySizes(o); err != nil {
		return err
	}
	return r.write(o)
}
