# Flake checks (nix flake check): the package, the lib-only tests of
# nix/tests, and the module evaluated inside a real NixOS configuration,
# against nixpkgs' own oci-containers module rather than the tests' stub.
{
  self,
  pkgs,
  nixpkgs,
}:
let
  inherit (nixpkgs) lib;
  system = pkgs.stdenv.hostPlatform.system;

  report = import ./tests { inherit lib; };

  secretPath = "/run/secrets/pihole-admin-password";
  nixos = lib.nixosSystem {
    inherit system;
    modules = [
      self.nixosModules.default
      {
        boot.isContainer = true;
        system.stateVersion = "25.11";
        virtualisation.oci-containers.containers.pihole = {
          image = "pihole/pihole:2025.08.0";
          secretshim = {
            enable = true;
            secrets.FTLCONF_webserver_api_password = secretPath;
            command = [ "start.sh" ];
          };
        };
      }
    ];
  };
  inherit (nixos) config;
  unit = config.systemd.services.podman-pihole;
  failed = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);

  # What the real module must have made of the container.
  claims = {
    "no assertion fails" = failed == [ ];
    # Quoted or not, as nixpkgs' escapeShellArg has done either.
    "the run command names the shim as entrypoint" = lib.any (e: lib.hasInfix e unit.script) [
      "--entrypoint=/secretshim"
      "--entrypoint='/secretshim'"
    ];
    "the run command mounts the secret" = lib.hasInfix "${secretPath}:${secretPath}:ro" unit.script;
    "the run command ends with start.sh" = lib.hasSuffix "start.sh" (
      lib.removeSuffix "'" (lib.trim unit.script)
    );
    "the unit asserts the secret exists" = lib.hasInfix secretPath (
      lib.concatStringsSep " " (lib.toList unit.unitConfig.AssertPathExists)
    );
  };
  broken = lib.attrNames (lib.filterAttrs (_: ok: !ok) claims);
in
{
  package = self.packages.${system}.default;

  tests = pkgs.runCommand "secretshim-nix-tests" { inherit report; } ''
    printf '%s' "$report"
    printf '%s' "$report" | tail -n 1 | grep -q ' 0 failed$'
    touch $out
  '';

  nixos-module = pkgs.runCommand "secretshim-nixos-module" {
    broken = lib.concatStringsSep "\n" broken;
  } ''
    if [ -n "$broken" ]; then
      printf 'want: %s\n' "$broken"
      exit 1
    fi
    touch $out
  '';
}
