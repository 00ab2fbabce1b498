package shim

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEnvThroughDirs reads --env files in two directories, by absolute
// and relative paths, next to paths whose directory cannot be opened,
// and checks the values, the messages and that no descriptor is left.
func TestEnvThroughDirs(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a/A": "a\n", "a/B": "b\n", "c/C": "c\n", "a/sub/D": "d\n"})
	t.Chdir(dir)
	before := openFDs(t)

	cfg := &Config{Sources: []Source{
		{Kind: Env, Name: "A", Path: filepath.Join(dir, "a/A")},
		{Kind: Env, Name: "B", Path: "a/B"},
		{Kind: Env, Name: "C", Path: filepath.Join(dir, "c/C")},
		{Kind: Env, Name: "D", Path: "a/../a/sub/D"},
		{Kind: Env, Name: "B2", Path: filepath.Join(dir, "a", "B")},
	}}
	p, err := Prepare(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range p.Vars {
		got = append(got, v.Name+"="+v.Value)
	}
	if want := "A=a B=b C=c D=d B2=b"; strings.Join(got, " ") != want {
		t.Errorf("got %q; want %q", strings.Join(got, " "), want)
	}
	if after := openFDs(t); after != before {
		t.Errorf("%d descriptors open after Prepare; %d before", after, before)
	}

	for path, want := range map[string]string{
		"none/X":  `reading X from "none/X": no such file`,
		"a/A/X":   `reading X from "a/A/X": not a directory`,
		"a/":      `reading X from "a/": not a regular file (a directory)`,
		"a/none":  `reading X from "a/none": no such file`,
		"a/sub/":  `reading X from "a/sub/": not a regular file (a directory)`,
		"c/C/../": `reading X from "c/C/../": not a directory`,
	} {
		_, err := Prepare(&Config{Sources: []Source{{Kind: Env, Name: "X", Path: path}}})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: error %v; want it to start %q", path, err, want)
		}
	}
}

func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(entries)
}

// TestDirsBounded reads one secret from each of many directories and
// checks that the cache never holds more than maxDirs descriptors, so that
// a low RLIMIT_NOFILE still leaves room for the files.
func TestDirsBounded(t *testing.T) {
	files := map[string]string{}
	for i := range 3 * maxDirs {
		files[fmt.Sprintf("d%d/S", i)] = fmt.Sprint(i)
	}
	dir := writeFiles(t, files)
	d := dirs{}
	defer d.close()
	var r reader
	for i := range 3 * maxDirs {
		path := filepath.Join(dir, fmt.Sprintf("d%d/S", i))
		dirfd, file := d.split(path)
		got, err := r.readAt(dirfd, file, "S", path)
		if err != nil || string(got) != fmt.Sprint(i) {
			t.Fatalf("%s: %q, %v", path, got, err)
		}
	}
	open := 0
	for _, fd := range d {
		if fd != noDir {
			open++
		}
	}
	if open > maxDirs {
		t.Errorf("%d directory descriptors open; at most %d wanted", open, maxDirs)
	}
}
