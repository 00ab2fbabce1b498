package shim

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseSource(t *testing.T) {
	tests := []struct {
		kind SourceKind
		arg  string
		want Source
		bad  bool
	}{
		{kind: Env, arg: "DB=/run/secrets/db", want: Source{Kind: Env, Name: "DB", Path: "/run/secrets/db"}},
		{kind: Env, arg: "DB=a=b", want: Source{Kind: Env, Name: "DB", Path: "a=b"}},
		{kind: Optional, arg: "X=y", want: Source{Kind: Optional, Name: "X", Path: "y"}},
		{kind: Env, arg: "=PATH", bad: true},
		{kind: Env, arg: "NAME", bad: true},
		{kind: Env, arg: "NAME=", bad: true},
		{kind: Env, arg: "", bad: true},
		{kind: Env, arg: "SECRETSHIM_X=/p", bad: true},
		{kind: Env, arg: "A\x00B=/p", bad: true},
		{kind: EnvFile, arg: "/p/app.env", want: Source{Kind: EnvFile, Path: "/p/app.env"}},
		{kind: Dir, arg: "", bad: true},
		{kind: Suffix, arg: "_FILE", want: Source{Kind: Suffix, Affix: "_FILE"}},
		{kind: Prefix, arg: "FILE__", want: Source{Kind: Prefix, Affix: "FILE__"}},
		{kind: Suffix, arg: "", bad: true},
		{kind: Prefix, arg: "A=B", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseSource(tt.kind, tt.arg)
		if tt.bad {
			if KindOf(err) != KindUsage {
				t.Errorf("ParseSource(%s, %q) = %v, want a usage error", tt.kind.Option(), tt.arg, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSource(%s, %q) = %+v, %v; want %+v", tt.kind.Option(), tt.arg, got, err, tt.want)
		}
	}
}

// FuzzParseSource checks that a parsed NAME=PATH gives back its parts, and
// that an error never quotes what follows '=' unless it looks like a path.
func FuzzParseSource(f *testing.F) {
	for _, s := range []string{"DB=/run/secrets/db", "=x", "NAME", "A=b=c", "SECRETSHIM_A=/x", "A=./x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		src, err := ParseSource(Env, arg)
		if err != nil {
			name, rest, _ := strings.Cut(arg, "=")
			if len(rest) > 3 && !strings.Contains(strconv.Quote(name), rest) && !strings.HasPrefix(rest, "/") && !strings.HasPrefix(rest, ".") &&
				strings.Contains(err.Error(), rest) {
				t.Fatalf("error %q quotes %q", err, rest)
			}
			return
		}
		if src.Name+"="+src.Path != arg || src.Name == "" || src.Path == "" || strings.Contains(src.Name, "=") {
			t.Fatalf("ParseSource(%q) = %+v", arg, src)
		}
	})
}

func TestOriginString(t *testing.T) {
	tests := []struct {
		o    Origin
		want string
	}{
		{Origin{}, "the environment"},
		{Origin{Kind: Env, Path: "/s/db"}, `--env "/s/db"`},
		{Origin{Kind: EnvFile, Path: "/s/app.env", Line: 3}, `--env-file "/s/app.env" line 3`},
		{Origin{Kind: Suffix, Path: "/s/db", Via: "DB_PASS_FILE"}, `--suffix (DB_PASS_FILE="/s/db")`},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.o, got, tt.want)
		}
	}
}
