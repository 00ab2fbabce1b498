// Command goexec only execs its arguments. make bench runs it as the floor
// of any Go program in front of another: the Go runtime's start and one
// execve, with none of secretshim's work.
package main

import (
	"os"
	"syscall"
)

func main() {
	err := syscall.Exec(os.Args[1], os.Args[1:], os.Environ())
	os.Stderr.WriteString("goexec: " + err.Error() + "\n")
	os.Exit(127)
}
