package shim

import "testing"

func TestArgSpace(t *testing.T) {
	tests := []struct {
		stack uint64
		want  int64
	}{
		{8 << 20, 2 << 20},             // the default 8 MiB stack: a quarter
		{256 << 10, 128 << 10},         // a quarter would be 64 KiB: ARG_MAX
		{64 << 20, 6 << 20},            // capped at three quarters of 8 MiB
		{^uint64(0), 6 << 20},          // unlimited
		{0, 128 << 10},                 // zero still allows ARG_MAX
		{(6 << 20) * 4, 6 << 20},       // exactly at the cap
		{(128 << 10) * 4, 128 << 10},   // exactly at the floor
		{(128<<10)*4 + 4, 128<<10 + 1}, // just above it
	}
	for _, tt := range tests {
		if got := argSpace(tt.stack); got != tt.want {
			t.Errorf("argSpace(%d) = %d, want %d", tt.stack, got, tt.want)
		}
	}
}

func TestExecSize(t *testing.T) {
	// "/bin/x\0" 7 + "x\0" 2 + "-v\0" 3 + "A=b\0" 4, and three pointers.
	want := int64(7 + 2 + 3 + 4 + 3*8)
	if got := ExecSize("/bin/x", []string{"x", "-v"}, []string{"A=b"}); got != want {
		t.Errorf("ExecSize = %d, want %d", got, want)
	}
}
