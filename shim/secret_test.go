package shim

import (
	"bytes"
	"testing"
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
