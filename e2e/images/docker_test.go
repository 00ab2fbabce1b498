//go:build e2e

package images

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// prefix starts the name of every container, image and compose project
// these tests create, so that they clean up only their own.
const prefix = "ssimg"

// busybox is Debian's busybox-static, the one program in every stand-in.
const busybox = "/bin/busybox"

// requireTools stops the test when docker, docker-compose or a static
// busybox is missing: a failure under CI=true, a skip that names what is
// missing elsewhere.
func requireTools(t *testing.T) {
	t.Helper()
	var missing []string
	for _, tool := range []string{"docker", "docker-compose"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) == 0 {
		if out, err := exec.Command("docker", "version").CombinedOutput(); err != nil {
			missing = append(missing, "a running dockerd ("+firstLine(out)+")")
		}
	}
	if err := checkStatic(busybox); err != nil {
		missing = append(missing, "busybox-static ("+err.Error()+")")
	}
	if len(missing) == 0 {
		return
	}
	msg := "e2e/images needs " + strings.Join(missing, ", ")
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; not run")
}

// checkStatic reports an error unless path is an executable without an
// ELF interpreter, one that runs in a FROM scratch image.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return errors.New(path + " is dynamically linked")
		}
	}
	return nil
}

func firstLine(b []byte) string {
	line, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return line
}

// run runs a command with extra variables and returns its combined output
// and exit status; it fails the test only when the command cannot start.
func run(t *testing.T, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return out.String(), 0
}

// must runs a command that has to succeed and returns its output.
func must(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	out, code := run(t, env, name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d\n%s", name, strings.Join(args, " "), code, out)
	}
	return out
}

// build builds the image in dir with the classic builder, the one
// dockerd 20.10 uses without buildx, and removes the tag at cleanup.
func build(t *testing.T, dir, tag string, args ...string) {
	t.Helper()
	argv := append([]string{"build", "-q", "-t", tag}, args...)
	must(t, []string{"DOCKER_BUILDKIT=0"}, "docker", append(argv, dir)...)
	t.Cleanup(func() { run(t, nil, "docker", "rmi", tag) })
}

// repoRoot is the module root, two levels above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// shimImage builds the project image the wrappers copy secretshim from,
// with make image from the repository's Dockerfile, and returns its tag
// and the path of a binary from make build (for the compose files' bind
// mount).
func shimImage(t *testing.T) (tag, bin string) {
	t.Helper()
	root := repoRoot(t)
	must(t, nil, "make", "-C", root, "build")
	tag = prefix + "/secretshim:test"
	must(t, nil, "make", "-C", root, "image", "IMAGE="+tag)
	t.Cleanup(func() { run(t, nil, "docker", "rmi", tag) })
	return tag, filepath.Join(root, "bin", "secretshim")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeFile writes a file and sets its mode exactly (no umask).
func writeFile(t *testing.T, path, text string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
}
