package shim

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The inputs from real reports that issue 2 lists, and their neighbours.
var trimCases = []struct{ in, want string }{
	{"s3cr3t-pw\n", "s3cr3t-pw"},
	{"baz\r\n", "baz"},
	{"a\rb\n", "a\rb"},
	{"  two words \t\n", "  two words \t"},
	{"-----BEGIN K-----\nAAAA\n-----END K-----\n", "-----BEGIN K-----\nAAAA\n-----END K-----"},
	{"x\n\n\r\n\n", "x"},
	{"x\r", "x\r"},
	{"x\n\r", "x\n\r"},
	{"\n", ""},
	{"", ""},
	{"no newline", "no newline"},
}

func TestTrim(t *testing.T) {
	for _, c := range trimCases {
		if got := string(Trim([]byte(c.in))); got != c.want {
			t.Errorf("Trim(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzTrim checks that Trim only ever removes a suffix made of line
// endings, and removes all of them.
func FuzzTrim(f *testing.F) {
	for _, c := range trimCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := Trim(in)
		if !bytes.HasPrefix(in, out) {
			t.Fatalf("Trim(%q) = %q, not a prefix", in, out)
		}
		rest := in[len(out):]
		if len(bytes.ReplaceAll(bytes.ReplaceAll(rest, []byte("\r\n"), nil), []byte("\n"), nil)) != 0 {
			t.Fatalf("Trim(%q) removed %q, not only line endings", in, rest)
		}
		if bytes.HasSuffix(out, []byte("\n")) {
			t.Fatalf("Trim(%q) = %q, still ends in a line ending", in, out)
		}
	})
}

// TestReaderReadsWholeFiles reads files around the sizes where readAll's
// buffer and its end-of-file rule change, through one reader, so that a
// value left over from a longer file would show.
func TestReaderReadsWholeFiles(t *testing.T) {
	sizes := []int{MaxFileSize, 1, 4095, 4096, 4097, 0, 65536, 3}
	files := map[string]string{}
	for i, n := range sizes {
		files[fmt.Sprint(i)] = strings.Repeat(string(rune('a'+i)), n)
	}
	dir := writeFiles(t, files)
	var r reader
	for i, n := range sizes {
		path := filepath.Join(dir, fmt.Sprint(i))
		got, err := r.readAt(unix.AT_FDCWD, path, "X", path)
		if err != nil {
			t.Fatalf("read %d bytes: %v", n, err)
		}
		if string(got) != files[fmt.Sprint(i)] {
			t.Errorf("read %d bytes: got %d bytes, not the file", n, len(got))
		}
	}
}

// TestReaderReadsPastFstatSize reads a file whose fstat size says 0,
// as files in /proc do.
func TestReaderReadsPastFstatSize(t *testing.T) {
	want, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	var r reader
	got, err := r.readAt(unix.AT_FDCWD, "/proc/self/status", "X", "/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	// The numbers in it change between two reads; the lines do not.
	if g, w := bytes.Count(got, []byte("\n")), bytes.Count(want, []byte("\n")); g != w || g == 0 {
		t.Errorf("got %d lines; want %d", g, w)
	}
}

// TestReadAllGrowth gives readAll a size hint smaller than the data, as
// for a file that grew after fstat, and a stream that passes the limit.
func TestReadAllGrowth(t *testing.T) {
	dir := writeFiles(t, map[string]string{"f": strings.Repeat("x", 100)})
	fd, err := unix.Open(filepath.Join(dir, "f"), unix.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	got, err := readAll(fd, nil, 10)
	if err != nil || len(got) != 100 {
		t.Errorf("readAll with a hint of 10 = %d bytes, %v; want 100 bytes", len(got), err)
	}

	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(p[0])
	go func() {
		defer unix.Close(p[1])
		chunk := bytes.Repeat([]byte("y"), 4096)
		for written := 0; written <= MaxFileSize; written += len(chunk) {
			if _, err := unix.Write(p[1], chunk); err != nil {
				return
			}
		}
	}()
	if _, err := readAll(p[0], nil, 0); err != errTooLarge {
		t.Errorf("readAll of more than MaxFileSize bytes: %v; want errTooLarge", err)
	}
}
