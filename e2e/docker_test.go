//go:build e2e

package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// engine is a docker-compatible CLI: docker or podman.
type engine string

const (
	docker engine = "docker"
	podman engine = "podman"
)

// start runs a detached container named name, never pulling (nothing
// but local images exists here), and removes it, with its
// anonymous volumes, when the test ends.
func (e engine) start(t *testing.T, name string, args ...string) {
	t.Helper()
	e.removeLater(t, name)
	must(t, string(e), append([]string{"run", "-d", "--pull", "never", "--name", name, "--network", "none"}, args...)...)
}

// runOnce runs a container to its end and returns its status and logs.
func (e engine) runOnce(t *testing.T, name string, args ...string) result {
	t.Helper()
	e.removeLater(t, name)
	return run(t, string(e), append([]string{"run", "--pull", "never", "--name", name, "--network", "none"}, args...)...)
}

func (e engine) removeLater(t *testing.T, name string) {
	t.Cleanup(func() { run(t, string(e), "rm", "-f", "-v", name) })
}

// volume creates a named volume and removes it when the test ends.
func (e engine) volume(t *testing.T, name string) string {
	t.Helper()
	t.Cleanup(func() { run(t, string(e), "volume", "rm", "-f", name) })
	must(t, string(e), "volume", "create", name)
	return name
}

// logs returns a container's stdout and stderr together.
func (e engine) logs(t *testing.T, name string) string {
	t.Helper()
	r := run(t, string(e), "logs", name)
	if r.code != 0 {
		t.Fatalf("%s logs %s: %s", e, name, r.stderr)
	}
	return r.output()
}

// waitLog waits, for a bounded time, until the container's logs hold
// text n times; it fails early if the container stops.
func (e engine) waitLog(t *testing.T, name, text string, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		logs := e.logs(t, name)
		if strings.Count(logs, text) >= n {
			return
		}
		if e.inspect(t, name, "{{.State.Running}}") == "false" {
			t.Fatalf("%s stopped (exit %s) before %q; logs:\n%s", name, e.inspect(t, name, "{{.State.ExitCode}}"), text, logs)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: no %q within 60s; logs:\n%s", name, text, e.logs(t, name))
}

func (e engine) inspect(t *testing.T, name, format string) string {
	t.Helper()
	return must(t, string(e), "inspect", "-f", format, name)
}

// environ returns the environment of the container's PID 1, one
// variable a line. It is read as PID 1's own user: Docker gives root in
// the container no CAP_SYS_PTRACE, which reading another user's environ
// needs.
func (e engine) environ(t *testing.T, name string) string {
	t.Helper()
	uid := "0"
	for _, line := range strings.Split(e.proc1(t, name, "status"), "\n") {
		if fields := strings.Fields(line); len(fields) > 1 && fields[0] == "Uid:" {
			uid = fields[1]
		}
	}
	return strings.ReplaceAll(e.proc1(t, name, "environ", "--user", uid), "\x00", "\n")
}

// proc1 reads /proc/1/FILE inside the container, with the given options
// for exec.
func (e engine) proc1(t *testing.T, name, file string, execArgs ...string) string {
	t.Helper()
	args := append(append([]string{"exec"}, execArgs...), name, "cat", "/proc/1/"+file)
	r := run(t, string(e), args...)
	if r.code != 0 {
		t.Fatalf("reading /proc/1/%s of %s: %s", file, name, r.stderr)
	}
	return r.stdout
}

// stop stops a container with a generous grace period and returns its
// exit status.
func (e engine) stop(t *testing.T, name string) int {
	t.Helper()
	must(t, string(e), "stop", "-t", "60", name)
	code, err := strconv.Atoi(e.inspect(t, name, "{{.State.ExitCode}}"))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// hasVar fails unless environ, one variable a line, holds NAME=VALUE.
func hasVar(t *testing.T, environ, name, value string) {
	t.Helper()
	for _, line := range strings.Split(environ, "\n") {
		if line == name+"="+value {
			return
		}
	}
	t.Errorf("the app's environment lacks %s with the planted value:\n%s", name, strings.ReplaceAll(environ, canary, "<canary>"))
}

// lacksVar fails if environ holds a variable called name.
func lacksVar(t *testing.T, environ, name string) {
	t.Helper()
	for _, line := range strings.Split(environ, "\n") {
		if strings.HasPrefix(line, name+"=") {
			t.Errorf("the app's environment still has %s", name)
		}
	}
}

// sha256Hex is how the stand-ins store a password in their volume.
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// volumeFile reads a file from a volume through a throwaway container.
func (f *fixture) volumeFile(t *testing.T, e engine, volume, file string) string {
	t.Helper()
	return must(t, string(e), "run", "--rm", "--pull", "never", "--network", "none", "-v", volume+":/v:ro",
		"--entrypoint", "cat", f.base, "/v/"+file)
}

// volumeDigest is a digest of a volume's whole contents: names, modes,
// owners, times and bytes, as tar records them.
func (f *fixture) volumeDigest(t *testing.T, volume string) string {
	t.Helper()
	tar := must(t, "docker", "run", "--rm", "--pull", "never", "--network", "none", "-v", volume+":/v:ro",
		"--entrypoint", "tar", f.base, "-cf", "-", "-C", "/v", ".")
	return sha256Hex(tar)
}

// shimMount bind-mounts the shim read-only at /secretshim.
func (f *fixture) shimMount() string { return f.shim + ":/secretshim:ro" }
