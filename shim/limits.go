package shim

import (
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"
)

// MaxArgStrlen is the kernel's limit on one argument or environment
// string, its final NUL included: MAX_ARG_STRLEN, 32 pages of 4 KiB.
const MaxArgStrlen = 32 * 4096

// Bounds of the total size of execve's arguments and environment, from
// bprm_stack_limits in the kernel's fs/exec.c: a quarter of RLIMIT_STACK,
// at most three quarters of the default 8 MiB stack, at least ARG_MAX.
const (
	minArgSpace = 32 * 4096
	maxArgSpace = 8 << 20 / 4 * 3
)

// ArgSpace returns how many bytes execve accepts for the file name, the
// arguments, the environment and their pointers, for the current
// RLIMIT_STACK.
func ArgSpace() (int64, error) {
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_STACK, &rl); err != nil {
		return 0, fmt.Errorf("reading RLIMIT_STACK: %w", err)
	}
	return argSpace(rl.Cur), nil
}

func argSpace(stack uint64) int64 {
	limit := uint64(maxArgSpace)
	if q := stack / 4; q < limit {
		limit = q
	}
	if limit < minArgSpace {
		limit = minArgSpace
	}
	return int64(limit)
}

// ExecSize returns what execve counts against [ArgSpace]: every string with
// its NUL, the file name included, and one pointer per argument and
// environment entry (at least one for the arguments).
func ExecSize(path string, argv, envv []string) int64 {
	n := int64(len(path) + 1)
	for _, s := range argv {
		n += int64(len(s) + 1)
	}
	for _, s := range envv {
		n += int64(len(s) + 1)
	}
	return n + int64(max(len(argv), 1)+len(envv))*strconv.IntSize/8
}

// checkArgSpace fails when path, argv and envv would not fit execve. The
// error names the largest secret, the likely culprit, and the sizes.
func checkArgSpace(path string, argv, envv []string, vars []Variable) error {
	limit, err := ArgSpace()
	if err != nil {
		return failure(KindRejected, "%v", err)
	}
	size := ExecSize(path, argv, envv)
	if size <= limit {
		return nil
	}
	msg := fmt.Sprintf("the environment and arguments take %d bytes, over execve's limit of %d bytes (derived from RLIMIT_STACK)",
		size, limit)
	var largest *Variable
	for i := range vars {
		if largest == nil || len(vars[i].Value) > len(largest.Value) {
			largest = &vars[i]
		}
	}
	if largest != nil {
		msg += fmt.Sprintf("; the largest secret is %s with %d bytes", largest.Name, len(largest.Value))
	}
	return failure(KindRejected, "%s", msg)
}
