#!/usr/bin/env bash
# Print the vendorHash that buildGoModule expects for this repository's
# go.mod and go.sum: the SRI sha256 of the NAR serialisation of the
# directory that `go mod vendor` makes, which is what buildGoModule's
# go-modules derivation installs as its fixed output.
#
# Needs go (and the Go module proxy, or a filled module cache) and
# nix-hash (Debian: nix-bin). Usage: nix/vendor-hash.sh [REPO_ROOT]
set -euo pipefail

root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source that package.nix gives buildGoModule (its fileset), and
# nothing else: `go mod vendor` also vendors what tests and build-tagged
# files import, so a package imported only under e2e/ would change the hash
# here but not in the Nix build. Inside a git checkout, only committed
# files, as a flake sees them.
sources=(go.mod go.sum cmd shim)
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git -C "$root" ls-files -z --cached -- "${sources[@]}" | (cd "$root" && tar --null -T - -c) | tar -x -C "$work"
else
	(cd "$root" && tar -c "${sources[@]}") | tar -x -C "$work"
fi

# As buildGoModule does: the local toolchain, module mode, no stray flags.
(cd "$work" && GOTOOLCHAIN=local GOFLAGS= GO111MODULE=on go mod vendor)

# nix-hash hashes the NAR serialisation of a directory; SRI wants base64.
hex=$(nix-hash --type sha256 "$work/vendor")
printf 'sha256-%s\n' "$(printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" | base64)"
