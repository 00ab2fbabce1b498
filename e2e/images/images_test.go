//go:build e2e

package images

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// service is one folder under images/: the upstream contract its stand-in
// keeps, the file secrets the wrapper reads, and what the upstream
// entrypoint must receive.
type service struct {
	dir      string // folder under images/, also the compose service name
	upstream standin
	secrets  []secret
	plain    map[string]string // variables that are not secret, as compose sets them
	runArgs  []string          // arguments after the image on docker run
	args     []string          // what the upstream entrypoint receives
	uid, gid string            // who runs the upstream entrypoint
}

// secret is a Compose file secret, /run/secrets/<name>, read into variable;
// pathVar is the compose.yaml variable that names the file on the host.
// An optional secret may be absent for the Dockerfile's wrapper.
type secret struct {
	name, variable, pathVar string
	optional                bool
}

var services = []service{{
	dir: "pihole",
	upstream: standin{
		ref: "pihole/pihole:2025.11.1", entrypoint: "start.sh", path: "/usr/bin/start.sh",
		vars: []string{"FTLCONF_webserver_api_password"},
	},
	secrets: []secret{{"pihole_webpassword", "FTLCONF_webserver_api_password", "PIHOLE_WEBPASSWORD_SECRET", false}},
	uid:     "0", gid: "0",
}, {
	dir: "postgres",
	upstream: standin{
		ref: "postgres:17.9", entrypoint: "docker-entrypoint.sh", path: "/usr/local/bin/docker-entrypoint.sh",
		cmd: []string{"postgres"}, vars: []string{"POSTGRES_PASSWORD"},
	},
	secrets: []secret{{"postgres_password", "POSTGRES_PASSWORD", "POSTGRES_PASSWORD_SECRET", false}},
	args:    []string{"postgres"},
	uid:     "0", gid: "0",
}, {
	dir: "mariadb",
	upstream: standin{
		ref: "mariadb:11.8.8", entrypoint: "docker-entrypoint.sh", path: "/usr/local/bin/docker-entrypoint.sh",
		cmd: []string{"mariadbd"}, vars: []string{"MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD", "MARIADB_USER"},
	},
	secrets: []secret{
		{"mariadb_root_password", "MARIADB_ROOT_PASSWORD", "MARIADB_ROOT_PASSWORD_SECRET", false},
		{"mariadb_password", "MARIADB_PASSWORD", "MARIADB_PASSWORD_SECRET", true},
	},
	plain: map[string]string{"MARIADB_USER": "app", "MARIADB_DATABASE": "app"},
	args:  []string{"mariadbd"},
	uid:   "0", gid: "0",
}, {
	dir: "grafana",
	upstream: standin{
		ref: "grafana/grafana:12.4.0", entrypoint: "/run.sh", path: "/run.sh", user: "472",
		vars: []string{"GF_SECURITY_ADMIN_PASSWORD"},
		etc:  "grafana:x:472:0::/home/grafana:/sbin/nologin\n",
	},
	secrets: []secret{{"grafana_admin_password", "GF_SECURITY_ADMIN_PASSWORD", "GRAFANA_ADMIN_PASSWORD_SECRET", false}},
	uid:     "472", gid: "0",
}, {
	dir: "keycloak",
	upstream: standin{
		ref: "quay.io/keycloak/keycloak:26.2.5", entrypoint: "/opt/keycloak/bin/kc.sh",
		path: "/opt/keycloak/bin/kc.sh", user: "1000",
		vars: []string{"KC_BOOTSTRAP_ADMIN_PASSWORD", "KC_BOOTSTRAP_ADMIN_USERNAME"},
		etc:  "keycloak:x:1000:0:keycloak user:/opt/keycloak:/sbin/nologin\n",
	},
	secrets: []secret{{"keycloak_admin_password", "KC_BOOTSTRAP_ADMIN_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD_SECRET", false}},
	plain:   map[string]string{"KC_BOOTSTRAP_ADMIN_USERNAME": "admin"},
	runArgs: []string{"start-dev"},
	args:    []string{"start-dev"},
	uid:     "1000", gid: "0",
}, {
	dir: "code-server",
	upstream: standin{
		ref: "lscr.io/linuxserver/code-server:4.131.0-ls354", entrypoint: "/init", path: "/init",
		vars: []string{"PASSWORD"},
	},
	secrets: []secret{{"code_server_password", "PASSWORD", "CODE_SERVER_PASSWORD_SECRET", false}},
	uid:     "0", gid: "0",
}}

