//go:build e2e

// Package e2e runs secretshim on real container engines: Docker, Compose,
// Podman and a one-node Swarm, in front of stand-in images that keep the
// startup contracts of Pi-hole v6, Postgres and Keycloak. Run it with
// make e2e; it needs root and a running dockerd. Where an engine is
// missing, a test fails when CI=true and is skipped, saying what is
// missing, elsewhere.
//
// Every image, container, volume, secret and Compose project is named
// with the prefix E2E_PREFIX (default "sse2e", short for secretshim e2e) and removed when
// its test ends.
package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// canary is the value of every secret the tests plant. It must reach the
// app's environment and nothing else.
var canary = "CANARY-" + randomHex(8)

// prefix starts the name of everything the suite creates.
var prefix = envOr("E2E_PREFIX", "sse2e")

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func TestMain(m *testing.M) {
	code := m.Run()
	removeImages()
	for _, msg := range notRun {
		fmt.Printf("e2e: NOT RUN: %s\n", msg)
	}
	os.Exit(code)
}

// notRun is what missing skipped tests for, each once, for a summary
// that a run of skipped tests is not mistaken for a passing one.
var notRun []string

// TestE2E runs the scenarios of issue 3 in a fixed order: plain Docker
// first, then Compose, Podman and Swarm.
func TestE2E(t *testing.T) {
	for _, s := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"00_image", testImage},
		{"01_baked_entrypoint", testBaked},
		{"03_bind_mount_entrypoint", testBindMount},
		{"06_kubernetes_dir", testKubernetesDir},
		{"07_read_as_root_then_drop", testDropUser},
		{"08_volume_initialised_once", testVolumeInit},
		{"09_fail_closed", testFailClosed},
		{"10_shim_gone_after_start", testShimGone},
		{"11_secrecy", testSecrecy},
		{"12_read_only_root", testReadOnly},
		{"timing", testTiming},
		{"02_compose", testCompose},
		{"04_podman", testPodman},
		{"05_swarm", testSwarm},
	} {
		t.Run(s.name, s.fn)
	}
}

// missing fails the test under CI, where every engine must be present,
// and skips it elsewhere, saying what is missing.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := strings.TrimSpace(fmt.Sprintf(format, args...))
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: the e2e suite does not skip)", msg)
	}
	if !slices.Contains(notRun, msg) {
		notRun = append(notRun, msg)
	}
	t.Skipf("SKIP: %s", msg)
}

// needTool checks that a command exists and that probe, run with it,
// succeeds (an engine that answers).
func needTool(t *testing.T, tool string, probe ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		missing(t, "the e2e suite needs root (bind-mounted 0400 secrets, rootful podman)")
	}
	if _, err := exec.LookPath(tool); err != nil {
		missing(t, "%s is not installed (Debian: apt-get install docker.io docker-compose podman busybox-static)", tool)
	}
	if len(probe) > 0 {
		if r := run(t, tool, probe...); r.code != 0 {
			missing(t, "%s %s failed (is the daemon running?): %s", tool, strings.Join(probe, " "), r.stderr)
		}
	}
}

// needDocker checks for docker and a daemon, and builds the images.
func needDocker(t *testing.T) *fixture {
	t.Helper()
	needTool(t, "docker", "version", "--format", "{{.Server.Version}}")
	if _, err := os.Stat("/bin/busybox"); err != nil {
		missing(t, "/bin/busybox is missing (Debian: apt-get install busybox-static)")
	}
	return images(t)
}

// result is what a command did.
type result struct {
	stdout, stderr string
	code           int
}

// output is stdout and stderr together, for the secrecy checks.
func (r result) output() string { return r.stdout + r.stderr }

// run runs a command with a time limit and returns what it did; only a
// failure to start it fails the test.
func run(t *testing.T, name string, args ...string) result {
	t.Helper()
	return runInput(t, nil, name, args...)
}

func runInput(t *testing.T, stdin []byte, name string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	err := cmd.Run()
	r := result{stdout.String(), stderr.String(), 0}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

// must runs a command and fails the test unless it succeeds; it returns
// stdout with surrounding blanks trimmed.
func must(t *testing.T, name string, args ...string) string {
	t.Helper()
	r := run(t, name, args...)
	if r.code != 0 {
		t.Fatalf("%s %s: exit %d: %s", name, strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// name gives a container, volume or project name unique to this test.
func name(t *testing.T, what string) string {
	base := unsafeName.ReplaceAllString(strings.ToLower(t.Name()+"-"+what), "-")
	return prefix + "-" + strings.Trim(base, "-")
}

// secretFile writes a secret to a new file of the given mode and returns
// its path.
func secretFile(t *testing.T, value string, mode os.FileMode) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "secret")
	if err := os.WriteFile(path, []byte(value), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return path
}

// noCanary fails if the canary appears in text, which came from where.
func noCanary(t *testing.T, where, text string) {
	t.Helper()
	if strings.Contains(text, canary) {
		t.Errorf("the canary appeared in %s", where)
	}
}
