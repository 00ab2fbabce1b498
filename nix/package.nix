# The secretshim package: a static Go binary, built from this repository.
#
#   pkgs.callPackage ./nix/package.nix { }
#
# The flake at the repository root calls this with a version made from the
# commit date and revision.
{
  lib,
  buildGoModule,
  version ? "0-unstable",
  rev ? null,
}:

buildGoModule {
  pname = "secretshim";
  inherit version;

  # Only what the Go build reads, so editing docs or Nix files does not
  # rebuild the binary. vendor-hash.sh hashes the same paths (a test
  # checks that the two lists agree).
  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../go.mod
      ../go.sum
      ../cmd
      ../shim
    ];
  };

  # The NAR hash of `go mod vendor` for go.mod and go.sum. After changing
  # either, run nix/vendor-hash.sh and paste its output here; make nix-test
  # fails while the two disagree.
  vendorHash = "sha256-QU3W6hgUwRPI0ho4x29CR2XL5rDA+cxBlP5ua1xawI8=";

  subPackages = [ "cmd/secretshim" ];

  # Static: the binary is bind-mounted into images whose libc is unknown.
  env.CGO_ENABLED = "0";

  # The build has no VCS information, so the module version in the build
  # info is "(devel)". These variables carry the version instead; the linker
  # ignores an -X for a variable that the program does not declare.
  ldflags =
    [
      "-s"
      "-w"
      "-X main.stampedVersion=${version}"
    ]
    ++ lib.optional (rev != null) "-X main.stampedRevision=${rev}";

  # The test suite runs in `make test`. Several tests need root or other
  # users, which the build sandbox does not have.
  doCheck = false;

  meta = {
    description = "Read secret files into environment variables, then exec the program";
    mainProgram = "secretshim";
    platforms = lib.platforms.linux;
  };
}
