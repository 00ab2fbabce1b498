//go:build e2e

package e2e

import (
	"strings"
	"testing"
)

// testCompose is scenario 2: testdata/compose.yaml, as the README shows
// it, with docker-compose (v1): entrypoint: overrides on unmodified
// images, a file secret, the shim bind-mounted read-only into one service
// and installed by a one-shot service into a volume for the other.
func testCompose(t *testing.T) {
	f := needDocker(t)
	needTool(t, "docker-compose", "version")
	compose := composeCLI(t, name(t, "p"),
		"DB_IMAGE="+f.postgres, "AUTH_IMAGE="+f.keycloak, "SECRETSHIM_IMAGE="+f.shimImg,
		"SECRETSHIM="+f.shim, "DB_PASSWORD_FILE="+secretFile(t, canary, 0o444))
	t.Cleanup(func() { compose("down", "-v", "--remove-orphans") })
	if r := compose("up", "-d"); r.code != 0 {
		t.Fatalf("docker-compose up: exit %d: %s", r.code, r.stderr)
	}

	db := strings.TrimSpace(compose("ps", "-q", "db").stdout)
	auth := strings.TrimSpace(compose("ps", "-q", "auth").stdout)
	docker.waitLog(t, db, "postgres: listening as uid 999", 1)
	docker.waitLog(t, auth, "keycloak: connected to the database", 1)
	hasVar(t, docker.environ(t, db), "POSTGRES_PASSWORD", canary)
	hasVar(t, docker.environ(t, auth), "KC_DB_PASSWORD", canary)

	logs := compose("logs", "--no-color")
	if !strings.Contains(logs.stdout, `installed "/shim/secretshim"`) {
		t.Errorf("no install line in the logs:\n%s", logs.stdout)
	}
	noCanary(t, "docker-compose logs", logs.output())
	noCanary(t, "docker inspect", must(t, "docker", "inspect", db, auth))
}

// composeCLI returns a function that runs docker-compose on
// testdata/compose.yaml for project, with the variables vars.
func composeCLI(t *testing.T, project string, vars ...string) func(...string) result {
	return func(args ...string) result {
		t.Helper()
		cmd := append(vars, "docker-compose", "-p", project, "-f", "testdata/compose.yaml")
		return run(t, "env", append(cmd, args...)...)
	}
}
