# A STUB of the two sops-nix options the README's examples use
# (sops.secrets.<name>.path and .restartUnits), so that the examples can be
# evaluated. The secretshim module itself does not depend on sops-nix.
{ lib, ... }:
{
  options.sops.secrets = lib.mkOption {
    type = lib.types.attrsOf (
      lib.types.submodule (
        { name, ... }:
        {
          options.path = lib.mkOption {
            type = lib.types.str;
            default = "/run/secrets/${name}";
          };
          options.restartUnits = lib.mkOption {
            type = lib.types.listOf lib.types.str;
            default = [ ];
          };
        }
      )
    );
    default = { };
  };
}
