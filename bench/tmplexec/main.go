// Command tmplexec renders one text/template and then execs its arguments.
// make bench measures its size and memory as the floor of any Go program
// that links text/template, as secretshim must for --template: the
// package's use of reflection keeps every exported method of every type
// in the binary.
package main

import (
	"os"
	"strings"
	"syscall"
	"text/template"
)

func main() {
	t := template.Must(template.New("x").Funcs(template.FuncMap{"upper": strings.ToUpper}).Parse(`{{ "x" | upper }}`))
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		os.Exit(70)
	}
	err := syscall.Exec(os.Args[1], os.Args[1:], append(os.Environ(), "X="+b.String()))
	os.Stderr.WriteString("tmplexec: " + err.Error() + "\n")
	os.Exit(127)
}
