# The options of one wiring: which secret files a container reads through
# the shim, and the command the shim execs. The same submodule serves
# virtualisation.oci-containers.containers.<name>.secretshim and
# virtualisation.secretshim.compose.<project>.services.<service>.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options = {
    secrets = mkOption {
      type = types.attrsOf (types.nullOr types.str);
      default = { };
      example = {
        FTLCONF_webserver_api_password = "/run/secrets/pihole-admin-password";
      };
      description = ''
        Variables to export, each read from a secret file on the host:
        variable name to absolute host path. The path is a string, so the
        file is never copied into the Nix store. Each file is bind-mounted
        read-only at the same path inside the container and passed to the
        shim as `--env NAME=PATH`.

        A service layer can declare the names it needs as `null` (with
        `lib.mkDefault null`) and leave the paths to the host layer; an
        evaluation-time assertion names every path still unset.
      '';
    };

    files = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "/run/secrets/db-password" ];
      description = ''
        Further host files to bind-mount read-only at the same path, and to
        require before the start, without exporting them: the files that
        `templates` read with `file "PATH"` and that are not in `secrets`.
      '';
    };

    templates = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        DATABASE_URL = ''postgres://app:{{ file "/run/secrets/db-password" }}@db:5432/app'';
      };
      description = ''
        Variables built from a Go text/template, passed to the shim as
        `--template NAME=TEXT` after every `secrets` entry. The text is
        configuration and may sit in the Nix store; the files it reads are
        secrets, and each must be listed in `secrets` or `files` so that it
        is mounted. Pipe a value through the shim's escaper for where it
        lands (URL, JSON) when the secret may hold `@`, `/` or quotes; the
        shim's README lists them. A literal `file "PATH"` whose PATH is in neither gives
        an evaluation warning; a PATH built at run time cannot be checked.
      '';
    };

    command = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "start.sh" ];
      description = ''
        The image's original entrypoint followed by its command, which the
        shim execs after `--`. Setting an entrypoint clears the image's CMD,
        so both must be restated here (see `docker image inspect`).
      '';
    };

    user = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "1000:1000";
      description = ''
        After reading every secret, the shim switches to this user
        (`--user USER[:GROUP]`, as `docker --user` reads it). The container
        itself keeps running as root until then, so root-only secret files
        can reach an unprivileged program.
      '';
    };

    raw = mkOption {
      type = types.bool;
      default = false;
      description = "Keep file contents byte-exact (`--raw`) instead of removing trailing line endings.";
    };

    allowEmpty = mkOption {
      type = types.bool;
      default = false;
      description = "Accept empty secret values (`--allow-empty`).";
    };

    override = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Let a secret replace a variable already set in the container's
        environment (`--override`); without it such a clash stops the start.
      '';
    };

    verbosity = mkOption {
      type = types.enum [
        "quiet"
        "normal"
        "verbose"
      ];
      default = "normal";
      description = ''
        What the shim logs: errors only (`--quiet`), one line naming the
        exported variables, or one line per variable (`--verbose`). Values
        are never logged.
      '';
    };

    logTime = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "%Y-%m-%dT%H:%M:%S";
      description = "Prefix the shim's log lines with the time in this strftime format (`--log-time`).";
    };

    extraArgs = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [
        "--suffix"
        "_FILE"
      ];
      description = ''
        Further shim options, placed before `--`. Files they name are not
        mounted by this module; add them to `files`.
      '';
    };

    waitFor = mkOption {
      type = types.listOf types.str;
      default = [ ];
      example = [ "sops-install-secrets.service" ];
      description = ''
        Units that provide the secret files, such as the one that installs
        secrets; the container's unit wants them and starts after them.
      '';
    };

    shimPath = mkOption {
      type = types.str;
      default = "/secretshim";
      description = "Where the shim binary is mounted inside the container; it becomes the entrypoint.";
    };
  };
}
