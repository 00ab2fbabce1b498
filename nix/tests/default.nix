# The module and package tests, evaluated with nixpkgs' lib/ alone:
#
#   nix eval --impure --raw --expr 'import nix/tests { lib = import LIB; }'
#
# Yields a report, one line per test, ending in "N passed, N failed".
{ lib }:
let
  h = import ./harness.nix { inherit lib; };

  tests = lib.concatMap (file: import file { inherit lib h; }) [
    ./oci-containers.nix
    ./compose.nix
    ./package.nix
    ./examples.nix
    ./flake.nix
  ];

  failedChecks = t: lib.filter (c: !c.ok) t.checks;
  failed = lib.filter (t: failedChecks t != [ ]) tests;

  line =
    t:
    if failedChecks t == [ ] then
      "ok    ${t.name}\n"
    else
      "FAIL  ${t.name}\n" + lib.concatMapStrings (c: "      want: ${c.claim}\n") (failedChecks t);
in
lib.concatMapStrings line tests
+ "${toString (builtins.length tests - builtins.length failed)} passed, ${toString (builtins.length failed)} failed\n"
