# secretshim as a Nix flake: the package, an overlay and the NixOS module.
# The Nix files live in nix/; nix/README.md explains them.
{
  description = "Read secret files into environment variables, then exec the program";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;

      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});

      # 0-unstable-YYYY-MM-DD, the Nixpkgs convention for untagged software.
      date = self.lastModifiedDate or "19700101000000";
      version = "0-unstable-${builtins.substring 0 4 date}-${builtins.substring 4 2 date}-${builtins.substring 6 2 date}";
      # The full commit; --version shows its first 12 characters, as for a
      # go build in a checkout. A tree with uncommitted changes gets no
      # revision: its dirtyShortRev, "abc1234-dirty", would be cut to 12
      # characters and lose the word that matters.
      rev = self.rev or null;

      build = pkgs: pkgs.callPackage ./nix/package.nix { inherit version rev; };
    in
    {
      packages = forSystems (pkgs: rec {
        secretshim = build pkgs;
        default = secretshim;
      });

      overlays.default = final: _prev: { secretshim = build final; };

      nixosModules.default =
        { lib, pkgs, ... }:
        {
          imports = [ ./nix/modules ];
          virtualisation.secretshim.package = lib.mkDefault (build pkgs);
        };
      nixosModules.secretshim = self.nixosModules.default;

      checks = forSystems (pkgs: import ./nix/checks.nix { inherit self pkgs nixpkgs; });
    };
}
