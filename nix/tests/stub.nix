# A STUB of the few NixOS options that the secretshim module reads or
# extends, so that the module can be evaluated with nixpkgs' lib/ alone.
# Names and types follow nixpkgs' nixos/modules/virtualisation/
# oci-containers.nix, system/boot/systemd.nix and misc/assertions.nix; only
# the options the tests touch are declared, and nothing here starts a
# container or writes a unit. It is not the real module: flake checks
# (nix/checks.nix) evaluate against the real one.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;

  # nixpkgs' unit option values: a primitive or a list of them, lists merged.
  unitOption = types.either (types.oneOf [
    types.str
    types.bool
    types.int
  ]) (types.listOf (types.oneOf [
    types.str
    types.bool
    types.int
  ]));

  container =
    { name, ... }:
    {
      options = {
        image = mkOption { type = types.str; };
        entrypoint = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        cmd = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        volumes = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        ports = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        environment = mkOption {
          type = types.attrsOf types.str;
          default = { };
        };
        user = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        extraOptions = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        dependsOn = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        serviceName = mkOption {
          type = types.str;
          default = "${config.virtualisation.oci-containers.backend}-${name}";
        };
      };
    };

  service = {
    options = {
      description = mkOption {
        type = types.str;
        default = "";
      };
      after = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      wants = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      requires = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      wantedBy = mkOption {
        type = types.listOf types.str;
        default = [ ];
      };
      path = mkOption {
        type = types.listOf (types.either types.package types.str);
        default = [ ];
      };
      unitConfig = mkOption {
        type = types.attrsOf unitOption;
        default = { };
      };
      serviceConfig = mkOption {
        type = types.attrsOf unitOption;
        default = { };
      };
      script = mkOption {
        type = types.lines;
        default = "";
      };
      preStop = mkOption {
        type = types.lines;
        default = "";
      };
    };
  };
in
{
  options = {
    assertions = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    warnings = mkOption {
      type = types.listOf types.str;
      default = [ ];
    };

    virtualisation.docker.enable = mkOption {
      type = types.bool;
      default = false;
    };
    virtualisation.podman.enable = mkOption {
      type = types.bool;
      default = false;
    };

    virtualisation.oci-containers = {
      backend = mkOption {
        type = types.enum [
          "podman"
          "docker"
        ];
        default = "podman";
      };
      containers = mkOption {
        type = types.attrsOf (types.submodule container);
        default = { };
      };
    };

    systemd.services = mkOption {
      type = types.attrsOf (types.submodule service);
      default = { };
    };
  };
}
