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
