package shim

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// A name with a newline, say a file in a --dir, must not start a line of
// its own: every message stays one line.
func TestLoggerOneLine(t *testing.T) {
	var b bytes.Buffer
	l := &Logger{W: &b}
	l.Noticef("exporting %s", "A\nsecretshim: error: forged\r\t\x1b[2J\x7f")
	want := `secretshim: exporting A\nsecretshim: error: forged\r\t\x1b[2J\x7f` + "\n"
	if got := b.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The time prefix comes from --log-time, whose format may hold a control
// character (a "\n" typed into SECRETSHIM_LOG_TIME, a strftime %n): the
// message must still be one line.
func TestLoggerTimeOneLine(t *testing.T) {
	var b bytes.Buffer
	l := &Logger{W: &b, TimeFormat: "%H\nsecretshim: error: forged%n%t"}
	l.Noticef("exporting A")
	if got := b.String(); bytes.Count(b.Bytes(), []byte("\n")) != 1 {
		t.Errorf("got %q, want one line", got)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"PLAIN_NAME":  "PLAIN_NAME",
		"a\nb\rc\td":  `a\nb\rc\td`,
		"esc\x1b[2J":  `esc\x1b[2J`,
		"del\x7f":     `del\x7f`,
		"c1\u009b2J":  `c1\u009b2J`,
		"stray\x9b2J": `stray\x9b2J`,
		"héllo wörld": "héllo wörld",
		"cut\xc3":     `cut\xc3`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q; want %q", in, got, want)
		}
	}
}

// FuzzEscape checks that what Escape returns is valid UTF-8 with no
// control character, C0 or C1, left in it.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"A\nB", "\x1b[31m", "\u009b", "\x9b", "héllo", "\xc3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q, not UTF-8", s, out)
		}
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("Escape(%q) = %q, holds %U", s, out, r)
			}
		}
	})
}
