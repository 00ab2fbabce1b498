# The Pi-hole examples of nix/README.md, evaluated from nix/examples/,
# and checked to appear in the README word for word.
{ lib, h }:
let
  inherit (h) check;

  readme = builtins.readFile ../README.md;
  inReadme = file: check (lib.hasInfix (builtins.readFile file) readme) "the README shows ${baseNameOf file} as it is";

  secretPath = "/run/secrets/pihole/admin-password";

  host = h.eval [
    ./sops-stub.nix
    ../examples/pihole/host.nix
  ];
  serviceOnly = h.eval [
    ./sops-stub.nix
    ../examples/pihole/service.nix
  ];
  compose = h.eval [
    ./sops-stub.nix
    ../examples/pihole/compose.nix
    { virtualisation.secretshim.compose.pihole.composeCommand = [ "/bin/compose" ]; }
  ];

  pihole = host.virtualisation.oci-containers.containers.pihole;
in
[
  {
    name = "examples: the Pi-hole host gets its password through the shim";
    checks = [
      (h.noAssertions host)
      (h.noWarnings host)
      (check (h.hasPair "--env" "FTLCONF_webserver_api_password=${secretPath}" pihole.cmd) "--env from the sops path")
      (check ((h.splitAtDashes pihole.cmd).command == [ "start.sh" ]) "execs start.sh")
      (check (host.systemd.services.podman-pihole.unitConfig.AssertPathExists == [ secretPath ]) "waits for the file")
      (check (builtins.elem "${secretPath}:${secretPath}:ro" pihole.volumes) "mounts it")
      (inReadme ../examples/pihole/service.nix)
      (inReadme ../examples/pihole/host.nix)
    ];
  }
  {
    name = "examples: the service layer alone names the missing path";
    checks = [
      (h.onlyAssertion ''pihole.secretshim.secrets."FTLCONF_webserver_api_password" is unset'' serviceOnly)
    ];
  }
  {
    name = "examples: the Compose flavour";
    checks = [
      (h.noAssertions compose)
      (check (compose.systemd.services.compose-pihole.unitConfig.AssertPathExists == [ secretPath ]) "waits for the file")
      (check (builtins.elem "docker.service" compose.systemd.services.compose-pihole.after) "after docker")
      (inReadme ../examples/pihole/compose.nix)
    ];
  }
]
