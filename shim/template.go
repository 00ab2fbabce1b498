package shim

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"
)

// A template's text is configuration; what it reads is secret. So the
// arguments of file and env must be strings written in the template
// itself: a path or name computed from a secret could otherwise reach an
// error message. Rendering errors keep only the template's position.

// escapers are the functions that shape a value for where it lands.
var escapers = template.FuncMap{
	// urluser escapes for the user or password part of a URL.
	"urluser": func(s string) string { return url.User(s).String() },
	// urlpath escapes one path segment.
	"urlpath": url.PathEscape,
	// urlquery escapes a query parameter's key or value.
	"urlquery": url.QueryEscape,
	// json quotes a JSON string, quotes included. encoding/json would
	// replace each byte that is not UTF-8 with U+FFFD, so a binary secret
	// would arrive changed; it is an error instead.
	"json": func(s string) (string, error) {
		if !utf8.ValidString(s) {
			return "", errNotUTF8
		}
		b, err := json.Marshal(s)
		return string(b), err
	},
	// base64 encodes with the standard alphabet and padding.
	"base64": func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
}

// errNotUTF8 is the fault of json on a value that is not UTF-8. It holds
// nothing of the value, so [renderError] keeps it.
var errNotUTF8 = errors.New("the value is not valid UTF-8, which a JSON string cannot hold (base64 can)")

// readers stand in for file and env while a template is parsed; rendering
// binds them to the sources read so far.
var readers = template.FuncMap{
	"file": func(string) (string, error) { return "", nil },
	"env":  func(string) (string, error) { return "", nil },
}

// parseTemplateSource parses the NAME=TEXT argument of --template. A parse
// error, an unknown function included, is a usage error.
func parseTemplateSource(arg string) (Source, error) {
	name, text, ok := strings.Cut(arg, "=")
	if !ok || name == "" {
		return Source{}, UsageError("--template wants NAME=TEXT")
	}
	if err := checkName(name); err != nil {
		return Source{}, UsageError("--template %q: %v", name, err)
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(readers).Funcs(escapers).Parse(text)
	if err != nil {
		msg, _ := strings.CutPrefix(err.Error(), "template: "+name+":")
		return Source{}, UsageError("--template %s: line %s", name, msg)
	}
	return Source{Kind: Template, Name: name, Template: t}, nil
}

// TemplateFiles returns the files a Template source reads with file, in
// the order they are written, for --wait. It finds a path written as
// file's argument, piped into file, or held by a variable that file is
// given, in the template and in the templates it defines.
func TemplateFiles(src Source) []string {
	roots := trees(src.Template)
	held := map[string][]string{} // $variable to the paths assigned to it
	for _, root := range roots {
		walkTemplate(root, func(n parse.Node) {
			if p, ok := n.(*parse.PipeNode); ok && len(p.Decl) == 1 {
				if s, ok := stringPipe(p); ok {
					held[p.Decl[0].Ident[0]] = append(held[p.Decl[0].Ident[0]], s)
				}
			}
		})
	}
	var files []string
	for _, root := range roots {
		walkTemplate(root, func(n parse.Node) {
			p, ok := n.(*parse.PipeNode)
			if !ok {
				return
			}
			for i, cmd := range p.Cmds {
				switch {
				case len(cmd.Args) == 2 && isIdent(cmd.Args[0], "file"):
					files = append(files, argPaths(cmd.Args[1], held)...)
				case len(cmd.Args) == 1 && isIdent(cmd.Args[0], "file") && i > 0 && len(p.Cmds[i-1].Args) == 1:
					files = append(files, argPaths(p.Cmds[i-1].Args[0], held)...)
				}
			}
		})
	}
	return files
}

// argPaths returns the paths an argument of file can stand for: the
// string written there, or those assigned to the variable written there.
func argPaths(arg parse.Node, held map[string][]string) []string {
	switch a := arg.(type) {
	case *parse.StringNode:
		return []string{a.Text}
	case *parse.VariableNode:
		if len(a.Ident) == 1 {
			return held[a.Ident[0]]
		}
	}
	return nil
}

// stringPipe reports whether p is a single string, as in {{ $p := "x" }}.
func stringPipe(p *parse.PipeNode) (string, bool) {
	if len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	s, ok := p.Cmds[0].Args[0].(*parse.StringNode)
	if !ok {
		return "", false
	}
	return s.Text, true
}

// trees returns the parse trees of t and of the templates it defines with
// define or block, t's first and the others by name.
func trees(t *template.Template) []parse.Node {
	var defined []*template.Template
	for _, d := range t.Templates() {
		if d.Name() != t.Name() && d.Tree != nil {
			defined = append(defined, d)
		}
	}
	slices.SortFunc(defined, func(a, b *template.Template) int { return strings.Compare(a.Name(), b.Name()) })
	var roots []parse.Node
	if t.Tree != nil {
		roots = append(roots, t.Root)
	}
	for _, d := range defined {
		roots = append(roots, d.Root)
	}
	return roots
}

// literals returns every string written in the template and in the
// templates it defines.
func literals(t *template.Template) map[string]bool {
	set := map[string]bool{}
	for _, root := range trees(t) {
		walkTemplate(root, func(n parse.Node) {
			if s, ok := n.(*parse.StringNode); ok {
				set[s.Text] = true
			}
		})
	}
	return set
}

func isIdent(n parse.Node, name string) bool {
	id, ok := n.(*parse.IdentifierNode)
	return ok && id.Ident == name
}

// walkTemplate calls f for every node in the tree below n, n included.
func walkTemplate(n parse.Node, f func(parse.Node)) {
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkTemplate(c, f)
		}
	case *parse.ActionNode:
		walkTemplate(n.Pipe, f)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walkTemplate(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkTemplate(a, f)
		}
	case *parse.IfNode:
		walkBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, f)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			walkTemplate(n.Pipe, f)
		}
	case *parse.ChainNode:
		walkTemplate(n.Node, f)
	}
}