// TestImages builds each wrapper against its stand-in and runs it, then
// runs each compose.yaml against the same stand-in.
func TestImages(t *testing.T) {
	requireTools(t)
	shimTag, shimBin := shimImage(t)
	for _, s := range services {
		t.Run(s.dir, func(t *testing.T) {
			buildStandin(t, s.upstream)
			t.Run("Dockerfile", func(t *testing.T) { testDockerfile(t, s, shimTag) })
			t.Run("compose", func(t *testing.T) { testCompose(t, s, shimBin) })
		})
	}
}

// testDockerfile builds images/<dir>/Dockerfile against the stand-in and
// the test image of the shim, and runs it with good, empty and missing
// optional secrets.
func testDockerfile(t *testing.T, s service, shimTag string) {
	tag := prefix + "/" + s.dir + ":test"
	build(t, filepath.Join(repoRoot(t), "images", s.dir), tag, "--build-arg", "SECRETSHIM_IMAGE="+shimTag)
	checkConfig(t, tag, s)

	canary := newCanary(t)
	out, code := dockerRun(t, tag, s, writeSecrets(t, t.TempDir(), s, canary))
	if code != 0 {
		t.Fatalf("docker run: exit %d\n%s", code, out)
	}
	checkChain(t, out, s, canary)
	checkEmpty(t, tag, s)
	checkOptional(t, tag, s)
	checkOtherUser(t, tag, s)
}

// checkOtherUser runs a wrapper whose upstream is unprivileged with
// docker run --user set to the upstream user, which its README warns
// against: the shim, no longer root, cannot read the root-only secret and
// stops before the entrypoint with 66. When the file is readable, the shim
// already is the user that its --user names, so it has nothing to switch
// and the chain runs as it does from root.
func checkOtherUser(t *testing.T, tag string, s service) {
	t.Helper()
	if s.upstream.user == "" {
		return
	}
	user := "--user=" + s.uid + ":" + s.gid
	for _, tc := range []struct {
		mode os.FileMode
		code int
	}{{0o400, 66}, {0o444, 0}} {
		canary := newCanary(t)
		dir := writeSecrets(t, t.TempDir(), s, canary)
		for _, sec := range s.secrets {
			if err := os.Chmod(filepath.Join(dir, sec.name), tc.mode); err != nil {
				t.Fatal(err)
			}
		}
		out, code := dockerRun(t, tag, s, dir, user)
		switch {
		case tc.code == 0 && code == 0:
			checkSameUser(t, out, s, canary)
		case code != tc.code || len(parseRecord(out)) != 0 || strings.Count(out, "secretshim: error:") != 1:
			t.Errorf("%s, secret mode %04o: exit %d, want %d with the entrypoint never run\n%s", user, tc.mode, code, tc.code, out)
		}
	}
}

// checkSameUser checks a start by a shim that already was the upstream
// user: the entrypoint runs as that user with every secret, and no value
// is in the output. The secret file is readable here, unlike in
// checkChain.
func checkSameUser(t *testing.T, out string, s service, canary string) {
	t.Helper()
	r := parseRecord(out)
	if strings.Contains(out, canary) {
		t.Errorf("a secret's value is in the output")
	}
	if got := r.one("uid") + ":" + r.one("gid"); got != s.uid+":"+s.gid {
		t.Errorf("entrypoint runs as %s, want %s:%s\n%s", got, s.uid, s.gid, out)
	}
	for _, sec := range s.secrets {
		if got := r.one("env." + sec.variable); got != sha(canary+"-"+sec.name) {
			t.Errorf("%s: hash %q, not the secret's", sec.variable, got)
		}
	}
}

