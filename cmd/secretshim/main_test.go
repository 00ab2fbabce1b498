package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/sys/unix"
)

// Canary marks every secret the tests plant. The status command fails a
// script if it ever appears on the shim's stdout or stderr.
const Canary = "CANARY"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"secretshim": func() { os.Exit(run(os.Args[1:], os.Environ(), os.Stdout, os.Stderr)) },
		"report":     func() { os.Exit(reportProgram(os.Args, os.Environ())) },
	})
}

func TestScripts(t *testing.T) {
	root := t.TempDir()
	// Scripts that switch users need every directory on the way to their
	// files and to the commands to be searchable by that user.
	must(t, os.Chmod(root, 0o755))
	must(t, os.Chmod(filepath.Dir(root), 0o755))
	testscript.Run(t, testscript.Params{
		Dir:         "testdata/script",
		WorkdirRoot: root,
		Setup:       setup,
		Condition:   condition,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"status": cmdStatus,
			"fill":   cmdFill,
			"bytes":  cmdBytes,
		},
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// setup opens the commands' directory, which testscript creates 0700, to
// other users, and gives scripts a file for the report and the shim's
// path as $SHIM.
func setup(env *testscript.Env) error {
	exe, err := exec.LookPath("report")
	if err != nil {
		return err
	}
	for dir := filepath.Dir(exe); dir != os.TempDir() && dir != "/"; dir = filepath.Dir(dir) {
		if err := os.Chmod(dir, 0o755); err != nil {
			return err
		}
	}
	env.Setenv("REPORT_TO", filepath.Join(env.WorkDir, "report.txt"))
	shim, err := exec.LookPath("secretshim")
	if err != nil {
		return err
	}
	env.Setenv("SHIM", shim)
	env.Setenv("INHERITED_FDS", inheritedDescriptors())
	return nil
}

// inheritedDescriptors lists the descriptors above 2 that every child of
// the test inherits (those without close-on-exec, opened by whatever
// started go test), for report to leave out.
func inheritedDescriptors() string {
	var fds []string
	for _, fd := range openDescriptors() {
		if flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && flags&unix.FD_CLOEXEC == 0 {
			fds = append(fds, strconv.Itoa(fd))
		}
	}
	return strings.Join(fds, ",")
}

// openDescriptors returns the process's open descriptors above 2, leaving
// out the one that reads /proc/self/fd itself.
func openDescriptors() []int {
	entries, _ := os.ReadDir("/proc/self/fd")
	var fds []int
	for _, e := range entries {
		fd, _ := strconv.Atoi(e.Name())
		if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err == nil && fd > 2 {
			fds = append(fds, fd)
		}
	}
	return fds
}

// condition adds [root]. Where TEST_REQUIRE_ROOT is set (in CI), a script
// that needs root fails instead of being skipped.
func condition(cond string) (bool, error) {
	if cond != "root" {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if os.Geteuid() == 0 {
		return true, nil
	}
	if os.Getenv("TEST_REQUIRE_ROOT") != "" {
		return false, errors.New("this script needs root and TEST_REQUIRE_ROOT is set")
	}
	return false, nil
}

// cmdStatus runs a command, fails unless it exits with the given status,
// and fails if the canary appears on its stdout or stderr.
//
//	status CODE COMMAND [ARG]...
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE COMMAND [ARG]...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	var exit *exec.ExitError
	if err := ts.Exec(args[1], args[2:]...); errors.As(err, &exit) {
		got = exit.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
	for _, stream := range []string{"stdout", "stderr"} {
		if strings.Contains(ts.ReadFile(stream), Canary) {
			ts.Fatalf("the canary appeared on %s", stream)
		}
	}
}

// cmdFill writes a file of the given size, all 'x', for size limits.
//
//	fill FILE BYTES
func cmdFill(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: fill FILE BYTES")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat("x", n)), 0o644))
}

// cmdBytes writes a file whose contents are given with Go's escapes
// (\n, \r, \t, \x00), for bytes a txtar archive cannot hold reliably.
//
//	bytes FILE TEXT
func cmdBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bytes FILE TEXT")
	}
	text, err := strconv.Unquote(`"` + strings.ReplaceAll(args[1], `"`, `\"`) + `"`)
	ts.Check(err)
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, []byte(text), 0o644))
}

