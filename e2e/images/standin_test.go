//go:build e2e

package images

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// standin describes the startup contract of an upstream image that a
// stand-in keeps: what its Dockerfile says and where the entrypoint lives.
type standin struct {
	ref        string   // the pinned upstream reference, used as the tag
	entrypoint string   // ENTRYPOINT as upstream writes it (a name or a path)
	path       string   // where that entrypoint is in the image
	user       string   // upstream USER, "" for root
	cmd        []string // upstream CMD, nil for none
	vars       []string // the variables the recorder reports on
	etc        string   // extra /etc/passwd lines, as upstream has them
}

// recorder is the stand-in's entrypoint. It prints one key=value line per
// fact, prefixed "standin: ", and for each variable a SHA-256 of its value
// (never the value). @VARS@ is replaced by the variables to report on,
// fixed names from the test table, so eval sees no outside input.
const recorder = `#!/bin/busybox sh
b=/bin/busybox
echo "standin: argv0=$0"
for a in "$@"; do echo "standin: arg=$a"; done
echo "standin: pid=$$"
echo "standin: uid=$($b id -u)"
echo "standin: gid=$($b id -g)"
for v in @VARS@; do
	eval "isset=\${$v+x} val=\${$v-}"
	if [ -n "$isset" ]; then
		echo "standin: env.$v=$(printf %s "$val" | $b sha256sum | $b cut -d' ' -f1)"
	else
		echo "standin: env.$v=unset"
	fi
done
if $b env | $b grep -q '^SECRETSHIM_'; then
	echo "standin: shimvars=leaked"
else
	echo "standin: shimvars=none"
fi
for f in /run/secrets/*; do
	[ -e "$f" ] || continue
	if [ -r "$f" ]; then echo "standin: secret.$f=readable"; else echo "standin: secret.$f=unreadable"; fi
done
`

// buildStandin builds the stand-in and tags it with the upstream reference.
func buildStandin(t *testing.T, s standin) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "busybox"), string(readFile(t, busybox)), 0o755)
	script := strings.ReplaceAll(recorder, "@VARS@", strings.Join(s.vars, " "))
	writeFile(t, filepath.Join(dir, "entrypoint"), script, 0o755)
	passwd := "root:x:0:0:root:/root:/bin/sh\n" + s.etc
	writeFile(t, filepath.Join(dir, "etc", "passwd"), passwd, 0o644)
	writeFile(t, filepath.Join(dir, "etc", "group"), "root:x:0:\n", 0o644)
	writeFile(t, filepath.Join(dir, "Dockerfile"), standinDockerfile(s), 0o644)
	build(t, dir, s.ref)
}

func standinDockerfile(s standin) string {
	var b strings.Builder
	b.WriteString("FROM scratch\n")
	b.WriteString("COPY busybox /bin/busybox\n")
	b.WriteString("COPY etc /etc\n")
	b.WriteString("COPY entrypoint " + s.path + "\n")
	b.WriteString("ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
	b.WriteString("LABEL " + prefix + ".standin=" + jsonString(s.ref) + "\n")
	if s.user != "" {
		b.WriteString("USER " + s.user + "\n")
	}
	b.WriteString("ENTRYPOINT " + jsonArray([]string{s.entrypoint}) + "\n")
	if s.cmd != nil {
		b.WriteString("CMD " + jsonArray(s.cmd) + "\n")
	}
	return b.String()
}

func jsonArray(a []string) string {
	b, _ := json.Marshal(a)
	return string(b)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// record is what a stand-in printed: every value of each key, in order.
type record map[string][]string

// parseRecord picks the stand-in's lines out of output that may carry a
// docker-compose "service_1  | " prefix.
func parseRecord(out string) record {
	r := record{}
	for _, line := range strings.Split(out, "\n") {
		_, fact, ok := strings.Cut(line, "standin: ")
		if !ok {
			continue
		}
		key, value, _ := strings.Cut(strings.TrimRight(fact, "\r"), "=")
		r[key] = append(r[key], value)
	}
	return r
}

// one returns the single value of key, or "" when there is none or more.
func (r record) one(key string) string {
	if len(r[key]) != 1 {
		return ""
	}
	return r[key][0]
}

func sha(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}
