# Evaluating the module against the stub, and the small vocabulary the
# test files share.
{ lib }:
let
  storeDir = builtins.storeDir;
in
rec {
  # A stand-in for the package: only its store path is used.
  package = {
    type = "derivation";
    name = "secretshim-test";
    outPath = "${storeDir}/00000000000000000000000000000000-secretshim-test";
  };
  shimBinary = "${package}/bin/secretshim";

  # pkgs.writeText without a store: the text stays readable for the tests.
  pkgs.writeText = name: text: {
    type = "derivation";
    inherit name text;
    outPath = "${storeDir}/11111111111111111111111111111111-${name}";
  };

  # The configuration that the module and the given modules make.
  eval =
    modules:
    (lib.evalModules {
      modules = [
        ./stub.nix
        ../modules
        {
          _module.args.pkgs = pkgs;
          virtualisation.secretshim.package = package;
        }
      ] ++ modules;
    }).config;

  failedAssertions = cfg: map (a: a.message) (lib.filter (a: !a.assertion) cfg.assertions);

  # Whether evaluating v (deeply) fails, as a type error does.
  fails = v: !(builtins.tryEval (builtins.deepSeq v v)).success;

  # The arguments before and after the first "--".
  splitAtDashes =
    args:
    let
      i = lib.lists.findFirstIndex (a: a == "--") null args;
    in
    if i == null then
      {
        options = args;
        command = null;
      }
    else
      {
        options = lib.take i args;
        command = lib.drop (i + 1) args;
      };

  # Whether the list holds `a` directly followed by `b`.
  hasPair =
    a: b: list:
    let
      n = builtins.length list;
    in
    builtins.any (i: builtins.elemAt list i == a && builtins.elemAt list (i + 1) == b) (
      lib.range 0 (n - 2)
    );

  # The words of a shell command line, with simple quotes removed; enough
  # for the tests' own arguments, which hold no spaces or quotes.
  words = s: map (w: lib.removePrefix "'" (lib.removeSuffix "'" w)) (lib.splitString " " s);

  # A check: the outcome and what it claims.
  check = ok: claim: { inherit ok claim; };

  # One assertion message containing `text` fires, and no other does.
  onlyAssertion =
    text: cfg:
    let
      failed = failedAssertions cfg;
    in
    check (builtins.length failed == 1 && lib.all (m: lib.hasInfix text m) failed)
      "exactly one assertion fires, containing ${builtins.toJSON text} (fired: ${builtins.toJSON failed})";

  noAssertions =
    cfg: check (failedAssertions cfg == [ ]) "no assertion fires (fired: ${builtins.toJSON (failedAssertions cfg)})";

  noWarnings = cfg: check (cfg.warnings == [ ]) "no warning (got: ${builtins.toJSON cfg.warnings})";
}
