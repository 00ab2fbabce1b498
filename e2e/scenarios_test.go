//go:build e2e

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Paths inside the stand-ins.
const (
	pgData   = "/var/lib/postgresql/data"
	piholeVo = "/etc/pihole"
	piholePW = "FTLCONF_webserver_api_password"
)

// bakedImage builds testdata/baked/Dockerfile on the Postgres stand-in.
func (f *fixture) bakedImage(t *testing.T) string {
	t.Helper()
	tag := prefix + "/postgres-baked:e2e"
	t.Cleanup(func() { run(t, "docker", "rmi", "-f", tag) })
	if err := dockerBuild(tag, "testdata/baked", "--build-arg", "APP_IMAGE="+f.postgres,
		"--build-arg", "SHIM_IMAGE="+f.shimImg); err != nil {
		t.Fatal(err)
	}
	return tag
}

// testBaked is scenario 1: the shim as the image's ENTRYPOINT, configured
// at docker run time through SECRETSHIM_* and the _FILE convention.
func testBaked(t *testing.T) {
	f := needDocker(t)
	img := f.bakedImage(t)
	c, vol := name(t, "db"), docker.volume(t, name(t, "data"))
	docker.start(t, c, "-v", vol+":"+pgData,
		"-v", secretFile(t, canary+"\n", 0o400)+":/run/secrets/db:ro",
		"-e", "SECRETSHIM_SUFFIX=_FILE", "-e", "POSTGRES_PASSWORD_FILE=/run/secrets/db", img)
	docker.waitLog(t, c, "postgres: listening as uid 999", 1)

	env := docker.environ(t, c)
	hasVar(t, env, "POSTGRES_PASSWORD", canary)
	lacksVar(t, env, "POSTGRES_PASSWORD_FILE")
	lacksVar(t, env, "SECRETSHIM_SUFFIX")
	if got := f.volumeFile(t, docker, vol, "password.sha256"); got != sha256Hex(canary) {
		t.Errorf("the database was initialised with another password (hash %s)", got)
	}
	noCanary(t, "docker logs", docker.logs(t, c))
}

// shimRun is the docker run arguments of scenario 3 and several others:
// the shim bind-mounted into an unmodified image and made its
// entrypoint; the shim's options and the image's own entrypoint and
// command follow the image.
func (f *fixture) shimRun(mounts []string, image string, shimArgs ...string) []string {
	args := []string{"-v", f.shimMount(), "--entrypoint", "/secretshim"}
	for _, m := range mounts {
		args = append(args, "-v", m)
	}
	return append(append(args, image), shimArgs...)
}

// startPihole starts the Pi-hole stand-in behind the shim, with the
// secret at path and its state in vol, and waits until it is up.
func (f *fixture) startPihole(t *testing.T, c, vol, path string, extra ...string) {
	t.Helper()
	args := append(extra, f.shimRun([]string{vol + ":" + piholeVo, path + ":/run/secrets/pihole_pw:ro"}, f.pihole,
		"-e", piholePW+"=/run/secrets/pihole_pw", "--", "start.sh")...)
	docker.start(t, c, args...)
	docker.waitLog(t, c, "pihole: ready", 1)
}

// testBindMount is scenario 3: docker run --entrypoint on an unmodified
// image.
func testBindMount(t *testing.T) {
	f := needDocker(t)
	c, vol := name(t, "pihole"), docker.volume(t, name(t, "etc"))
	f.startPihole(t, c, vol, secretFile(t, canary, 0o400))

	hasVar(t, docker.environ(t, c), piholePW, canary)
	if got := f.volumeFile(t, docker, vol, "pwhash"); got != sha256Hex(canary) {
		t.Errorf("Pi-hole stored the hash of another password: %s", got)
	}
	if logs := docker.logs(t, c); !strings.Contains(logs, "secretshim: exporting "+piholePW) {
		t.Errorf("no summary line from the shim:\n%s", logs)
	}
}

