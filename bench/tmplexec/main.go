// Command tmplexec execs its arguments, and with -t TEXT first renders
// TEXT as a text/template into the variable X. make bench measures it as
// the floor of a Go program that links text/template, as secretshim must
// for --template: the package's use of reflection keeps every exported
// method of every type in the binary, whether a template is rendered or
// not, and the binary's size shows in its memory and its start.
package main

import (
	"os"
	"strings"
	"syscall"
	"text/template"
)

func main() {
	args, env := os.Args[1:], os.Environ()
	if len(args) > 2 && args[0] == "-t" {
		var b strings.Builder
		t := template.Must(template.New("x").Funcs(template.FuncMap{"upper": strings.ToUpper}).Parse(args[1]))
		if err := t.Execute(&b, nil); err != nil {
			os.Exit(70)
		}
		args, env = args[2:], append(env, "X="+b.String())
	}
	err := syscall.Exec(args[0], args, env)
	os.Stderr.WriteString("tmplexec: " + err.Error() + "\n")
	os.Exit(127)
}