func walkBranch(b *parse.BranchNode, f func(parse.Node)) {
	walkTemplate(b.Pipe, f)
	walkTemplate(b.List, f)
	if b.ElseList != nil {
		walkTemplate(b.ElseList, f)
	}
}

// template renders a Template source and exports its value.
func (c *collector) template(src Source) error {
	r := &renderer{c: c, name: src.Name, literals: literals(src.Template)}
	t, err := src.Template.Clone()
	if err != nil {
		return failure(KindRejected, "--template %s: %v", src.Name, err)
	}
	t.Funcs(template.FuncMap{"file": r.file, "env": r.env})
	w := &limitedWriter{name: src.Name, limit: MaxArgStrlen}
	if err := t.Execute(w, nil); err != nil {
		return renderError(src.Name, err)
	}
	return c.add(src.Name, w.b.String(), Origin{Kind: Template, Files: r.files})
}

// renderer holds the file and env functions of one rendering.
type renderer struct {
	c        *collector
	name     string
	literals map[string]bool
	files    []string
}

// file reads a secret file as --env does: same checks, same errors.
func (r *renderer) file(path string) (string, error) {
	if !r.literals[path] {
		return "", failure(KindRejected, "--template %s: file wants a path written in the template", r.name)
	}
	data, err := r.c.read(r.name, path)
	if err != nil {
		return "", err
	}
	if !r.c.cfg.Raw {
		data = Trim(data)
	}
	o := Origin{Kind: Template, Files: []string{path}}
	if err := checkValue(r.name, string(data), o, r.c.cfg.AllowEmpty); err != nil {
		return "", err
	}
	r.c.warnBlank(r.name, string(data), o)
	r.files = append(r.files, path)
	return string(data), nil
}

// env returns a variable exported by an earlier source, or else one of
// the incoming environment.
func (r *renderer) env(name string) (string, error) {
	if !r.literals[name] {
		return "", failure(KindRejected, "--template %s: env wants a name written in the template", r.name)
	}
	for i := len(r.c.vars) - 1; i >= 0; i-- {
		if r.c.vars[i].Name == name {
			return r.c.vars[i].Value, nil
		}
	}
	if v, ok := r.c.env.lookup(name); ok {
		return v, nil
	}
	return "", failure(KindRejected, "--template %s: env %q is not set", r.name, name)
}

// execPlace reads text/template's own execution error, of the form
// `template: NAME:LINE:COL: executing "NAME" at <NODE>: CAUSE`, and
// returns the place and the node, both text of the template. The cause
// can hold a value, so it is never kept. (A regular expression did this
// before; the package it needs made the binary 0.1 MB larger.)
func execPlace(msg string) (place, node string, ok bool) {
	rest, ok := strings.CutPrefix(msg, "template: ")
	if !ok {
		return "", "", false
	}
	place, rest, ok = strings.Cut(rest, `: executing "`)
	if !ok || place == "" || strings.ContainsAny(place, " \t\n") {
		return "", "", false
	}
	if _, rest, ok = strings.Cut(rest, `" at <`); !ok {
		return "", "", false
	}
	if node, _, ok = strings.Cut(rest, ">: "); !ok {
		return "", "", false
	}
	return place, node, true
}

// renderError keeps the shim's own errors, which are safe to print, and
// reduces any other to where in the template it happened.
func renderError(name string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if place, node, ok := execPlace(err.Error()); ok {
		msg := fmt.Sprintf("--template %s: rendering failed at %s, in <%s>", name, place, node)
		if errors.Is(err, errNotUTF8) {
			msg += ": " + errNotUTF8.Error()
		}
		return failure(KindRejected, "%s", msg)
	}
	return failure(KindRejected, "--template %s: rendering failed", name)
}

// limitedWriter collects a rendered value and fails once it outgrows what
// one environment string may hold.
type limitedWriter struct {
	b     strings.Builder
	name  string
	limit int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.limit {
		return 0, failure(KindRejected, "--template %s: the rendered value is over the limit of %d bytes for one variable",
			w.name, w.limit)
	}
	return w.b.Write(p)
}

// templateOrigin describes a Template source with the files it read.
func templateOrigin(files []string) string {
	if len(files) == 0 {
		return "--template"
	}
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = fmt.Sprintf("%q", f)
	}
	return "--template reading " + strings.Join(quoted, ", ")
}
