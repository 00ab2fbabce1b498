# The secretshim NixOS module: both flavours and the package they mount.
# The flake's nixosModules.default imports this and sets the package.
{ lib, pkgs, ... }:
{
  imports = [
    ./oci-containers.nix
    ./compose.nix
  ];

  options.virtualisation.secretshim.package = lib.mkOption {
    type = lib.types.package;
    default = pkgs.secretshim;
    defaultText = lib.literalExpression "pkgs.secretshim";
    description = ''
      The secretshim package whose static binary is bind-mounted into the
      containers. The flake's module sets it to the flake's own build.
    '';
  };
}