// checkEmpty runs the wrapper with empty secret files: it stops with 65
// before the entrypoint runs, since none of the wrappers passes
// --allow-empty (for Pi-hole and code-server empty means no password).
func checkEmpty(t *testing.T, tag string, s service) {
	t.Helper()
	out, code := dockerRun(t, tag, s, writeSecrets(t, t.TempDir(), s, ""))
	if code != 65 || len(parseRecord(out)) != 0 || !strings.Contains(out, "secretshim: error:") {
		t.Errorf("empty secret: exit %d, want 65 with the entrypoint never run\n%s", code, out)
	}
}

// checkOptional runs the wrapper without each optional secret: the start
// goes on with the variable unset.
func checkOptional(t *testing.T, tag string, s service) {
	t.Helper()
	for _, sec := range s.secrets {
		if !sec.optional {
			continue
		}
		dir := writeSecrets(t, t.TempDir(), s, newCanary(t))
		if err := os.Remove(filepath.Join(dir, sec.name)); err != nil {
			t.Fatal(err)
		}
		out, code := dockerRun(t, tag, s, dir)
		if got := parseRecord(out).one("env." + sec.variable); code != 0 || got != "unset" {
			t.Errorf("without optional %s: exit %d, %s %q, want 0 and unset\n%s", sec.name, code, sec.variable, got, out)
		}
	}
}

// imageConfig is the part of `docker image inspect` the checks read.
type imageConfig struct {
	User       string
	Entrypoint []string
	Cmd        []string
}

// checkConfig checks that the wrapper starts the shim, that the upstream
// entrypoint and command follow "--", and that the shim starts as root
// where upstream runs unprivileged.
func checkConfig(t *testing.T, tag string, s service) {
	t.Helper()
	var c imageConfig
	out := must(t, nil, "docker", "image", "inspect", "-f", "{{json .Config}}", tag)
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("docker image inspect %s: %v", tag, err)
	}
	ep := c.Entrypoint
	if len(ep) < 3 || ep[0] != "/secretshim" || ep[len(ep)-2] != "--" || ep[len(ep)-1] != s.upstream.entrypoint {
		t.Errorf("ENTRYPOINT %q, want /secretshim ... -- %s", ep, s.upstream.entrypoint)
	}
	if !slices.Equal(c.Cmd, s.upstream.cmd) {
		t.Errorf("CMD %q, want upstream's %q", c.Cmd, s.upstream.cmd)
	}
	if s.upstream.user != "" && c.User != "root" {
		t.Errorf("USER %q, want root: the shim reads the secret, then switches", c.User)
	}
}

// dockerRun runs the wrapper once, offline, with the secrets in dir
// mounted where Compose would put them and the given docker run options.
func dockerRun(t *testing.T, tag string, s service, dir string, options ...string) (string, int) {
	t.Helper()
	name := prefix + "-" + s.dir + "-" + randomHex(t, 4)
	t.Cleanup(func() { run(t, nil, "docker", "rm", "-f", name) })
	args := []string{"run", "--rm", "--name", name, "--network", "none"}
	for _, sec := range s.secrets {
		file := filepath.Join(dir, sec.name)
		if _, err := os.Stat(file); err == nil {
			args = append(args, "-v", file+":/run/secrets/"+sec.name+":ro")
		}
	}
	for k, v := range s.plain {
		args = append(args, "-e", k+"="+v)
	}
	args = append(append(append(args, options...), tag), s.runArgs...)
	return run(t, nil, "docker", args...)
}

