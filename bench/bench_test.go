package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPerfCount(t *testing.T) {
	for _, c := range []struct {
		out  string
		want int64
		ok   bool
	}{
		{"# started on Fri Dec  4\n\n345678,,instructions:u,1234567,100.00,,\n", 345678, true},
		{"<not supported>,,instructions:u,0,100.00,,\n", 0, false},
		{"<not counted>,,instructions:u,0,0.00,,\n", 0, false},
		{"12,,cycles:u,1,100.00,,\n", 0, false},
		{"", 0, false},
	} {
		got, err := perfCount(c.out)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("perfCount(%q) = %d, %v; want %d, ok %v", c.out, got, err, c.want, c.ok)
		}
	}
}

func TestSumSummaries(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"cg.1.1": "events: Ir\nsummary: 1000\ntotals: 1000\n",
		"cg.1.2": "events: Ir\nsummary: 234\n",
		"cg.7":   "summary: 5\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := sumSummaries(dir); err != nil || got != 1239 {
		t.Errorf("sumSummaries = %d, %v; want 1239", got, err)
	}
	if _, err := sumSummaries(t.TempDir()); err == nil {
		t.Error("sumSummaries of an empty directory: no error")
	}
}

func TestTimeField(t *testing.T) {
	out := "\tCommand being timed: \"true\"\n\tMaximum resident set size (kbytes): 1234\n\tExit status: 0\n"
	if got, err := timeField(out, "Maximum resident set size (kbytes)"); err != nil || got != 1234 {
		t.Errorf("timeField = %d, %v; want 1234", got, err)
	}
	if _, err := timeField("nothing", "Maximum resident set size (kbytes)"); err == nil {
		t.Error("timeField without the field: no error")
	}
}

func TestQuantile(t *testing.T) {
	m := &measurement{times: map[string][]time.Duration{"a": {5, 1, 4, 2, 3}, "b": {10}}}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{{0, 1}, {0.25, 2}, {0.5, 3}, {0.75, 4}, {1, 5}} {
		if got := m.quantile("a", c.q); got != c.want {
			t.Errorf("quantile(%v) = %v; want %v", c.q, got, c.want)
		}
	}
	if got := m.ratio("a", "b"); got != 0.3 {
		t.Errorf("ratio = %v; want 0.3", got)
	}
}