// reportProgram is the program the scripts exec: it writes what it received to
// the file named by REPORT_TO, or to stdout: its argv, its environment in
// order, its pid, ids and groups, and every descriptor above 2.
func reportProgram(argv, environ []string) int {
	var b strings.Builder
	for i, a := range argv {
		fmt.Fprintf(&b, "argv[%d] %q\n", i, a)
	}
	for _, kv := range environ {
		fmt.Fprintf(&b, "env %q\n", kv)
	}
	fmt.Fprintf(&b, "pid %d\nuid %d gid %d\n", os.Getpid(), unix.Getuid(), unix.Getgid())
	groups, _ := unix.Getgroups()
	fmt.Fprintf(&b, "groups %v\n", groups)
	writeDescriptors(&b)
	out := os.Stdout
	if path := os.Getenv("REPORT_TO"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "report:", err)
			return 1
		}
		defer f.Close()
		out = f
	}
	out.WriteString(b.String())
	return 0
}

// writeDescriptors lists the open descriptors above 2 that the test did
// not pass down itself.
func writeDescriptors(b *strings.Builder) {
	inherited := strings.Split(os.Getenv("INHERITED_FDS"), ",")
	for _, fd := range openDescriptors() {
		if !slices.Contains(inherited, strconv.Itoa(fd)) {
			target, _ := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
			fmt.Fprintf(b, "fd %d %s\n", fd, target)
		}
	}
}

// TestWaitSignal checks that SIGTERM, SIGINT, SIGHUP and SIGQUIT end a
// --wait at once with 128 plus the signal and one error line, and that the
// program does not start. A script cannot send SIGTERM, so this drives the
// shim directly.
func TestWaitSignal(t *testing.T) {
	for _, sig := range []unix.Signal{unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGQUIT} {
		t.Run(unix.SignalName(sig), func(t *testing.T) {
			marker := filepath.Join(t.TempDir(), "started")
			cmd := exec.Command("secretshim", "--wait", "10m", "-e", "PW="+marker+".missing",
				"--", "touch", marker)
			stderr := startWaiting(t, cmd)
			must(t, cmd.Process.Signal(sig))
			rest, _ := io.ReadAll(stderr)
			err := cmd.Wait()

			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
				t.Fatalf("wait: %v, want exit status %d", err, 128+int(sig))
			}
			want := "secretshim: error: interrupted by " + unix.SignalName(sig) + " while waiting for secret files\n"
			if string(rest) != want {
				t.Errorf("stderr after the signal %q, want %q", rest, want)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Error("the program started after the signal")
			}
		})
	}
}

// startWaiting starts cmd, a shim given --wait 10m, and returns its
// stderr once the shim says that it waits, which it does after its signal
// handlers are installed.
func startWaiting(t *testing.T, cmd *exec.Cmd) io.Reader {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	line := make([]byte, 4096)
	n, err := stderr.Read(line)
	must(t, err)
	if !strings.Contains(string(line[:n]), "waiting up to 10m0s") {
		t.Fatalf("first line %q, want the waiting notice", line[:n])
	}
	return stderr
}

// TestWaitSignalIgnored checks that a signal the shim was started with
// ignored (a background job of a script, nohup) stays ignored while it
// waits: it neither ends the wait nor makes the shim exit.
func TestWaitSignalIgnored(t *testing.T) {
	dir := t.TempDir()
	secret, marker := filepath.Join(dir, "secret"), filepath.Join(dir, "started")
	// A shell starts the shim with SIGINT ignored, as a script's
	// background job would.
	cmd := exec.Command("sh", "-c", `trap '' INT; exec "$0" "$@"`,
		"secretshim", "--wait", "10m", "-e", "PW="+secret, "--", "touch", marker)
	stderr := startWaiting(t, cmd)
	must(t, cmd.Process.Signal(unix.SIGINT))
	// Time for a shim that took the signal to end, before the file appears.
	time.Sleep(200 * time.Millisecond)
	must(t, os.WriteFile(secret, []byte("CANARY-ignored"), 0o600))
	rest, _ := io.ReadAll(stderr)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("wait: %v, stderr %q; want the program started", err, rest)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the program did not start: %v", err)
	}
}
