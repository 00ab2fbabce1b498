package shim

import (
	"fmt"
	"io"
	"time"

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
		b = strftime.AppendFormat(b, l.TimeFormat, now())
		b = append(b, ' ')
	}
	b = append(b, "secretshim: "...)
	b = append(b, level...)
	b = fmt.Appendf(b, format, args...)
	b = append(b, '\n')
	l.W.Write(b)
}
