package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// measurement is everything measured for one number of secrets.
type measurement struct {
	n     int
	tools []tool
	// times holds every run's wall time, by tool name.
	times map[string][]time.Duration
	// rss is the peak resident set in KiB, by tool name.
	rss map[string]int64
	// instructions executed before the exec, by tool name; absent when
	// not counted.
	instructions map[string]int64
}

func measure(o *options, n int) (*measurement, error) {
	s, err := makeSecrets(o.work, n)
	if err != nil {
		return nil, err
	}
	m := &measurement{n: n, tools: tools(o, s), times: map[string][]time.Duration{},
		rss: map[string]int64{}, instructions: map[string]int64{}}
	for _, t := range m.tools {
		if t.exports {
			if err := verify(t, s); err != nil {
				return nil, err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "bench: %d secrets: %d rounds of %d runs per tool\n", n, o.rounds, o.runs)
	for round := range o.rounds {
		if err := m.timeRound(o, s, round); err != nil {
			return nil, err
		}
	}
	for _, t := range m.tools {
		if m.rss[t.name], err = peakRSS(t, o.target, s); err != nil {
			return nil, err
		}
		if o.counter == nil || t.argv == nil {
			continue
		}
		if m.instructions[t.name], err = o.counter.count(t, o.target, s); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// timeRound runs hyperfine over every tool, in an order that turns by one
// each round, so that no tool is always measured first or last and a
// drift of the machine's speed spreads over all of them. hyperfine gives
// all its commands one environment, so the tools of each input run in a
// hyperfine of their own, and the order of those turns too.
func (m *measurement) timeRound(o *options, s *secrets, round int) error {
	var groups [][]tool
	for i := range m.tools {
		t := m.tools[(i+round)%len(m.tools)]
		j := slices.IndexFunc(groups, func(g []tool) bool { return g[0].input == t.input })
		if j < 0 {
			groups = append(groups, nil)
			j = len(groups) - 1
		}
		groups[j] = append(groups[j], t)
	}
	for _, g := range groups {
		if err := m.hyperfine(o, g, g[0].environ(s)); err != nil {
			return err
		}
	}
	return nil
}

// hyperfine times the tools, each in front of the target, in environ.
func (m *measurement) hyperfine(o *options, tools []tool, environ []string) error {
	export := filepath.Join(o.work, "hyperfine.json")
	args := []string{"--shell=none", "--style=none", "--warmup", "3",
		"--runs", fmt.Sprint(o.runs), "--export-json", export}
	for _, t := range tools {
		args = append(args, "--command-name", t.name, strings.Join(t.command(o.target), " "))
	}
	cmd := exec.Command("hyperfine", args...)
	cmd.Env = environ
	// hyperfine warns of outliers in nearly every round on a shared
	// machine; its output is shown only when it fails.
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("hyperfine: %w\n%s", err, out)
	}
	return m.readTimes(export)
}

// readTimes adds the run times of a hyperfine JSON export.
func (m *measurement) readTimes(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var export struct {
		Results []struct {
			Command string    `json:"command"`
			Times   []float64 `json:"times"`
		} `json:"results"`
	}
	if err := json.Unmarshal(data, &export); err != nil {
		return fmt.Errorf("reading %q: %w", path, err)
	}
	for _, r := range export.Results {
		for _, sec := range r.Times {
			m.times[r.Command] = append(m.times[r.Command], time.Duration(sec*float64(time.Second)))
		}
	}
	return nil
}

// quantile returns the q-quantile of the tool's times, by the nearest rank.
func (m *measurement) quantile(name string, q float64) time.Duration {
	ts := slices.Clone(m.times[name])
	if len(ts) == 0 {
		return 0
	}
	slices.Sort(ts)
	return ts[int(q*float64(len(ts)-1)+0.5)]
}

func (m *measurement) median(name string) time.Duration { return m.quantile(name, 0.5) }

// ratio is the median of a over the median of b.
func (m *measurement) ratio(a, b string) float64 {
	return float64(m.median(a)) / float64(m.median(b))
}
