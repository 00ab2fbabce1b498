#!/usr/bin/env bash
# make nix-test: check the Nix files of this repository.
#   1. every .nix file parses (nix-instantiate --parse);
#   2. nix/package.nix's vendorHash matches go.mod and go.sum;
#   3. the module and package tests (nix/tests/default.nix), evaluated
#      with the nixpkgs lib/ directory named by NIXPKGS_LIB. Without it they
#      do not run, and the summary says so.
# Needs nix-bin (nix-instantiate, nix-hash, nix) and go.
set -euo pipefail
cd "$(dirname "$0")/../.."

passed=0 failed=0 skipped=0
pass() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }

if ! command -v nix-instantiate >/dev/null; then
	echo "nix-test: nix-instantiate not found; install nix (Debian: apt-get install nix-bin)" >&2
	exit 1
fi

# 1. Parse.
bad=0 count=0
while IFS= read -r -d '' f; do
	count=$((count + 1))
	nix-instantiate --parse "$f" >/dev/null || { echo "      does not parse: $f"; bad=1; }
done < <(git ls-files -z --cached --others --exclude-standard -- '*.nix')
if [ "$bad" = 0 ]; then pass "parse: $count .nix files"; else fail "parse"; fi

# 2. vendorHash.
# go mod vendor needs the modules: from the module cache, or the proxy.
want=$(nix/vendor-hash.sh) || want=""
have=$(sed -n 's/^ *vendorHash = "\(.*\)";$/\1/p' nix/package.nix)
if [ -z "$want" ]; then
	fail "vendorHash: nix/vendor-hash.sh could not compute it (above, why)"
elif [ "$want" = "$have" ]; then
	pass "vendorHash matches go.mod and go.sum"
else
	fail "vendorHash: nix/package.nix has ${have:-nothing}, go.mod and go.sum give $want (run nix/vendor-hash.sh and paste it)"
fi

# 3. Module and package tests.
if [ -z "${NIXPKGS_LIB:-}" ]; then
	echo "SKIP  module tests NOT RUN: set NIXPKGS_LIB to a nixpkgs lib/ directory (e.g. a checkout of nix-community/nixpkgs.lib, its lib/)"
	skipped=$((skipped + 1))
else
	lib=$(cd "$NIXPKGS_LIB" && pwd)
	report=$(nix --extra-experimental-features nix-command eval --impure --raw \
		--expr "import $(pwd)/nix/tests { lib = import $lib; }") || report=""
	printf '%s' "$report" | sed '$d'
	summary=$(printf '%s' "$report" | tail -n 1)
	if [[ "$summary" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
		pass "module tests: $summary"
	else
		fail "module tests: ${summary:-evaluation failed}"
	fi
fi

echo "nix-test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
