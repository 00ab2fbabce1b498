package shim

import (
	"slices"
	"testing"
)

func TestMerge(t *testing.T) {
	env := newEnviron([]string{"A=1", "SECRETSHIM_ENV=X=/x", "B=", "A=2", "C=3"})
	vars := []Variable{
		{Name: "B", Value: "secret-b", Origin: Origin{Kind: Env}},
		{Name: "D", Value: "secret-d", Origin: Origin{Kind: Env}},
	}
	got, won, err := env.merge(vars, false)
	if err != nil {
		t.Fatal(err)
	}
	// SECRETSHIM_* and the earlier A are gone; an inherited empty B may be
	// replaced; secrets come last, in source order.
	want := []string{"A=2", "C=3", "B=secret-b", "D=secret-d"}
	if !slices.Equal(got, want) {
		t.Errorf("merge = %q, want %q", got, want)
	}
	if len(won) != 2 {
		t.Errorf("won = %+v, want both variables", won)
	}
}

func TestMergeConflicts(t *testing.T) {
	twice := []Variable{
		{Name: "X", Value: "1", Origin: Origin{Kind: Env, Path: "/a"}},
		{Name: "X", Value: "2", Origin: Origin{Kind: Env, Path: "/b"}},
	}
	if _, _, err := newEnviron(nil).merge(twice, false); KindOf(err) != KindRejected {
		t.Errorf("two sources: %v, want a rejection", err)
	}
	got, won, err := newEnviron([]string{"X=0"}).merge(twice, true)
	if err != nil || !slices.Equal(got, []string{"X=2"}) || len(won) != 1 || won[0].Origin.Path != "/b" {
		t.Errorf("override: %q %+v %v, want the later source alone", got, won, err)
	}
	inherited := twice[:1]
	if _, _, err := newEnviron([]string{"X=0"}).merge(inherited, false); KindOf(err) != KindRejected {
		t.Errorf("inherited: %v, want a rejection", err)
	}
}
