//go:build e2e

package e2e

import (
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
	buildErr   string
	builtNames []string
)

// images builds the shim and the images once for the whole run.
func images(t *testing.T) *fixture {
	t.Helper()
	buildOnce.Do(func() { built, buildErr = build() })
	if buildErr != "" {
		t.Fatal(buildErr)
	}
	return built
}

func build() (*fixture, string) {
	dir, err := os.MkdirTemp("", prefix+"-build-")
	if err != nil {
		return nil, err.Error()
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
	steps := []func() string{
		func() string { return buildShim(f.shim) },
		func() string { return buildShimImage(dir, f) },
		func() string { return buildBase(dir, f.base) },
		func() string { return buildStandIn("pihole", f.pihole, f.base) },
		func() string { return buildStandIn("postgres", f.postgres, f.base) },
		func() string { return buildStandIn("keycloak", f.keycloak, f.base) },
	}
	for _, step := range steps {
		if msg := step(); msg != "" {
			return nil, msg
		}
	}
	return f, ""
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
func buildShim(out string) string {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "../cmd/secretshim")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "building the shim: " + err.Error() + ": " + string(b)
	}
	return ""
}

// buildShimImage builds the repository's Dockerfile from a context laid
// out as make cross leaves dist/, with TARGETARCH passed as make image
// does.
func buildShimImage(dir string, f *fixture) string {
	ctx := filepath.Join(dir, "shim")
	bin := filepath.Join(ctx, "dist", "secretshim-linux-"+runtime.GOARCH)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err.Error()
	}
	if err := copyFile(f.shim, bin); err != nil {
		return err.Error()
	}
	return dockerBuild(f.shimImg, ctx, "-f", "../Dockerfile", "--build-arg", "TARGETARCH="+runtime.GOARCH)
}

// buildBase builds FROM scratch with the host's static busybox.
func buildBase(dir, tag string) string {
	ctx := filepath.Join(dir, "base")
	if err := os.CopyFS(ctx, os.DirFS("testdata/images/base")); err != nil {
		return err.Error()
	}
	if err := copyFile("/bin/busybox", filepath.Join(ctx, "busybox")); err != nil {
		return err.Error()
	}
	return dockerBuild(tag, ctx)
}

func buildStandIn(which, tag, base string) string {
	return dockerBuild(tag, filepath.Join("testdata/images", which), "--build-arg", "BASE="+base)
}

// dockerBuild builds an image with the classic builder, which needs no
// registry and no buildx, and records it for removal.
func dockerBuild(tag, ctx string, args ...string) string {
	args = append([]string{"build", "-q", "-t", tag}, args...)
	cmd := exec.Command("docker", append(args, ctx)...)
	cmd.Env = append(os.Environ(), "DOCKER_BUILDKIT=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "docker build " + tag + ": " + err.Error() + ": " + string(b)
	}
	builtNames = append(builtNames, tag)
	return ""
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
