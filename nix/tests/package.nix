# Tests of nix/package.nix, with buildGoModule replaced by a function that
# returns its arguments: what the package asks the builder for.
{ lib, h }:
let
  inherit (h) check;

  call =
    args:
    import ../package.nix (
      {
        inherit lib;
        buildGoModule = a: a;
      }
      // args
    );

  # package.nix with lib.fileset reduced to lists, so that the source set
  # can be read back.
  listed = call {
    lib = lib // {
      fileset = {
        toSource = a: a;
        unions = paths: paths;
      };
    };
  };
  repoRelative = p: lib.removePrefix "${toString ../..}/" (toString p);

  # The `sources=(…)` line of vendor-hash.sh.
  hashedSources =
    let
      lines = lib.splitString "\n" (builtins.readFile ../vendor-hash.sh);
      found = lib.filter (m: m != null) (map (builtins.match "sources=[(]([^)]*)[)]") lines);
    in
    if found == [ ] then [ ] else lib.splitString " " (builtins.head (builtins.head found));

  plain = call { };
  stamped = call {
    version = "0-unstable-2026-12-03";
    rev = "abc1234";
  };
in
[
  {
    name = "package: static, one program, a real vendor hash";
    checks = [
      (check (plain.env.CGO_ENABLED == "0") "CGO_ENABLED=0")
      (check (plain.subPackages == [ "cmd/secretshim" ]) "builds cmd/secretshim")
      (check (builtins.match "sha256-[A-Za-z0-9+/]{43}=" plain.vendorHash != null) "vendorHash is an SRI sha256")
      (check (plain.vendorHash != lib.fakeHash) "vendorHash is not the placeholder")
      (check (plain.meta.mainProgram == "secretshim") "nix run finds the program")
    ];
  }
  {
    name = "package: vendor-hash.sh hashes the source that the package builds";
    checks = [
      (check (map repoRelative listed.src.fileset == hashedSources)
        "the same paths (package.nix: ${builtins.toJSON (map repoRelative listed.src.fileset)}, vendor-hash.sh: ${builtins.toJSON hashedSources})"
      )
    ];
  }
  {
    name = "package: the version is stamped into the binary";
    checks = [
      (check (builtins.elem "-X main.stampedVersion=0-unstable-2026-12-03" stamped.ldflags) "version")
      (check (builtins.elem "-X main.stampedRevision=abc1234" stamped.ldflags) "revision")
      (check (stamped.version == "0-unstable-2026-12-03") "derivation version")
      (check (!(lib.any (lib.hasInfix "stampedRevision") plain.ldflags)) "no revision when unknown")
    ];
  }
]
