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

// countRuns is how many times callgrind runs each tool. A Go program's
// count moves from run to run by up to a quarter above a steady least
// count (goexec, with nothing to do: 0.34M to 0.45M), so the least count
// of a few runs is the one that stands for the work.
const countRuns = 3

// countInstructions returns the least count of countRuns runs of
// countInstructionsOnce.
func countInstructions(t tool, target string, s *secrets, work string) (int64, error) {
	var least int64
	for i := range countRuns {
		n, err := countInstructionsOnce(t, target, s, work)
		if err != nil {
			return 0, err
		}
		if i == 0 || n < least {
			least = n
		}
	}
	return least, nil
}

// countInstructionsOnce runs the tool under callgrind and returns the
// instructions it executed before it called execve for the program: a
// dump is written on entry to execve (C tools, bash), and for Go on entry
// to syscall.Exec and again to runtime_BeforeExec, which syscall.Exec
// calls once it has copied the arguments and the environment into C
// strings, as the C tools have done before they call execve. The process
// image that follows is not traced. Processes the tool forks write their
// own totals, which are added.
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
