# Tests of the flake's outputs (../../flake.nix), with a stand-in for the
# nixpkgs input: nixpkgs' lib, and a callPackage whose buildGoModule
# returns its arguments as a fake derivation.
{ lib, h }:
let
  inherit (h) check;

  pkgs = {
    callPackage =
      path: args:
      import path (
        {
          inherit lib;
          buildGoModule =
            a:
            a
            // {
              type = "derivation";
              outPath = "${builtins.storeDir}/33333333333333333333333333333333-${a.pname}-${a.version}";
            };
        }
        // args
      );
  };
  nixpkgs = {
    inherit lib;
    legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (_: pkgs);
  };

  # The flake as Nix calls it, for a source with the given git information.
  flakeOf =
    source:
    let
      self = (import ../../flake.nix).outputs { inherit self nixpkgs; } // source;
    in
    self;

  date = "20260614025435";
  commit = "0123456789abcdef0123456789abcdef01234567";
  clean = flakeOf {
    lastModifiedDate = date;
    rev = commit;
    shortRev = builtins.substring 0 7 commit;
  };
  dirty = flakeOf {
    lastModifiedDate = date;
    dirtyRev = "${commit}-dirty";
    dirtyShortRev = "${builtins.substring 0 7 commit}-dirty";
  };
  unknown = flakeOf { };

  package = flake: flake.packages.x86_64-linux.default;
  revisionStamps = flake: lib.filter (lib.hasInfix "stampedRevision") (package flake).ldflags;

  # A NixOS configuration with the flake's module and no package set by hand.
  withModule = (
    lib.evalModules {
      modules = [
        ./stub.nix
        clean.nixosModules.default
        {
          _module.args.pkgs = pkgs;
          virtualisation.oci-containers.containers.app = {
            image = "app";
            secretshim = {
              enable = true;
              secrets.TOKEN = "/run/secrets/token";
              command = [ "app" ];
            };
          };
        }
      ];
    }
  ).config;
in
[
  {
    name = "flake: the package's version is made from the commit date";
    checks = [
      (check ((package clean).version == "0-unstable-2026-06-14") "derivation version")
      (check (builtins.elem "-X main.stampedVersion=0-unstable-2026-06-14" (package clean).ldflags) "stamped")
      (check ((package unknown).version == "0-unstable-1970-01-01") "a source without a date")
      (check ((package clean).outPath == clean.packages.x86_64-linux.secretshim.outPath) "default is secretshim")
      (check (clean.packages ? aarch64-linux) "aarch64-linux too")
    ];
  }
  {
    name = "flake: the revision is stamped whole, and only for a clean tree";
    checks = [
      (check (revisionStamps clean == [ "-X main.stampedRevision=${commit}" ])
        "the full commit (got ${builtins.toJSON (revisionStamps clean)})"
      )
      (check (revisionStamps dirty == [ ]) "none for uncommitted changes (got ${builtins.toJSON (revisionStamps dirty)})")
      (check (revisionStamps unknown == [ ]) "none without git")
    ];
  }
  {
    name = "flake: the overlay adds pkgs.secretshim";
    checks = [
      (check ((clean.overlays.default pkgs { }).secretshim.version == "0-unstable-2026-06-14") "the flake's build")
    ];
  }
  {
    name = "flake: nixosModules.default mounts the flake's own build";
    checks = [
      (check (
        builtins.elem "${package clean}/bin/secretshim:/secretshim:ro" withModule.virtualisation.oci-containers.containers.app.volumes
      ) "the package's binary at /secretshim")
      (h.noAssertions withModule)
    ];
  }
]
