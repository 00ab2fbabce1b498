package shim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// canary is planted in every secret below; it must never appear in an
// error or a log line.
const canary = "CANARY-5f1d"

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestCanaryNeverInOutput(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"ok":         canary + " \n",
		"nul":        canary + "\x00" + canary,
		"big":        canary + strings.Repeat("x", MaxFileSize),
		"edge":       canary + strings.Repeat("x", MaxFileSize-len(canary)-1),
		"bad.env":    "A=" + canary + "\nB=\"" + canary,
		"badesc.env": `A="` + canary + `\q"`,
		"name.env":   canary + "-X=1",
		"ctl.env":    "A=" + canary + "\x01",
		"dup.env":    "OK=" + canary,
		"d/A=B":      canary,
	})
	at := func(name string) string { return filepath.Join(dir, name) }
	environ := []string{"OK=" + canary, "OK_FILE=" + at("ok")}
	configs := map[string]*Config{
		"nul":          {Sources: []Source{{Kind: Env, Name: "A", Path: at("nul")}}},
		"too large":    {Sources: []Source{{Kind: Env, Name: "A", Path: at("big")}}},
		"name+value":   {Sources: []Source{{Kind: Env, Name: "AB", Path: at("edge")}}},
		"dotenv quote": {Sources: []Source{{Kind: EnvFile, Path: at("bad.env")}}},
		"dotenv esc":   {Sources: []Source{{Kind: EnvFile, Path: at("badesc.env")}}},
		"dotenv name":  {Sources: []Source{{Kind: EnvFile, Path: at("name.env")}}},
		"dotenv ctl":   {Sources: []Source{{Kind: EnvFile, Path: at("ctl.env")}}},
		"conflict env": {Sources: []Source{{Kind: EnvFile, Path: at("dup.env")}}, Environ: environ},
		"conflict":     {Sources: []Source{{Kind: Env, Name: "A", Path: at("ok")}, {Kind: EnvFile, Path: at("dup.env")}, {Kind: Env, Name: "OK", Path: at("ok")}}},
		"suffix":       {Sources: []Source{{Kind: Suffix, Affix: "_FILE"}}, Environ: environ},
		"dir name":     {Sources: []Source{{Kind: Dir, Path: at("d")}}},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			var log bytes.Buffer
			cfg.Log = &Logger{W: &log, Verbosity: Verbose}
			_, err := Prepare(cfg)
			if err == nil {
				t.Fatal("Prepare succeeded, want an error")
			}
			if strings.Contains(err.Error(), "CANARY") || strings.Contains(log.String(), "CANARY") {
				t.Fatalf("the canary leaked:\nerror: %v\nlog: %s", err, log.String())
			}
		})
	}
}
