//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// fixture is what every scenario uses: the shim built from this checkout
// and the images built from it and from testdata/images.
type fixture struct {
	shim     string // path of the static binary on the host
	shimImg  string // the repository's Dockerfile
	pihole   string
	postgres string
	keycloak string
	base     string
}

var (
	buildOnce  sync.Once
	built      *fixture
	buildErr   error
	builtNames []string
)

// images builds the shim and the images once for the whole run.
func images(t *testing.T) *fixture {
	t.Helper()
	buildOnce.Do(func() { built, buildErr = build() })
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

func build() (*fixture, error) {
	dir, err := os.MkdirTemp("", prefix+"-build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	f := &fixture{
		shim:     filepath.Join(shimDir, "secretshim"),
		shimImg:  prefix + "/secretshim:e2e",
		base:     prefix + "/base:e2e",
		pihole:   prefix + "/pihole:e2e",
		postgres: prefix + "/postgres:e2e",
		keycloak: prefix + "/keycloak:e2e",
	}
	steps := []func() error{
		func() error { return buildShim(f.shim) },
		func() error { return buildShimImage(dir, f) },
		func() error { return buildBase(dir, f.base) },
		func() error { return buildStandIn("pihole", f.pihole, f.base) },
		func() error { return buildStandIn("postgres", f.postgres, f.base) },
		func() error { return buildStandIn("keycloak", f.keycloak, f.base) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// shimDir holds the binary for the whole run: containers bind-mount it.
var shimDir = func() string {
	dir, err := os.MkdirTemp("", prefix+"-shim-")
	if err != nil {
		panic(err)
	}
	os.Chmod(dir, 0o755)
	return dir
}()

// buildShim builds the static binary the way make build does.
func buildShim(out string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../cmd/secretshim")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the shim: %v: %s", err, b)
	}
	return nil
}

// buildShimImage builds the repository's Dockerfile from a context laid
// out as make cross leaves dist/, with TARGETARCH passed as make image
// does.
func buildShimImage(dir string, f *fixture) error {
	ctx := filepath.Join(dir, "shim")
	bin := filepath.Join(ctx, "dist", "secretshim-linux-"+runtime.GOARCH)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	if err := copyFile(f.shim, bin); err != nil {
		return err
	}
	return dockerBuild(f.shimImg, ctx, "-f", "../Dockerfile", "--build-arg", "TARGETARCH="+runtime.GOARCH)
}

// buildBase builds FROM scratch with the host's static busybox.
func buildBase(dir, tag string) error {
	ctx := filepath.Join(dir, "base")
	if err := os.CopyFS(ctx, os.DirFS("testdata/images/base")); err != nil {
		return err
	}
	if err := copyFile("/bin/busybox", filepath.Join(ctx, "busybox")); err != nil {
		return err
	}
	return dockerBuild(tag, ctx)
}

func buildStandIn(which, tag, base string) error {
	return dockerBuild(tag, filepath.Join("testdata/images", which), "--build-arg", "BASE="+base)
}

// dockerBuild builds an image with the classic builder, which needs no
// registry and no buildx, and records it for removal.
func dockerBuild(tag, ctx string, args ...string) error {
	args = append([]string{"build", "-q", "-t", tag}, args...)
	cmd := exec.Command("docker", append(args, ctx)...)
	cmd.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("docker build %s: %v: %s", tag, err, b)
	}
	builtNames = append(builtNames, tag)
	return nil
}

// removeImages removes what the run built, newest first.
func removeImages() {
	for i := len(builtNames) - 1; i >= 0; i-- {
		exec.Command("docker", "rmi", "-f", builtNames[i]).Run()
	}
	os.RemoveAll(shimDir)
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
