package shim

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// benchSizes are the numbers of secrets that make bench measures too.
var benchSizes = []int{1, 10, 100, 1000}

// benchDir writes n secret files of 32 bytes each into a new directory.
func benchDir(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	for i := range n {
		value := fmt.Sprintf("%031d\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("BENCH_%d", i)), []byte(value), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchPrepare runs Prepare on cfg b.N times and reports the allocations
// per secret beside the usual figures.
func benchPrepare(b *testing.B, n int, cfg Config) {
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c := cfg
		p, err := Prepare(&c)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Vars) != n {
			b.Fatalf("got %d variables; want %d", len(p.Vars), n)
		}
	}
	b.StopTimer()
	allocs := testing.AllocsPerRun(1, func() {
		c := cfg
		if _, err := Prepare(&c); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(allocs/float64(n), "allocs/secret")
}

// environ is a small incoming environment, as a container has.
var benchEnviron = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root", "HOSTNAME=c0ffee"}

func BenchmarkPrepareDir(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := benchDir(b, n)
			benchPrepare(b, n, Config{Sources: []Source{{Kind: Dir, Path: dir}}, Environ: benchEnviron})
		})
	}
}

func BenchmarkPrepareEnv(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := benchDir(b, n)
			var srcs []Source
			for i := range n {
				name := fmt.Sprintf("BENCH_%d", i)
				srcs = append(srcs, Source{Kind: Env, Name: name, Path: filepath.Join(dir, name)})
			}
			benchPrepare(b, n, Config{Sources: srcs, Environ: benchEnviron})
		})
	}
}

func BenchmarkPrepareSuffix(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := benchDir(b, n)
			env := append([]string(nil), benchEnviron...)
			for i := range n {
				name := fmt.Sprintf("BENCH_%d", i)
				env = append(env, name+"_FILE="+filepath.Join(dir, name))
			}
			benchPrepare(b, n, Config{Sources: []Source{{Kind: Suffix, Affix: "_FILE"}}, Environ: env})
		})
	}
}
