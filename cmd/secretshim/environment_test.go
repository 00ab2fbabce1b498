package main

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"A=/a", []string{"A=/a"}},
		{"A=/a,B=/b", []string{"A=/a", "B=/b"}},
		{" A=/a ,\n\n B=/b \n", []string{"A=/a", "B=/b"}},
		{",,\n,", nil},
		{"A=/a\r\nB=/b", []string{"A=/a", "B=/b"}},
	}
	for _, tt := range tests {
		if got := SplitList(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSplitList checks that items are non-empty, trimmed, free of
// separators, and that joining them keeps every non-blank byte in order.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"A=/a,B=/b", " x \n y ", ",,", "a\r\nb", "\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			t.Skip("the comparison below decodes runes") // SplitList itself is byte-safe
		}
		items := SplitList(in)
		for _, item := range items {
			if item == "" || item != strings.TrimSpace(item) || strings.ContainsAny(item, ",\n") {
				t.Fatalf("SplitList(%q) has item %q", in, item)
			}
		}
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == ',' || r == '\n' || strings.TrimSpace(string(r)) == "" {
					return -1
				}
				return r
			}, s)
		}
		if keep(strings.Join(items, "")) != keep(in) {
			t.Fatalf("SplitList(%q) = %q lost text", in, items)
		}
	})
}

func TestParseBool(t *testing.T) {
	for _, s := range []string{"1", "true", "YES", " on "} {
		if v, err := ParseBool(s); !v || err != nil {
			t.Errorf("ParseBool(%q) = %v, %v; want true", s, v, err)
		}
	}
	for _, s := range []string{"", "0", "False", "no", "OFF"} {
		if v, err := ParseBool(s); v || err != nil {
			t.Errorf("ParseBool(%q) = %v, %v; want false", s, v, err)
		}
	}
	if _, err := ParseBool("maybe"); err == nil {
		t.Error(`ParseBool("maybe") succeeded`)
	}
}

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"A={{ x }},y", []string{"A={{ x }},y"}},
		{"A=a\n\n  B=b, c \r\n\t\n", []string{"A=a", "B=b, c "}},
		{"A=a\r\rB=b", []string{"A=a\r\rB=b"}},
	}
	for _, tt := range tests {
		if got := SplitLines(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("SplitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSplitLines checks that SECRETSHIM_TEMPLATE entries are non-empty
// lines without their indentation or final "\r", and that only those and
// the newlines are dropped: commas and inner blanks stay.
func FuzzSplitLines(f *testing.F) {
	for _, s := range []string{"A=a,b\nB=c", "  A=x \r\n\n", "\t\n\r\n", "A={{ \"a,b\" }}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		items := SplitLines(in)
		var rebuilt []string
		for _, item := range items {
			if item == "" || strings.Contains(item, "\n") || strings.TrimLeft(item, " \t") != item {
				t.Fatalf("SplitLines(%q) has item %q", in, item)
			}
			rebuilt = append(rebuilt, item)
		}
		var want []string
		for _, line := range strings.Split(in, "\n") {
			if line = strings.TrimLeft(strings.TrimSuffix(line, "\r"), " \t"); line != "" {
				want = append(want, line)
			}
		}
		if !slices.Equal(rebuilt, want) {
			t.Fatalf("SplitLines(%q) = %q, want %q", in, items, want)
		}
	})
}
