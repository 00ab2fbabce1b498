package shim

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestParseDotenv(t *testing.T) {
	in := "# comment\nA=\"abc#def\"\nB=abc$def\nC=${HOME}\nD='quoted'\nE=\"two\\nlines\"\n\nexport F=f\nA=again"
	want := []Entry{
		{"A", "abc#def", 2}, {"B", "abc$def", 3}, {"C", "${HOME}", 4}, {"D", "quoted", 5},
		{"E", "two\nlines", 6}, {"F", "f", 8}, {"A", "again", 9},
	}
	got, err := ParseDotenv([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries %+v, want %+v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// The faults go-envparse reports, each with text of the line around it;
// none of that text may come back.
func TestParseDotenvErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"OK=1\nA=\"CANARY", "line 2: unterminated double quote"},
		{"A='CANARY", "line 1: unterminated single quote"},
		{"CANARY", "line 1: missing '='"},
		{"=CANARY", "line 1: empty variable name"},
		{"CAN-ARY=x", "line 1: invalid character in variable name"},
		{`A="CANARY\q"`, "line 1: invalid escape sequence"},
		{`A="CANARY\u12"`, `line 1: incomplete \u escape sequence`},
		{"A=CANARY\x01", "line 1: control character in value"},
		{"A=" + strings.Repeat("x", 70000), "line 1: line longer than 65535 bytes"},
	}
	for _, tt := range tests {
		_, err := ParseDotenv([]byte(tt.in))
		var de *DotenvError
		if !errors.As(err, &de) {
			t.Errorf("ParseDotenv(%.20q) = %v, want a DotenvError", tt.in, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDotenv(%.20q) = %q, want %q", tt.in, err, tt.want)
		}
	}
}

var dotenvMessage = regexp.MustCompile(`^line [1-9][0-9]*: [-a-zA-Z '=\\0-9]+$`)

// FuzzParseDotenv checks that every error has the fixed shape "line N:
// fault" whatever the input, so that no byte of a line can reach it, and
// that line numbers stay within the input.
func FuzzParseDotenv(f *testing.F) {
	for _, s := range []string{"A=1\nB='x'\n", "A=\"x", "A=\"\\u12\"", "=x", "A B=c", "A=\x00", "#c\n\nexport X=y"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		entries, err := ParseDotenv(in)
		lines := strings.Count(string(in), "\n") + 1
		if err != nil {
			var de *DotenvError
			if !errors.As(err, &de) || !dotenvMessage.MatchString(err.Error()) || de.Line > lines {
				t.Fatalf("ParseDotenv(%q): error %q has not the fixed shape", in, err)
			}
			return
		}
		for _, e := range entries {
			if e.Line < 1 || e.Line > lines || e.Name == "" {
				t.Fatalf("ParseDotenv(%q): bad entry %+v", in, e)
			}
		}
	})
}
