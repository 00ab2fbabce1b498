//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// testSwarm is scenario 5: a one-node swarm, which the test initialises
// on 127.0.0.1 and leaves again, a docker secret and a service that
// reads it through the shim.
func testSwarm(t *testing.T) {
	f := needDocker(t)
	if state := must(t, "docker", "info", "--format", "{{.Swarm.LocalNodeState}}"); state != "inactive" {
		t.Fatalf("this node's swarm state is %q; the test needs it inactive, to init and leave its own", state)
	}
	must(t, "docker", "swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr", "127.0.0.1:2377")
	t.Cleanup(func() { run(t, "docker", "swarm", "leave", "--force") })

	// A service cannot join the local network "none"; an internal
	// overlay network has no route out of the node either.
	network := name(t, "net")
	t.Cleanup(func() { run(t, "docker", "network", "rm", network) })
	must(t, "docker", "network", "create", "--driver", "overlay", "--internal", network)

	secret := name(t, "pw")
	t.Cleanup(func() { run(t, "docker", "secret", "rm", secret) })
	if r := runInput(t, []byte(canary), "docker", "secret", "create", secret, "-"); r.code != 0 {
		t.Fatalf("docker secret create: %s", r.stderr)
	}
	svc := name(t, "pihole")
	t.Cleanup(func() { removeService(t, svc) })
	must(t, "docker", "service", "create", "--detach", "--name", svc, "--no-resolve-image",
		"--restart-condition", "none", "--network", network, "--secret", secret,
		"--mount", "type=bind,source="+f.shim+",target=/secretshim,readonly",
		"--mount", "type=tmpfs,target="+piholeVo,
		"--entrypoint", "/secretshim", f.pihole,
		"-e", piholePW+"=/run/secrets/"+secret, "--", "start.sh")

	c := waitTask(t, svc)
	if got := docker.inspect(t, c, "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}"); got != network {
		t.Errorf("the task is on the networks %q, want only %s", got, network)
	}
	docker.waitLog(t, c, "pihole: ready", 1)
	hasVar(t, docker.environ(t, c), piholePW, canary)
	noCanary(t, "docker service inspect", must(t, "docker", "service", "inspect", svc))
	noCanary(t, "docker inspect", must(t, "docker", "inspect", c))
	noCanary(t, "docker service logs", run(t, "docker", "service", "logs", svc).output())
}

// waitTask polls, for a bounded time, until the service's task runs, and
// returns its container's id.
func waitTask(t *testing.T, svc string) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	var state string
	for time.Now().Before(deadline) {
		state = must(t, "docker", "service", "ps", "--no-trunc", "--format", "{{.CurrentState}} {{.Error}}", svc)
		if strings.HasPrefix(state, "Running") {
			return must(t, "docker", "ps", "-q", "--filter", "label=com.docker.swarm.service.name="+svc)
		}
		if strings.HasPrefix(state, "Failed") || strings.HasPrefix(state, "Rejected") {
			t.Fatalf("task of %s: %s", svc, state)
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("task of %s not running within 90s: %s", svc, state)
	return ""
}

// removeService removes the service and waits, for a bounded time, for
// its container to go, so that leaving the swarm finds nothing running.
func removeService(t *testing.T, svc string) {
	run(t, "docker", "service", "rm", svc)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if run(t, "docker", "ps", "-aq", "--filter", "label=com.docker.swarm.service.name="+svc).stdout == "" {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Errorf("the containers of %s were not removed within 60s", svc)
}