// testCompose validates the shipped compose.yaml and runs it against the
// stand-in, offline through an override file.
func testCompose(t *testing.T, s service, shimBin string) {
	dir := t.TempDir()
	canary := newCanary(t)
	writeSecrets(t, dir, s, canary)
	override := filepath.Join(dir, "override.yaml")
	writeFile(t, override, "services:\n  "+s.dir+":\n    network_mode: none\n    restart: \"no\"\n", 0o644)

	env := []string{"SHIM_BIN=" + shimBin}
	for _, sec := range s.secrets {
		env = append(env, sec.pathVar+"="+filepath.Join(dir, sec.name))
	}
	file := filepath.Join(repoRoot(t), "images", s.dir, "compose.yaml")
	project := []string{"-p", prefix + "-" + s.dir, "-f", file}
	must(t, env, "docker-compose", slices.Concat(project, []string{"config", "-q"})...)
	offline := func(args ...string) []string {
		return slices.Concat(project, []string{"-f", override}, args)
	}
	must(t, env, "docker-compose", offline("config", "-q")...)
	t.Cleanup(func() { run(t, env, "docker-compose", offline("down", "-v", "--remove-orphans")...) })

	out, code := run(t, env, "docker-compose", offline("up", "--no-color", "--exit-code-from", s.dir)...)
	if code != 0 {
		t.Fatalf("docker-compose up: exit %d\n%s", code, out)
	}
	checkChain(t, out, s, canary)

	// The long bind syntax makes a missing shim an error, where the short
	// one would mount an empty directory in its place (images/README.md).
	noShim := append(slices.Clone(env), "SHIM_BIN="+filepath.Join(dir, "no-such-shim"))
	out, code = run(t, noShim, "docker-compose", offline("up", "--no-color", "--exit-code-from", s.dir)...)
	if code == 0 || len(parseRecord(out)) != 0 || !strings.Contains(out, "no-such-shim") {
		t.Errorf("docker-compose up without the shim on the host: exit %d, want an error naming it\n%s", code, out)
	}
}

// writeSecrets writes each secret of s into dir as a 0400 file owned by
// the test's user (root in CI), value "<canary>-<name>" or empty.
func writeSecrets(t *testing.T, dir string, s service, canary string) string {
	t.Helper()
	for _, sec := range s.secrets {
		value := ""
		if canary != "" {
			value = canary + "-" + sec.name + "\n"
		}
		writeFile(t, filepath.Join(dir, sec.name), value, 0o400)
	}
	return dir
}

// checkChain reads the stand-in's record and checks that the shim ran
// first and the upstream entrypoint next, as PID 1, with the right
// arguments, user and variables, and that no value reached the output.
func checkChain(t *testing.T, out string, s service, canary string) {
	t.Helper()
	r := parseRecord(out)
	if strings.Contains(out, canary) {
		t.Errorf("a secret's value is in the output")
	}
	if !strings.Contains(out, "secretshim: exporting ") {
		t.Errorf("no line from secretshim: it did not run first\n%s", out)
	}
	if got := r.one("argv0"); got != s.upstream.path {
		t.Errorf("entrypoint %q, want %q\n%s", got, s.upstream.path, out)
	}
	if got := r["arg"]; !slices.Equal(got, s.args) {
		t.Errorf("arguments %q, want %q", got, s.args)
	}
	if got := r.one("pid"); got != "1" {
		t.Errorf("entrypoint has PID %q, want 1 (the shim execs it)", got)
	}
	if got := r.one("uid") + ":" + r.one("gid"); got != s.uid+":"+s.gid {
		t.Errorf("entrypoint runs as %s, want %s:%s", got, s.uid, s.gid)
	}
	if got := r.one("shimvars"); got != "none" {
		t.Errorf("SECRETSHIM_* variables reached the entrypoint: %q", got)
	}
	checkVariables(t, r, s, canary)
}

// checkVariables checks each variable by its hash, and that the secret
// file itself stays unreadable to an unprivileged entrypoint: the shim
// read it as root.
func checkVariables(t *testing.T, r record, s service, canary string) {
	t.Helper()
	readable := "readable"
	if s.uid != "0" {
		readable = "unreadable"
	}
	for _, sec := range s.secrets {
		if got := r.one("env." + sec.variable); got != sha(canary+"-"+sec.name) {
			t.Errorf("%s: hash %q, not the secret's", sec.variable, got)
		}
		if got := r.one("secret./run/secrets/" + sec.name); got != readable {
			t.Errorf("/run/secrets/%s is %q to the entrypoint, want %s to uid %s", sec.name, got, readable, s.uid)
		}
	}
	for k, v := range s.plain {
		if slices.Contains(s.upstream.vars, k) && r.one("env."+k) != sha(v) {
			t.Errorf("%s: hash %q, want that of %q", k, r.one("env."+k), v)
		}
	}
}

func newCanary(t *testing.T) string {
	return "canary-" + randomHex(t, 8)
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
