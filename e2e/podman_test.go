//go:build e2e

package e2e

import (
	"regexp"
	"testing"
)

// testPodman is scenario 4: rootful Podman, the shim bind-mounted, the
// secret first as a bind-mounted file and then as a podman secret.
func testPodman(t *testing.T) {
	f := needDocker(t)
	needTool(t, "podman", "info")
	img := podmanLoad(t, f.pihole)

	t.Run("bind_mount", func(t *testing.T) {
		c := name(t, "pihole")
		podman.start(t, c, f.shimRun([]string{secretFile(t, canary, 0o400) + ":/run/secrets/pw:ro"}, img,
			"-e", piholePW+"=/run/secrets/pw", "--", "start.sh")...)
		podman.waitLog(t, c, "pihole: ready", 1)
		hasVar(t, podman.environ(t, c), piholePW, canary)
		noCanary(t, "podman inspect", must(t, "podman", "inspect", c))
		if code := podman.stop(t, c); code != 43 {
			t.Errorf("after podman stop the status is %d, want the app's 43", code)
		}
	})

	t.Run("podman_secret", func(t *testing.T) {
		secret := name(t, "pw")
		t.Cleanup(func() { run(t, "podman", "secret", "rm", secret) })
		must(t, "podman", "secret", "create", secret, secretFile(t, canary, 0o400))
		c := name(t, "pihole")
		podman.start(t, c, append([]string{"--secret", secret},
			f.shimRun(nil, img, "-e", piholePW+"=/run/secrets/"+secret, "--", "start.sh")...)...)
		podman.waitLog(t, c, "pihole: ready", 1)
		hasVar(t, podman.environ(t, c), piholePW, canary)
		noCanary(t, "podman logs", podman.logs(t, c))
		noCanary(t, "podman inspect", must(t, "podman", "inspect", c))
	})
}

var loadedImage = regexp.MustCompile(`(?m)^Loaded image(?:\(s\))?: (\S+)$`)

// podmanLoad copies an image from Docker into Podman's store and removes
// it when the test ends.
func podmanLoad(t *testing.T, image string) string {
	t.Helper()
	archive := run(t, "docker", "save", image)
	if archive.code != 0 {
		t.Fatalf("docker save %s: %s", image, archive.stderr)
	}
	r := runInput(t, []byte(archive.stdout), "podman", "load")
	m := loadedImage.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil {
		t.Fatalf("podman load: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	t.Cleanup(func() { run(t, "podman", "rmi", "-f", m[1]) })
	return m[1]
}
