package main

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// binarySizes reports the size of each tool's binary on disk, whether it
// is static (a dynamic one also maps its libraries at each start), and
// its peak RSS when it starts the target with no secret at all. Beside
// the tools stands tmplexec, the floor of a Go program that links
// text/template.
func binarySizes(o *options) ([]binary, error) {
	none, err := makeSecrets(o.work, 0)
	if err != nil {
		return nil, err
	}
	var bins []binary
	for _, t := range []tool{
		{name: "secretshim", argv: []string{o.shim, "-q", "--"}},
		{name: goExec, argv: []string{o.goexec}},
		{name: "Go exec only, with text/template", argv: []string{o.tmplexec}},
		{name: libExec, argv: []string{o.libexec}},
		{name: envdir, argv: []string{"envdir", none.dir}},
		{name: s6Envdir, argv: []string{"s6-envdir", none.dir}},
	} {
		path, err := exec.LookPath(t.argv[0])
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		rss, err := peakRSS(t, o.target, none)
		if err != nil {
			return nil, err
		}
		bins = append(bins, binary{name: t.name, size: st.Size(), static: isStatic(path), arch: elfArch(path), rss: rss})
	}
	return bins, nil
}

// isStatic reports whether the ELF file at path asks for no interpreter.
func isStatic(path string) bool {
	f, err := elf.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return false
		}
	}
	return true
}

// elfArch names the machine the ELF file at path is for, as Go does.
func elfArch(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	switch f.Machine {
	case elf.EM_X86_64:
		return "amd64"
	case elf.EM_AARCH64:
		return "arm64"
	case elf.EM_386:
		return "386"
	case elf.EM_ARM:
		return "arm"
	case elf.EM_RISCV:
		return "riscv64"
	}
	return f.Machine.String()
}

func (r *report) binaryTable() string {
	var b strings.Builder
	b.WriteString("| binary | size | linked | peak RSS with no secret |\n|---|--:|---|--:|\n")
	for _, bin := range r.binaries {
		linked := "dynamic"
		if bin.static {
			linked = "static"
		}
		fmt.Fprintf(&b, "| %s | %.2f MB | %s | %.2f MB |\n", bin.name, float64(bin.size)/1e6, linked, float64(bin.rss)*1024/1e6)
	}
	return b.String()
}

// A target is one of the goals of issue 6 with what was measured for it.
type target struct {
	goal     string
	measured string
	met      bool
}

// targets checks the measurements against the goals. MB here is 10^6
// bytes, the stricter reading.
func (r *report) targets() string {
	var ts []target
	forms := []string{shimDir, shimEnv}
	for _, m := range r.sizes {
		for _, form := range forms {
			ts = append(ts, m.timeTargets(form)...)
		}
	}
	by := map[int]*measurement{}
	for _, m := range r.sizes {
		by[m.n] = m
	}
	if m100, m1000 := by[100], by[1000]; m100 != nil && m1000 != nil {
		for _, form := range forms {
			g := float64(m1000.median(form)) / float64(m100.median(form))
			ts = append(ts, target{fmt.Sprintf("%s: time(1000) / time(100) ≤ 10", form), fmt.Sprintf("%.2f", g), g <= 10})
		}
	}
	bins := map[string]binary{}
	for _, bin := range r.binaries {
		bins[bin.name] = bin
	}
	floor := bins["Go exec only, with text/template"]
	if m1000 := by[1000]; m1000 != nil {
		// The floor is libexec handed the same thousand secrets in its
		// environment: what the libraries and the program's environment
		// take before secretshim does anything.
		mb := func(name string) float64 { return float64(m1000.rss[name]) * 1024 / 1e6 }
		for _, form := range forms {
			ts = append(ts, target{fmt.Sprintf("peak RSS of %s at 1000 secrets ≤ 3 MB", form),
				fmt.Sprintf("%.2f MB (%s: %.2f MB)", mb(form), libExec, mb(libExec)), mb(form) <= 3})
		}
	}
	if bin, ok := bins["secretshim"]; ok {
		// The goal is for a static amd64 binary; bin/secretshim is built
		// for this machine, so elsewhere the row says what it measured
		// and the goal is not met by it.
		size := float64(bin.size) / 1e6
		linked := "dynamic"
		if bin.static {
			linked = "static"
		}
		measured := fmt.Sprintf("%.2f MB (floor with text/template: %.2f MB)", size, float64(floor.size)/1e6)
		if !bin.static || bin.arch != "amd64" {
			measured += fmt.Sprintf(", but %s %s", linked, bin.arch)
		}
		ts = append(ts, target{"static amd64 binary ≤ 1.6 MB", measured,
			bin.static && bin.arch == "amd64" && size <= 1.6})
	}

	var b strings.Builder
	b.WriteString("| target | measured | met |\n|---|--:|---|\n")
	for _, t := range ts {
		met := "no"
		if t.met {
			met = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", t.goal, t.measured, met)
	}
	return b.String()
}

// timeTargets are the goals on time for one form of secretshim.
func (m *measurement) timeTargets(form string) []target {
	var ts []target
	// check adds a goal on the ratio of form to other, with the ratio of
	// a floor to other beside it.
	check := func(goal, other string, met func(float64) bool, floor string) {
		r := m.ratio(form, other)
		ts = append(ts, target{fmt.Sprintf("%d secret(s), %s: %s", m.n, form, goal),
			fmt.Sprintf("%.3f× (%s: %.3f×)", r, floor, m.ratio(floor, other)), met(r)})
	}
	if m.n <= 10 {
		check("≤ 1.15× Go exec only", goExec, func(r float64) bool { return r <= 1.15 }, libExec)
	}
	if m.n == 1 {
		check("≤ 1.1× bash file_env", fileEnvSh, func(r float64) bool { return r <= 1.1 }, libExec)
	} else {
		check("faster than bash file_env", fileEnvSh, func(r float64) bool { return r < 1 }, libExec)
	}
	if m.n == 1000 {
		check("≤ 0.8× envdir", envdir, func(r float64) bool { return r <= 0.8 }, cFloor)
		check("≤ 0.8× s6-envdir", s6Envdir, func(r float64) bool { return r <= 0.8 }, cFloor)
	}
	return ts
}
