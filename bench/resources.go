package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// peakRSS runs the tool under /usr/bin/time five times and returns the
// largest "Maximum resident set size", in KiB. The kernel keeps that
// figure across execve, so it covers the tool as well as the tiny program
// it starts.
func peakRSS(t tool, target string, s *secrets) (int64, error) {
	var peak int64
	for range 5 {
		cmd := exec.Command("/usr/bin/time", append([]string{"-v"}, t.command(target)...)...)
		cmd.Env = t.environ(s)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return 0, fmt.Errorf("/usr/bin/time -v %s: %w", t.name, err)
		}
		kib, err := timeField(stderr.String(), "Maximum resident set size (kbytes)")
		if err != nil {
			return 0, fmt.Errorf("/usr/bin/time -v %s: %w", t.name, err)
		}
		peak = max(peak, kib)
	}
	return peak, nil
}

func timeField(out, field string) (int64, error) {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), field+":"); ok {
			return strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %q in its report", field)
}

// A counter counts the instructions a tool executes to start the target,
// up to its execve of the target: instruction counts hardly move on a
// busy machine, where times do.
type counter interface {
	count(t tool, target string, s *secrets) (int64, error)
	// String says how it counts, for the report.
	String() string
}

// newCounter returns perf stat where it counts this machine's
// instructions, and callgrind elsewhere (a virtual machine often has no
// hardware counters: perf stat then answers "<not supported>").
func newCounter(work string) counter {
	if n, err := perfStat([]string{"true"}, nil, work); err == nil && n > 0 {
		return perf{work: work}
	}
	return callgrind{work: work}
}

// countRuns is how many times each tool is counted. A Go program's count
// moves from run to run by up to a quarter above a steady least count
// (goexec, with nothing to do: 0.34M to 0.45M under callgrind), so the
// least count of a few runs is the one that stands for the work.
const countRuns = 3

// least returns the least of countRuns results of f.
func least(f func() (int64, error)) (int64, error) {
	var min int64
	for i := range countRuns {
		n, err := f()
		if err != nil {
			return 0, err
		}
		if i == 0 || n < min {
			min = n
		}
	}
	return min, nil
}

// perf counts with perf stat, which counts the whole process, the target
// after the execve included; the target's own count, started alone in the
// same environment, is taken off.
type perf struct{ work string }

func (p perf) String() string {
	return fmt.Sprintf("perf stat's count of user instructions less the program's own, the least of %d runs", countRuns)
}

func (p perf) count(t tool, target string, s *secrets) (int64, error) {
	whole, err := least(func() (int64, error) { return perfStat(t.command(target), t.environ(s), p.work) })
	if err != nil {
		return 0, fmt.Errorf("perf stat %s: %w", t.name, err)
	}
	alone, err := least(func() (int64, error) { return perfStat([]string{target}, t.environ(s), p.work) })
	if err != nil {
		return 0, fmt.Errorf("perf stat %s: %w", target, err)
	}
	return whole - alone, nil
}

// perfStat runs argv under perf stat and returns its count of user
// instructions.
func perfStat(argv, env []string, work string) (int64, error) {
	f, err := os.CreateTemp(work, "perf-")
	if err != nil {
		return 0, err
	}
	f.Close()
	defer os.Remove(f.Name())
	cmd := exec.Command("perf", append([]string{"stat", "-x,", "-e", "instructions:u", "-o", f.Name(), "--"}, argv...)...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("%w\n%s", err, out)
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return 0, err
	}
	return perfCount(string(data))
}

// perfCount reads the count of perf stat -x, output, a line such as
// "345678,,instructions:u,1234567,100.00,,". A machine without counters
// writes "<not supported>" in place of the number.
func perfCount(out string) (int64, error) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && strings.HasPrefix(f[2], "instructions") {
			n, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("perf stat counted no instructions: %q", f[0])
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("no instructions in perf stat's output %q", out)
}

// callgrind counts with valgrind's callgrind.
type callgrind struct{ work string }

func (c callgrind) String() string {
	return fmt.Sprintf("callgrind's count up to the execve, the least of %d runs", countRuns)
}

func (c callgrind) count(t tool, target string, s *secrets) (int64, error) {
	return least(func() (int64, error) { return countInstructionsOnce(t, target, s, c.work) })
}

// countInstructionsOnce runs the tool under callgrind and returns the
// instructions it executed before it called execve for the program: a
// dump is written on entry to execve (C tools, bash), and for Go on entry
// to syscall.Exec and again to runtime_BeforeExec, which syscall.Exec
// calls once it has copied the arguments and the environment into C
// strings, as the C tools have done before they call execve. The process
// image that follows is not traced. A process that the tool forks would
// write its own totals, which are added (bash 5.2 reads $(< file) without
// a fork, and none of the tools forks).
func countInstructionsOnce(t tool, target string, s *secrets, work string) (int64, error) {
	dir, err := os.MkdirTemp(work, "callgrind-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)

	argv := t.command(target)
	if t.symbols != "" {
		argv[0] = t.symbols
	}
	args := append([]string{"--tool=callgrind", "--dump-before=execve", "--dump-before=syscall.Exec",
		"--dump-before=syscall.runtime_BeforeExec",
		"--callgrind-out-file=" + filepath.Join(dir, "cg.%p")}, argv...)
	cmd := exec.Command("valgrind", args...)
	cmd.Env = t.environ(s)
	if t.goProgram {
		// Preemption signals trip an assertion of callgrind 3.19.
		cmd.Env = append(cmd.Env, "GODEBUG=asyncpreemptoff=1")
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("callgrind %s: %w\n%s", t.name, err, out)
	}
	return sumSummaries(dir)
}

// sumSummaries adds the "summary:" lines of every callgrind file in dir.
func sumSummaries(dir string) (int64, error) {
	files, err := filepath.Glob(filepath.Join(dir, "cg.*"))
	if err != nil {
		return 0, err
	}
	var total int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "summary: "); ok {
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return 0, fmt.Errorf("%q: %w", f, err)
				}
				total += n
			}
		}
	}
	if total == 0 {
		return 0, fmt.Errorf("callgrind wrote no count to %q", dir)
	}
	return total, nil
}
