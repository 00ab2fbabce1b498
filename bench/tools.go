package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// A tool is one way of starting the target with the secrets exported.
type tool struct {
	name string
	// argv is the command before the program to start.
	argv []string
	// symbols is the binary callgrind watches, when it is not argv[0].
	symbols string
	// goProgram is true for a Go binary, which callgrind runs without
	// asynchronous preemption (its signals crash callgrind 3.19).
	goProgram bool
	// exports is false for the floors, which export nothing.
	exports bool
	// input is the environment the tool starts in.
	input input
}

// input says what environment a tool starts in. Each tool gets what it
// needs and no more, and every program that a tool starts receives the
// same secrets: the floors are handed them ready, the others make them.
type input int

const (
	// pathOnly is PATH alone, for the tools told where the secrets are.
	pathOnly input = iota
	// fileVars adds a NAME_FILE variable per secret, for the tools that
	// find the secrets there (the bash loop, --suffix).
	fileVars
	// secretVars adds each secret as NAME=value, for the floors, so that
	// the program they start gets the same environment as from a tool.
	secretVars
)

// The names of the tools, which the report's ratios refer to.
const (
	direct    = "direct exec"
	cFloor    = "C loop, same system calls"
	goExec    = "Go exec only"
	libExec   = "Go exec, secretshim's libraries linked"
	shimDir   = "secretshim --dir"
	shimEnv   = "secretshim --env"
	shimSfx   = "secretshim --suffix"
	envdir    = "envdir"
	s6Envdir  = "s6-envdir"
	fileEnvSh = "bash file_env"
)

// secrets is the set of n secret files of one measurement.
type secrets struct {
	n     int
	dir   string
	names []string
	// The environments of each input.
	plain, withFiles, withSecrets []string
}

// makeSecrets writes n files of 32 random letters and digits (random bytes
// could hold a NUL or a line ending, which the tools treat differently).
func makeSecrets(work string, n int) (*secrets, error) {
	s := &secrets{n: n, dir: filepath.Join(work, fmt.Sprintf("n%d", n))}
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, err
	}
	s.plain = []string{"PATH=" + os.Getenv("PATH")}
	s.withFiles = slices.Clone(s.plain)
	s.withSecrets = slices.Clone(s.plain)
	for i := range n {
		name := fmt.Sprintf("BENCH_%d", i)
		path := filepath.Join(s.dir, name)
		value := randomValue()
		if err := os.WriteFile(path, []byte(value), 0o600); err != nil {
			return nil, err
		}
		s.names = append(s.names, name)
		s.withFiles = append(s.withFiles, name+"_FILE="+path)
		s.withSecrets = append(s.withSecrets, name+"="+value)
	}
	return s, nil
}

func randomValue() string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 32)
	rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}

// tools lists every tool for one set of secrets, floors first.
func tools(o *options, s *secrets) []tool {
	env := []string{o.shim, "-q"}
	for _, name := range s.names {
		env = append(env, "-e", name+"="+filepath.Join(s.dir, name))
	}
	fileEnv := append([]string{"bash", o.fileEnv}, s.names...)
	return []tool{
		{name: direct, input: secretVars},
		{name: goExec, argv: []string{o.goexec}, symbols: o.goexecSym, goProgram: true, input: secretVars},
		{name: libExec, argv: []string{o.libexec}, symbols: o.libexecSym, goProgram: true, input: secretVars},
		{name: cFloor, argv: []string{o.cfloor, s.dir}, exports: true, input: pathOnly},
		{name: shimDir, argv: []string{o.shim, "-q", "--dir", s.dir, "--"}, symbols: o.shimSym, goProgram: true, exports: true, input: pathOnly},
		{name: shimEnv, argv: append(env, "--"), symbols: o.shimSym, goProgram: true, exports: true, input: pathOnly},
		{name: shimSfx, argv: []string{o.shim, "-q", "--suffix", "_FILE", "--"}, symbols: o.shimSym, goProgram: true, exports: true, input: fileVars},
		{name: envdir, argv: []string{"envdir", s.dir}, exports: true, input: pathOnly},
		{name: s6Envdir, argv: []string{"s6-envdir", s.dir}, exports: true, input: pathOnly},
		{name: fileEnvSh, argv: append(fileEnv, "--"), exports: true, input: fileVars},
	}
}

// environ is the environment the tool runs in.
func (t tool) environ(s *secrets) []string {
	switch t.input {
	case fileVars:
		return s.withFiles
	case secretVars:
		return s.withSecrets
	}
	return s.plain
}

// command is the tool in front of program.
func (t tool) command(program string) []string {
	return append(append([]string(nil), t.argv...), program)
}

// verify runs the tool in front of env(1) and checks that the program
// receives every secret with its exact value: a tool that is fast because
// it does less would make the comparison a lie.
func verify(t tool, s *secrets) error {
	argv := t.command("env")
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return err
	}
	cmd := &exec.Cmd{Path: path, Args: argv, Env: t.environ(s)}
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			got[k] = v
		}
	}
	for _, name := range s.names {
		want, err := os.ReadFile(filepath.Join(s.dir, name))
		if err != nil {
			return err
		}
		if got[name] != string(want) {
			return fmt.Errorf("%s: the program did not receive %s with its value", t.name, name)
		}
		delete(got, name)
	}
	// Nothing else but PATH, and what bash adds to every environment:
	// a NAME_FILE left in place would hand the program more than the
	// other tools do, and spare the tool the work of removing it.
	for _, k := range []string{"PATH", "PWD", "SHLVL", "_"} {
		delete(got, k)
	}
	for k := range got {
		return fmt.Errorf("%s: the program received %s, which is neither PATH nor a secret", t.name, k)
	}
	return nil
}
