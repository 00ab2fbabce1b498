package shim

import (
	"bytes"
	"testing"
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
