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
