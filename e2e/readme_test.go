package e2e

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeQuotesTestdata keeps the README's Compose file and baked
// Dockerfile the very files the e2e suite runs. It needs no engine, so it
// runs in make test, without the e2e tag.
func TestReadmeQuotesTestdata(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"testdata/compose.yaml", "testdata/baked/Dockerfile"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "\n"+string(b)+"```\n") {
			t.Errorf("README.md does not quote e2e/%s as it is", file)
		}
	}
}