// k8sSecretDir lays out a directory the way the kubelet writes a secret
// volume: the data in a timestamped directory, ..data a link to it, and
// each key a link into ..data.
func k8sSecretDir(t *testing.T, keys map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	stamp := filepath.Join(dir, "..2026_12_04_05_00_00.123456789")
	for _, d := range []string{dir, stamp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		os.Chmod(d, 0o755)
	}
	for key, value := range keys {
		if err := os.WriteFile(filepath.Join(stamp, key), []byte(value), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..data", key), filepath.Join(dir, key)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Base(stamp), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// testKubernetesDir is scenario 6: --dir on a Kubernetes-layout secret
// volume, for the Keycloak stand-in running as its own uid 1000.
func testKubernetesDir(t *testing.T) {
	f := needDocker(t)
	dir := k8sSecretDir(t, map[string]string{"KC_DB_PASSWORD": canary + "\n", "KC_HOSTNAME": "auth.example"})
	c := name(t, "kc")
	docker.start(t, c, f.shimRun([]string{dir + ":/etc/kc-secrets:ro"}, f.keycloak,
		"--dir", "/etc/kc-secrets", "--", "/opt/keycloak/bin/kc.sh", "start")...)
	docker.waitLog(t, c, "keycloak: connected to the database", 1)

	env := docker.environ(t, c)
	hasVar(t, env, "KC_DB_PASSWORD", canary)
	hasVar(t, env, "KC_HOSTNAME", "auth.example")
	for _, line := range strings.Split(env, "\n") {
		if strings.HasPrefix(line, "..") {
			t.Errorf("a dot entry was exported: %q", line)
		}
	}
}

// testDropUser is scenario 7: a 0400 root secret that the app, running
// as 999 or 1000, could not read itself; the shim reads it as root and
// switches with --user.
func testDropUser(t *testing.T) {
	f := needDocker(t)
	secret := secretFile(t, canary, 0o400)
	cases := []struct {
		name, image, user, variable string
		entrypoint                  []string
		ready                       string
	}{
		{"postgres", f.postgres, "999:999", "POSTGRES_PASSWORD",
			[]string{"docker-entrypoint.sh", "postgres"}, "postgres: listening as uid 999"},
		{"keycloak", f.keycloak, "1000:1000", "KC_DB_PASSWORD",
			[]string{"/opt/keycloak/bin/kc.sh", "start"}, "keycloak: connected to the database"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Without the shim, the app's user cannot read the file.
			denied := docker.runOnce(t, name(t, "cat"), "--user", tc.user, "-v", secret+":/run/secrets/pw:ro",
				"--entrypoint", "cat", tc.image, "/run/secrets/pw")
			if denied.code == 0 {
				t.Fatalf("uid %s could read the 0400 root secret; the test proves nothing", tc.user)
			}

			c := name(t, "app")
			args := append([]string{"-u", tc.user, "-e", tc.variable + "=/run/secrets/pw", "--"}, tc.entrypoint...)
			docker.start(t, c, append([]string{"--user", "0:0"},
				f.shimRun([]string{secret + ":/run/secrets/pw:ro"}, tc.image, args...)...)...)
			docker.waitLog(t, c, tc.ready, 1)
			hasVar(t, docker.environ(t, c), tc.variable, canary)
			status := docker.proc1(t, c, "status")
			uid := strings.SplitN(tc.user, ":", 2)[0]
			if !strings.Contains(status, "\nUid:\t"+uid+"\t"+uid+"\t"+uid+"\t"+uid+"\n") {
				t.Errorf("PID 1 does not run as uid %s:\n%s", uid, status)
			}
		})
	}
}

// postgresArgs are the docker run arguments for the Postgres stand-in
// behind the shim, with its data in vol and the secret at secret.
func (f *fixture) postgresArgs(vol, secret string) []string {
	return f.shimRun([]string{vol + ":" + pgData, secret + ":/run/secrets/db:ro"}, f.postgres,
		"-e", "POSTGRES_PASSWORD=/run/secrets/db", "--", "docker-entrypoint.sh", "postgres")
}

// testVolumeInit is scenario 8: the first start initialises the volume
// with the secret, a restart keeps it, and a new volume is initialised
// again, with no manual step. Pi-hole, which reads its password at every
// start, picks up a changed secret on restart.
func testVolumeInit(t *testing.T) {
	f := needDocker(t)
	t.Run("postgres", func(t *testing.T) {
		secret := secretFile(t, canary, 0o400)
		c, vol := name(t, "db"), docker.volume(t, name(t, "data"))
		docker.start(t, c, f.postgresArgs(vol, secret)...)
		docker.waitLog(t, c, "postgres: listening", 1)
		if got := f.volumeFile(t, docker, vol, "password.sha256"); got != sha256Hex(canary) {
			t.Fatalf("first start stored hash %s", got)
		}
		first := f.volumeDigest(t, vol)

		must(t, "docker", "restart", "-t", "60", c)
		docker.waitLog(t, c, "postgres: listening", 2)
		logs := docker.logs(t, c)
		if n := strings.Count(logs, "initializing database"); n != 1 {
			t.Errorf("initialised %d times over two starts:\n%s", n, logs)
		}
		if !strings.Contains(logs, "skipping initialization") {
			t.Errorf("the restart did not find the database:\n%s", logs)
		}
		if f.volumeDigest(t, vol) != first {
			t.Error("the restart changed the data volume")
		}

		// A new volume under the same name: initialised again.
		must(t, "docker", "rm", "-f", c)
		must(t, "docker", "volume", "rm", vol)
		docker.start(t, c, f.postgresArgs(vol, secret)...)
		docker.waitLog(t, c, "postgres: listening", 1)
		if !strings.Contains(docker.logs(t, c), "initializing database") {
			t.Error("the new volume was not initialised")
		}
		if got := f.volumeFile(t, docker, vol, "password.sha256"); got != sha256Hex(canary) {
			t.Errorf("the new volume was initialised with hash %s, not the secret's", got)
		}
	})
	t.Run("pihole", func(t *testing.T) {
		secret := secretFile(t, "first-"+canary, 0o400)
		c, vol := name(t, "pihole"), docker.volume(t, name(t, "etc"))
		f.startPihole(t, c, vol, secret)
		if err := os.WriteFile(secret, []byte("second-"+canary), 0o400); err != nil {
			t.Fatal(err)
		}
		must(t, "docker", "restart", "-t", "60", c)
		docker.waitLog(t, c, "pihole: ready", 2)
		if got := f.volumeFile(t, docker, vol, "pwhash"); got != sha256Hex("second-"+canary) {
			t.Errorf("after a restart Pi-hole keeps hash %s, not the new secret's", got)
		}
	})
}

// testFailClosed is scenario 9: a missing, empty or unreadable secret
// stops the start with the documented code; the app never runs and an
// initialised data volume is unchanged byte for byte.
func testFailClosed(t *testing.T) {
	f := needDocker(t)
	vol := docker.volume(t, name(t, "data"))
	good := secretFile(t, canary, 0o400)
	c := name(t, "init")
	docker.start(t, c, f.postgresArgs(vol, good)...)
	docker.waitLog(t, c, "postgres: listening", 1)
	if code := docker.stop(t, c); code != 43 {
		t.Fatalf("the first start ended with %d", code)
	}
	before := f.volumeDigest(t, vol)

	cases := []struct {
		name   string
		mounts []string
		user   string
		code   int
		fault  string
	}{
		{"missing", nil, "0:0", 66, `"/run/secrets/db": no such file`},
		{"empty", []string{secretFile(t, "", 0o444) + ":/run/secrets/db:ro"}, "0:0", 65, "empty value"},
		{"unreadable", []string{good + ":/run/secrets/db:ro"}, "1000:1000", 66, "permission denied"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mounts := append([]string{vol + ":" + pgData}, tc.mounts...)
			r := docker.runOnce(t, name(t, "db"), append([]string{"--user", tc.user},
				f.shimRun(mounts, f.postgres, "-e", "POSTGRES_PASSWORD=/run/secrets/db",
					"--", "docker-entrypoint.sh", "postgres")...)...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d; output:\n%s", r.code, tc.code, r.output())
			}
			if strings.Count(r.stderr, "secretshim: error: ") != 1 || !strings.Contains(r.stderr, tc.fault) {
				t.Errorf("stderr %q, want one error line about %q", r.stderr, tc.fault)
			}
			if strings.Contains(r.output(), "postgres-entrypoint") {
				t.Errorf("the app ran:\n%s", r.output())
			}
			noCanary(t, "the output", r.output())
			if f.volumeDigest(t, vol) != before {
				t.Error("the data volume changed")
			}
		})
	}
}

// testShimGone is scenario 10: after exec only the app is left, as PID 1;
// docker stop's SIGTERM reaches its handler; 126 and 127 surface as the
// container's status.
func testShimGone(t *testing.T) {
	f := needDocker(t)
	c, vol := name(t, "pihole"), docker.volume(t, name(t, "etc"))
	f.startPihole(t, c, vol, secretFile(t, canary, 0o400))

	top := must(t, "docker", "top", c)
	if lines := strings.Split(top, "\n"); len(lines) != 2 || strings.Contains(top, "secretshim") {
		t.Errorf("docker top, want the app alone:\n%s", top)
	}
	cmdline := docker.proc1(t, c, "cmdline")
	if want := "/bin/sh\x00/usr/bin/start.sh\x00"; cmdline != want {
		t.Errorf("PID 1 is %q, want the app %q", cmdline, want)
	}
	// The grace period is 60s: a SIGTERM that did not reach the app would
	// end in SIGKILL (137) only then. Quickly means well inside it.
	begin := time.Now()
	if code := docker.stop(t, c); code != 43 {
		t.Errorf("after docker stop the container's status is %d, want the app's SIGTERM handler's 43", code)
	}
	if took := time.Since(begin); took > 10*time.Second {
		t.Errorf("docker stop took %v, want the app to end at once on SIGTERM", took.Round(time.Millisecond))
	}
	if !strings.Contains(docker.logs(t, c), "pihole: stopping on SIGTERM") {
		t.Error("the app's SIGTERM handler did not run")
	}

	for _, tc := range []struct {
		program string
		code    int
	}{{"/no/such/program", 127}, {"/etc/passwd", 126}} {
		c := name(t, "exec"+tc.program)
		r := docker.runOnce(t, c, f.shimRun(nil, f.pihole, "--", tc.program)...)
		state := docker.inspect(t, c, "{{.State.ExitCode}}")
		if r.code != tc.code || state != strconv.Itoa(tc.code) {
			t.Errorf("-- %s: docker run exit %d, container status %s, want %d: %s", tc.program, r.code, state, tc.code, r.stderr)
		}
	}
}

// testSecrecy is scenario 11: the canary is in /proc/1/environ of the app
// and nowhere else the engine shows.
func testSecrecy(t *testing.T) {
	f := needDocker(t)
	c, vol := name(t, "pihole"), docker.volume(t, name(t, "etc"))
	f.startPihole(t, c, vol, secretFile(t, canary, 0o400), "-e", "SECRETSHIM_VERBOSE=1")
	hasVar(t, docker.environ(t, c), piholePW, canary)

	noCanary(t, "/proc/1/cmdline", docker.proc1(t, c, "cmdline"))
	noCanary(t, "docker logs", docker.logs(t, c))
	noCanary(t, "docker inspect (container)", must(t, "docker", "inspect", c))
	noCanary(t, "docker inspect (image)", must(t, "docker", "inspect", f.pihole))
	noCanary(t, "docker history", must(t, "docker", "history", "--no-trunc", f.pihole))
	noCanary(t, "docker export", must(t, "docker", "export", c))
	noCanary(t, "the state volume", must(t, "docker", "run", "--rm", "--pull", "never", "--network", "none",
		"-v", vol+":/v:ro", "--entrypoint", "tar", f.base, "-cf", "-", "-C", "/v", "."))
	for _, line := range strings.Split(must(t, "docker", "diff", c), "\n") {
		if line != "" && !isMountPoint(line) {
			t.Errorf("docker diff shows a change the shim could have made: %s", line)
		}
	}
}

// isMountPoint reports whether a docker diff line is one of the
// directories or files Docker itself creates to mount onto.
func isMountPoint(line string) bool {
	switch line {
	case "A /run", "C /run", "A /run/secrets", "A /run/secrets/pihole_pw", "A /secretshim":
		return true
	}
	return false
}

// testReadOnly is scenario 12: a read-only root filesystem; the state
// lives in the volume.
func testReadOnly(t *testing.T) {
	f := needDocker(t)
	c, vol := name(t, "pihole"), docker.volume(t, name(t, "etc"))
	f.startPihole(t, c, vol, secretFile(t, canary, 0o400), "--read-only")
	if got := docker.inspect(t, c, "{{.HostConfig.ReadonlyRootfs}}"); got != "true" {
		t.Fatalf("ReadonlyRootfs %s", got)
	}
	hasVar(t, docker.environ(t, c), piholePW, canary)
	if got := f.volumeFile(t, docker, vol, "pwhash"); got != sha256Hex(canary) {
		t.Errorf("stored hash %s", got)
	}
}

// testTiming reports, without asserting, how long a docker run of a
// stand-in takes with and without the shim in front. The runs alternate,
// so that a drift of the machine's load affects both alike.
func testTiming(t *testing.T) {
	f := needDocker(t)
	secret := secretFile(t, canary, 0o400)
	plain := []string{"--entrypoint", "true", f.pihole}
	shimmed := f.shimRun([]string{secret + ":/run/secrets/pw:ro"}, f.pihole,
		"-q", "-e", "PW=/run/secrets/pw", "--", "true")
	const runs = 10
	var without, with time.Duration
	for i := 0; i < runs; i++ {
		without += timeRun(t, plain)
		with += timeRun(t, shimmed)
	}
	without, with = without/runs, with/runs
	t.Logf("docker run --rm of the Pi-hole stand-in, mean of %d: %v without the shim, %v with it, difference %+v",
		runs, without.Round(time.Millisecond), with.Round(time.Millisecond), (with - without).Round(time.Millisecond))
}

func timeRun(t *testing.T, args []string) time.Duration {
	t.Helper()
	begin := time.Now()
	must(t, "docker", append([]string{"run", "--rm", "--pull", "never", "--network", "none"}, args...)...)
	return time.Since(begin)
}
