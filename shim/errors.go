package shim

import (
	"errors"
	"fmt"
	"syscall"
)

// Kind classifies an [Error] by what went wrong; the command maps each kind
// to one exit code.
type Kind int

// The kinds of failure, in the order of their exit codes.
const (
	// KindUsage is a malformed option or configuration value.
	KindUsage Kind = iota + 1
	// KindRejected is a secret whose name or content cannot be exported:
	// empty, holding a NUL byte, too large, set twice, or a dotenv file
	// with a syntax error.
	KindRejected
	// KindMissing is a secret file that is missing, unreadable, not a
	// regular file, or did not appear in time.
	KindMissing
	// KindUnknownUser is a user or group that cannot be resolved.
	KindUnknownUser
	// KindSwitchUser is a failure to change the process's user or groups.
	KindSwitchUser
	// KindCannotCreate is a file that --install could not write.
	KindCannotCreate
	// KindNotExecutable is a program that exists but cannot be executed.
	KindNotExecutable
	// KindNotFound is a program that does not exist.
	KindNotFound
	// KindInterrupted is a wait that ended on SIGTERM or SIGINT.
	KindInterrupted
)

// Error is a failure that keeps the program from starting. Its message
// names variables, paths and faults, never a secret's value.
type Error struct {
	Kind Kind
	// Signal is the signal that ended a wait, for KindInterrupted.
	Signal syscall.Signal
	msg    string
	cause  error
}

func (e *Error) Error() string { return e.msg }

// Unwrap returns the system error behind the failure, if any, so that
// errors.Is(err, fs.ErrNotExist) works. Its text is not part of Error.
func (e *Error) Unwrap() error { return e.cause }

// KindOf returns the kind of the first [*Error] in err's chain, or 0 if
// there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

func failure(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, msg: fmt.Sprintf(format, args...)}
}

func wrapFailure(kind Kind, cause error, format string, args ...any) error {
	return &Error{Kind: kind, cause: cause, msg: fmt.Sprintf(format, args...)}
}

// UsageError returns an error of KindUsage with the formatted message.
func UsageError(format string, args ...any) error {
	return failure(KindUsage, format, args...)
}
