package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

type report struct {
	counter  counter // nil: no instruction counts
	started  time.Time
	machine  string
	sizes    []*measurement
	binaries []binary
}

type binary struct {
	name   string
	size   int64 // bytes
	static bool
	arch   string // GOARCH of its ELF machine
	rss    int64  // KiB
}

// The markers around the README's table, which write replaces.
const (
	beginMark = "<!-- bench:begin -->"
	endMark   = "<!-- bench:end -->"
)

func (r *report) write(o *options) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured by `make bench` on %s: %s.\n\n", r.started.UTC().Format("2006-01-02"), r.machine)
	fmt.Fprintf(&b, "Wall time per start, over %d runs of each tool, in %d interleaved rounds of hyperfine;\n",
		o.rounds*o.runs, o.rounds)
	b.WriteString("spread is the 25th to 75th percentile")
	if r.counter != nil {
		fmt.Fprintf(&b, "; instructions are %s", r.counter)
	}
	b.WriteString(".\n")
	for _, m := range r.sizes {
		b.WriteString("\n")
		b.WriteString(m.table())
	}
	b.WriteString("\n")
	b.WriteString(r.slopeTable())
	b.WriteString("\n")
	b.WriteString(r.binaryTable())
	b.WriteString("\n")
	b.WriteString(r.targets())

	if err := os.WriteFile(o.out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: wrote %s\n", o.out)
	if o.readme == "" {
		return nil
	}
	return replaceSection(o.readme, b.String())
}

// table is one markdown table for one number of secrets.
func (m *measurement) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d secret file(s):\n\n", m.n)
	b.WriteString("| tool | median | spread | × direct | × secretshim --dir | peak RSS | instructions |\n")
	b.WriteString("|---|--:|--:|--:|--:|--:|--:|\n")
	for _, t := range m.tools {
		instr := "—"
		if n, ok := m.instructions[t.name]; ok {
			instr = fmt.Sprintf("%.2fM", float64(n)/1e6)
		}
		fmt.Fprintf(&b, "| %s | %s | %s–%s | %.2f | %.2f | %.1f MiB | %s |\n", t.name,
			ms(m.median(t.name)), ms(m.quantile(t.name, 0.25)), ms(m.quantile(t.name, 0.75)),
			m.ratio(t.name, direct), m.ratio(t.name, shimDir), float64(m.rss[t.name])/1024, instr)
	}
	return b.String()
}

// slopeTable gives what one more secret costs each tool, from the medians
// at 100 and 1000 secrets: with the fixed cost of a start taken out, it
// shows the work per file alone.
func (r *report) slopeTable() string {
	var m100, m1000 *measurement
	for _, m := range r.sizes {
		switch m.n {
		case 100:
			m100 = m
		case 1000:
			m1000 = m
		}
	}
	if m100 == nil || m1000 == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("Cost of one more secret, (median at 1000 − median at 100) / 900:\n\n")
	b.WriteString("| tool | per secret |\n|---|--:|\n")
	for _, t := range m1000.tools {
		if !t.exports {
			continue
		}
		per := (m1000.median(t.name) - m100.median(t.name)) / 900
		fmt.Fprintf(&b, "| %s | %.2f µs |\n", t.name, float64(per)/float64(time.Microsecond))
	}
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// replaceSection puts text between the README's markers.
func replaceSection(path, text string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	begin := bytes.Index(data, []byte(beginMark))
	end := bytes.Index(data, []byte(endMark))
	if begin < 0 || end < begin {
		return fmt.Errorf("%q has no %s … %s section", path, beginMark, endMark)
	}
	var out bytes.Buffer
	out.Write(data[:begin+len(beginMark)])
	out.WriteString("\n")
	out.WriteString(text)
	out.Write(data[end:])
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "bench: updated the performance section of %s\n", path)
	return nil
}

// describeMachine names the processor, the cores, the kernel and Go.
func describeMachine() string {
	cpu := "unknown processor"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	kernel := "Linux"
	if out, err := exec.Command("uname", "-r").Output(); err == nil {
		kernel += " " + strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("%s, %d cores, %s, %s", cpu, runtime.NumCPU(), kernel, runtime.Version())
}
