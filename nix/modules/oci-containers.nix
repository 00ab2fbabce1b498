# virtualisation.oci-containers.containers.<name>.secretshim: run the shim
# as the container's entrypoint, in front of the image's own command, with
# the secret files bind-mounted read-only. Works with either backend.
{ config, lib, ... }:
let
  inherit (lib) mkIf mkOption types;

  shim = import ./lib.nix { inherit lib; };
  package = config.virtualisation.secretshim.package;
  oci = config.virtualisation.oci-containers;

  enabled = lib.filterAttrs (_: c: c.secretshim.enable) oci.containers;
  where = name: "virtualisation.oci-containers.containers.${name}.secretshim";

  # Nixpkgs before 24.11 has no serviceName option; its units are named so.
  serviceName = name: c: c.serviceName or "${oci.backend}-${name}";

  container =
    { config, ... }:
    {
      options.secretshim = mkOption {
        type = types.submodule {
          imports = [ ./options.nix ];
          options.enable = lib.mkEnableOption "the secretshim entrypoint for this container";
        };
        default = { };
        description = ''
          Secrets for this container, read from host files by secretshim,
          which then execs the image's command. See secretshim's
          nix/README.md.
        '';
      };

      config = mkIf config.secretshim.enable {
        entrypoint = config.secretshim.shimPath;
        cmd = shim.arguments config.secretshim;
        volumes = shim.volumes package config.secretshim;
      };
    };

  # cmd is a list, so a cmd set elsewhere would be appended to the shim's
  # arguments without a conflict error: catch it here.
  cmdAssertion = name: c: {
    assertion = c.cmd == shim.arguments c.secretshim;
    message = "virtualisation.oci-containers.containers.${name}.cmd is also set elsewhere; with secretshim enabled, put the image's command in ${where name}.command instead";
  };

  # Only root can switch users: with the container's own user set to
  # anyone else, the shim's --user would fail at every start (exit 71).
  userAssertion = name: c: {
    assertion =
      c.user == null
      || c.secretshim.user == null
      || builtins.elem c.user [
        "root"
        "0"
        "root:root"
        "0:0"
      ];
    message = "virtualisation.oci-containers.containers.${name}.user = ${builtins.toJSON c.user} starts the shim as a user that cannot switch to ${where name}.user; leave the container's user unset";
  };

  # The shim refuses a variable that the environment already sets (exit
  # 65) unless override is on: say so at evaluation instead.
  environmentAssertions =
    name: c:
    map (variable: {
      assertion = c.secretshim.override || !(c.environment ? ${variable});
      message = "${where name}.secrets.${builtins.toJSON variable} is also set in virtualisation.oci-containers.containers.${name}.environment, and the shim would refuse it: remove it there, or set ${where name}.override";
    }) (builtins.attrNames c.secretshim.secrets ++ builtins.attrNames c.secretshim.templates);
in
{
  options.virtualisation.oci-containers.containers = mkOption {
    type = types.attrsOf (types.submodule container);
  };

  config = {
    systemd.services = lib.mapAttrs' (
      name: c: lib.nameValuePair (serviceName name c) (shim.unit c.secretshim)
    ) enabled;

    assertions = lib.concatLists (
      lib.mapAttrsToList (
        name: c:
        shim.assertions {
          where = where name;
          colon = true;
        } c.secretshim
        ++ [
          (cmdAssertion name c)
          (userAssertion name c)
        ]
        ++ environmentAssertions name c
      ) enabled
    );

    warnings = lib.concatLists (
      lib.mapAttrsToList (name: c: shim.warnings { where = where name; } c.secretshim) enabled
    );
  };
}
