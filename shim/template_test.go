package shim

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestTemplateFiles(t *testing.T) {
	src, err := ParseSource(Template, `X={{ file "/a" }}{{ if env "B" }}{{ (file "/b") | json }}{{ else }}{{ with file "/c" }}{{ . }}{{ end }}{{ end }}{{ range $i := 2 }}{{ file "/d" }}{{ end }}`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/a", "/b", "/c", "/d"}
	if got := TemplateFiles(src); !slices.Equal(got, want) {
		t.Errorf("TemplateFiles = %q, want %q", got, want)
	}
}

// The other ways a template can hand file a path written in it: piped in,
// through a variable, or inside a template it defines.
func TestTemplateFilesIndirect(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{`{{ "/a" | file }}`, []string{"/a"}},
		{`{{ $p := "/a" }}{{ file $p }}{{ $p = "/b" }}{{ $p | file }}`, []string{"/a", "/b", "/a", "/b"}},
		{`{{ with $p := "/a" }}{{ file $p | json }}{{ end }}`, []string{"/a"}},
		{`{{ define "U" }}{{ file "/b" }}{{ end }}{{ define "T" }}{{ file "/a" }}{{ end }}{{ template "T" }}`,
			[]string{"/a", "/b"}},
		{`{{ block "T" . }}{{ file "/a" }}{{ end }}{{ file "/b" }}`, []string{"/b", "/a"}},
		{`{{ define "T" }}{{ file "/a" }}{{ end }}`, []string{"/a"}},
		{`{{ file (printf "/%s" "a") }}{{ len "/b" | file }}`, nil},
	}
	for _, tt := range tests {
		src, err := ParseSource(Template, "X="+tt.text)
		if err != nil {
			t.Fatalf("ParseSource(%q): %v", tt.text, err)
		}
		if got := TemplateFiles(src); !slices.Equal(got, tt.want) {
			t.Errorf("TemplateFiles(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzTemplateCanary renders arbitrary templates over a secret holding the
// canary and checks that no error and no log line ever shows it.
func FuzzTemplateCanary(f *testing.F) {
	for _, s := range []string{
		`{{ file "s" }}`, `{{ file "s" | env }}`, `{{ file (file "s") }}`, `{{ (file "s").X }}`,
		`{{ index (file "s") 99 }}`, `{{ slice (file "s") 3 1 }}`, `{{ eq (file "s") 1 }}`,
		`{{ call (file "s") }}`, `{{ template (file "s") }}`, `{{ printf "%d" (file "s") | len }}`,
		`{{ $x := file "s" }}{{ $x.Y }}`, `{{ range file "s" }}{{ end }}`, `{{ html (file "s") | urlquery | json | base64 }}`,
		`{{ file "s" | printf "%s%s%s" | printf "%s%s" | printf "%s%s%s" }}`, `{{ not (file "s") | and 1 }}`,
	} {
		f.Add(s)
	}
	dir := f.TempDir()
	if err := os.WriteFile(dir+"/s", []byte(canary+"\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Chdir(dir)
	f.Fuzz(func(t *testing.T, text string) {
		if strings.Contains(text, "5f1d") || strings.Contains(text, "CANARY") {
			t.Skip("the canary is written in the template itself")
		}
		var log bytes.Buffer
		cfg := &Config{Environ: []string{"V=" + canary}, Log: &Logger{W: &log, Verbosity: Verbose}}
		src, err := ParseSource(Template, "X="+text)
		if err == nil {
			cfg.Sources = []Source{src}
			_, err = Prepare(cfg)
		}
		if err != nil && strings.Contains(err.Error(), "5f1d") {
			t.Fatalf("the canary leaked into an error: %v", err)
		}
		if strings.Contains(log.String(), "5f1d") {
			t.Fatalf("the canary leaked into the log: %s", log.String())
		}
	})
}

var execPlaceCases = []struct{ msg, place, node string }{
	{`template: X:1:3: executing "X" at <index (file "s") 99>: error calling index: index out of range: 99`, "X:1:3", `index (file "s") 99`},
	{`template: X:1:27: executing "X" at <json>: error calling json: CANARY`, "X:1:27", "json"},
	{`template: X: no such template "Y"`, "", ""},
	{`template: X Y:1:1: executing "X" at <a>: b`, "", ""},
	{`text: X:1:1: executing "X" at <a>: b`, "", ""},
	{`template: X:1:1: executing "X" at <a`, "", ""},
}

func TestExecPlace(t *testing.T) {
	for _, c := range execPlaceCases {
		place, node, ok := execPlace(c.msg)
		if ok != (c.place != "") || place != c.place || node != c.node {
			t.Errorf("execPlace(%q) = %q, %q, %v; want %q, %q", c.msg, place, node, ok, c.place, c.node)
		}
	}
}

// FuzzExecPlace checks that what execPlace keeps stands before the cause
// of the error, which is where a value could be.
func FuzzExecPlace(f *testing.F) {
	for _, c := range execPlaceCases {
		f.Add(c.msg)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		place, node, ok := execPlace(msg)
		if !ok {
			return
		}
		if !strings.HasPrefix(msg, "template: "+place+`: executing "`) {
			t.Fatalf("execPlace(%q): place %q is not where the message starts", msg, place)
		}
		if !strings.Contains(msg, " at <"+node+">: ") {
			t.Fatalf("execPlace(%q): node %q is not the message's <node>", msg, node)
		}
	})
}
