package shim

import (
	"errors"
	"fmt"
	"slices"
	"syscall"

	"github.com/moby/sys/user"
	"golang.org/x/sys/unix"
)

// User is the identity the program runs as after --user.
type User struct {
	Spec   string // as given: USER[:GROUP]
	UID    int
	GID    int
	Groups []int // supplementary groups
	Home   string
}

// Files that [ResolveUser] reads; variables so tests can point elsewhere.
var (
	PasswdPath = "/etc/passwd"
	GroupPath  = "/etc/group"
)

// ResolveUser parses spec the way docker --user does, with
// github.com/moby/sys/user: a name or uid, optionally followed by ":" and a
// group name or gid. A name that is not in the passwd file is an error,
// never a fallback to root. A numeric uid without a passwd entry needs an
// explicit group, so that the program never runs with group 0 by accident.
func ResolveUser(spec string) (*User, error) {
	if spec == "" || spec[0] == ':' {
		return nil, failure(KindUnknownUser, "--user %q names no user", spec)
	}
	// Gid -1 marks "no group found"; moby/sys/user keeps the default when a
	// numeric uid has no passwd entry and no group is given.
	defaults := &user.ExecUser{Uid: 0, Gid: -1, Home: "/"}
	eu, err := user.GetExecUserPath(spec, defaults, PasswdPath, GroupPath)
	if err != nil {
		return nil, userError(spec, err)
	}
	if eu.Gid < 0 {
		return nil, failure(KindUnknownUser,
			"user %q has no entry in %q, so its group is unknown: give one, as in %q", spec, PasswdPath, spec+":"+spec)
	}
	return &User{Spec: spec, UID: eu.Uid, GID: eu.Gid, Groups: eu.Sgids, Home: eu.Home}, nil
}

func userError(spec string, err error) error {
	switch {
	case errors.Is(err, user.ErrNoPasswdEntries):
		return failure(KindUnknownUser, "unknown user in --user %q: no entry in %q", spec, PasswdPath)
	case errors.Is(err, user.ErrNoGroupEntries):
		return failure(KindUnknownUser, "unknown group in --user %q: no entry in %q", spec, GroupPath)
	case errors.Is(err, user.ErrRange):
		return failure(KindUnknownUser, "--user %q: uid or gid out of range", spec)
	}
	return failure(KindUnknownUser, "--user %q: %v", spec, err)
}

// Switch changes the process's groups, gid and uid to u's, in that order,
// and then checks that it cannot regain root.
//
// syscall.Setgroups is used rather than x/sys/unix's: the latter calls
// setgroups(2) on the current thread only, while syscall's version, like
// Setgid and Setuid since Go 1.16, applies to every thread of the process.
//
// A process that already runs as u, with u's groups, is left as it is:
// an image whose USER is the user that --user names then starts without
// the privilege to call setgroups, which it does not need.
func (u *User) Switch() error {
	if u.current() {
		return u.verify()
	}
	if err := syscall.Setgroups(u.Groups); err != nil {
		return failure(KindSwitchUser, "switching to --user %q: setgroups: %v", u.Spec, err)
	}
	if err := unix.Setgid(u.GID); err != nil {
		return failure(KindSwitchUser, "switching to --user %q: setgid(%d): %v", u.Spec, u.GID, err)
	}
	if err := unix.Setuid(u.UID); err != nil {
		return failure(KindSwitchUser, "switching to --user %q: setuid(%d): %v", u.Spec, u.UID, err)
	}
	return u.verify()
}

// current reports whether the real, effective and saved uid and gid are
// u's already, and the supplementary groups are u's, in any order. The
// gid itself does not count among the supplementary groups, where it
// grants nothing more: Docker puts it there (docker run --user 472:0 gives
// the groups [0]), while u's groups, from the group file, may lack it.
func (u *User) current() bool {
	ruid, euid, suid := unix.Getresuid()
	rgid, egid, sgid := unix.Getresgid()
	for _, id := range []int{ruid, euid, suid} {
		if id != u.UID {
			return false
		}
	}
	for _, id := range []int{rgid, egid, sgid} {
		if id != u.GID {
			return false
		}
	}
	groups, err := unix.Getgroups()
	if err != nil {
		return false
	}
	return slices.Equal(otherGroups(groups, u.GID), otherGroups(u.Groups, u.GID))
}

// otherGroups returns groups without gid, sorted, each once.
func otherGroups(groups []int, gid int) []int {
	other := slices.DeleteFunc(slices.Clone(groups), func(g int) bool { return g == gid })
	slices.Sort(other)
	return slices.Compact(other)
}

// verify checks the switch took, and that a non-root user cannot go back.
func (u *User) verify() error {
	if unix.Getuid() != u.UID || unix.Geteuid() != u.UID || unix.Getgid() != u.GID || unix.Getegid() != u.GID {
		return failure(KindSwitchUser, "switching to --user %q: ids did not change", u.Spec)
	}
	if u.UID != 0 && unix.Setuid(0) == nil {
		return failure(KindSwitchUser, "switching to --user %q: root could be regained", u.Spec)
	}
	return nil
}

func (u *User) String() string {
	return fmt.Sprintf("uid %d gid %d", u.UID, u.GID)
}
