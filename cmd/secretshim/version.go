package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Builds that have no module or VCS information, such as Nix's, which
// builds from a copy without .git, stamp these with -ldflags -X.
var (
	stampedVersion  string
	stampedRevision string
)

// version describes this build: the module version and VCS revision that
// the Go toolchain stamped into the binary (or the linker, failing that),
// the Go version and platform.
func version() string {
	v, rev := "(unknown)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		v = info.Main.Version
		rev = revision(info.Settings)
	}
	if (v == "(devel)" || v == "(unknown)" || v == "") && stampedVersion != "" {
		v = stampedVersion
	}
	if rev == "" && stampedRevision != "" {
		rev = " (" + shortRevision(stampedRevision) + ")"
	}
	return fmt.Sprintf("secretshim %s%s %s %s/%s\n", v, rev, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// revision returns " (rev)" or " (rev, modified)" from the vcs settings,
// or "" if the build recorded none.
func revision(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev == "" {
		return ""
	}
	return " (" + shortRevision(rev) + modified + ")"
}

func shortRevision(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}
