package shim

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/ncruces/go-strftime"
)

// Verbosity selects which lines a [Logger] writes.
type Verbosity int

// The verbosity levels of -q, the default and -v.
const (
	Quiet   Verbosity = -1 // errors only
	Normal  Verbosity = 0  // errors, warnings, notices and one summary line
	Verbose Verbosity = 1  // also one line per variable
)

// Logger writes the shim's messages, one line each, in the shape
// "[TIME ]secretshim: [LEVEL: ]text". It never receives a secret's value.
type Logger struct {
	W          io.Writer
	Verbosity  Verbosity
	TimeFormat string // strftime format; empty means no time
	Now        func() time.Time
}

// Errorf writes an error line; errors are written at every verbosity.
func (l *Logger) Errorf(format string, args ...any) { l.write("error: ", format, args...) }

// Warnf writes a warning line, unless the logger is quiet.
func (l *Logger) Warnf(format string, args ...any) {
	if l.Verbosity > Quiet {
		l.write("warning: ", format, args...)
	}
}

// Noticef writes a notice, unless the logger is quiet.
func (l *Logger) Noticef(format string, args ...any) {
	if l.Verbosity > Quiet {
		l.write("", format, args...)
	}
}

// Verbosef writes a line only when the logger is verbose.
func (l *Logger) Verbosef(format string, args ...any) {
	if l.Verbosity >= Verbose {
		l.write("", format, args...)
	}
}

func (l *Logger) write(level, format string, args ...any) {
	if l == nil || l.W == nil {
		return
	}
	var b []byte
	if l.TimeFormat != "" {
		now := time.Now
		if l.Now != nil {
			now = l.Now
		}
		// The format is configuration, but it may hold a control
		// character ("\n", %n): escaped like the text, the line stays one.
		b = appendEscaped(b, strftime.Format(l.TimeFormat, now()))
		b = append(b, ' ')
	}
	b = append(b, "secretshim: "...)
	b = append(b, level...)
	b = appendEscaped(b, fmt.Sprintf(format, args...))
	b = append(b, '\n')
	l.W.Write(b)
}

// Escape returns s with each control character escaped as in a log line,
// for output that is not a log line, such as --check's report.
func Escape(s string) string { return string(appendEscaped(nil, s)) }

// appendEscaped appends s to b with each control character escaped as Go
// escapes it (\n, \x1b, \u009b), and each byte that is not UTF-8 as \xff.
// A variable's name can come from a file name in a --dir or from an
// incoming variable, and a newline in it would otherwise start a line of
// its own, one that could pass for an error; a C1 control or a stray byte
// such as 0x9b is a terminal's escape sequence in some settings.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
			b = fmt.Appendf(b, `\x%02x`, s[i])
		case r >= 0x80 && r < 0xa0:
			b = fmt.Appendf(b, `\u%04x`, r)
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}
