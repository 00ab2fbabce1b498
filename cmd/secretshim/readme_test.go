package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHelpMatchesReadme checks that --help names every option, every
// SECRETSHIM_* variable and every exit code that the README's tables
// list, so that the two cannot drift apart.
func TestHelpMatchesReadme(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)

	options := regexp.MustCompile("(?m)^\\| `(?:-\\w, )?(--[a-z-]+)").FindAllStringSubmatch(readme, -1)
	var variables []string
	for _, row := range regexp.MustCompile("(?m)^\\| `SECRETSHIM_.*").FindAllString(readme, -1) {
		row, _, _ = strings.Cut(row[1:], "|") // the first column: the variables
		variables = append(variables, regexp.MustCompile("SECRETSHIM_[A-Z_]*[A-Z]").FindAllString(row, -1)...)
	}
	if len(options) < 15 || len(variables) < 15 {
		t.Fatalf("found %d options and %d variables in README.md; its tables have changed shape", len(options), len(variables))
	}
	for _, m := range options {
		if !strings.Contains(usage, m[1]) {
			t.Errorf("README lists %s; --help does not", m[1])
		}
	}
	for _, v := range variables {
		if !strings.Contains(usage, v) {
			t.Errorf("README names %s; --help does not", v)
		}
	}

	_, exits, ok := strings.Cut(readme, "\n## Exit status\n")
	if !ok {
		t.Fatal("README.md has no Exit status section")
	}
	exits, _, _ = strings.Cut(exits, "\n## ")
	_, helpExits, _ := strings.Cut(usage, "Exit status:")
	codes := regexp.MustCompile(`(?m)^\| ([\d, ]+) \|`).FindAllStringSubmatch(exits, -1)
	if len(codes) < 10 {
		t.Fatalf("found %d rows in README's exit status table", len(codes))
	}
	for _, m := range codes {
		if !strings.Contains(helpExits, m[1]) {
			t.Errorf("README's exit status %q is not in --help", m[1])
		}
	}
}
