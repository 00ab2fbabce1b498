package shim

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/hashicorp/go-envparse"
)

// Entry is one variable of a dotenv file.
type Entry struct {
	Name  string
	Value string
	// Line is the 1-based line the entry stands on.
	Line int
}

// ParseDotenv parses a dotenv file's content with go-envparse's grammar:
// quotes and escapes decide the value, nothing is expanded, and no further
// trimming is done. Entries come back in file order, repeated names
// included, each with its line number.
//
// go-envparse parses a whole file into a map, which loses order, repeats
// and line numbers, and its errors can quote a byte of the offending line.
// So each line is handed to it on its own, and its errors are replaced by
// the line number and the kind of fault (see [DotenvError]).
func ParseDotenv(data []byte) ([]Entry, error) {
	var entries []Entry
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		e, ok, err := parseDotenvLine(line, n)
		if err != nil {
			return nil, err
		}
		if ok {
			entries = append(entries, e)
		}
	}
	return entries, nil
}

// maxDotenvLine is the longest line go-envparse reads: bufio.Scanner's
// default token size.
const maxDotenvLine = 64*1024 - 1

func parseDotenvLine(line []byte, n int) (Entry, bool, error) {
	if len(line) > maxDotenvLine {
		return Entry{}, false, &DotenvError{Line: n, Fault: "line longer than 65535 bytes"}
	}
	m, err := envparse.Parse(bytes.NewReader(line))
	if err != nil {
		return Entry{}, false, &DotenvError{Line: n, Fault: dotenvFault(err)}
	}
	for k, v := range m {
		return Entry{Name: k, Value: v, Line: n}, true, nil
	}
	return Entry{}, false, nil
}

// DotenvError is a syntax error in a dotenv file. It carries the line
// number and a fixed description of the fault, never text of the line.
type DotenvError struct {
	Line  int
	Fault string
}

func (e *DotenvError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ": " + e.Fault
}

// dotenvFault maps a go-envparse error to a fixed description. The error's
// own text is only matched against, never returned: several of its
// messages quote the byte that was refused.
func dotenvFault(err error) string {
	var pe *envparse.ParseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	sentinels := []struct {
		err   error
		fault string
	}{
		{envparse.ErrMissingSeparator, "missing '='"},
		{envparse.ErrEmptyKey, "empty variable name"},
		{envparse.ErrUnmatchedDouble, `unterminated double quote`},
		{envparse.ErrUnmatchedSingle, `unterminated single quote`},
		{envparse.ErrIncompleteEscape, "incomplete escape sequence"},
		{envparse.ErrIncompleteHex, "incomplete \\u escape sequence"},
		{envparse.ErrIncompleteSur, "incomplete Unicode surrogate pair"},
		{envparse.ErrMultibyteEscape, "non-ASCII character in an escape sequence"},
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.fault
		}
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "key "):
		return "invalid character in variable name"
	case strings.Contains(msg, "invalid value character"):
		return "control character in value"
	case strings.HasPrefix(msg, "invalid escape sequence"):
		return "invalid escape sequence"
	case strings.HasPrefix(msg, "invalid hex character"):
		return "invalid \\u escape sequence"
	case strings.Contains(msg, "too long"):
		return "line too long"
	}
	return "syntax error"
}
