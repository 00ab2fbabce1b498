# Tests of virtualisation.secretshim.compose.<project>.
{ lib, h }:
let
  inherit (h) check;

  secretPath = "/run/secrets/pihole-admin-password";

  project = extra: {
    virtualisation.secretshim.compose.pihole = lib.mkMerge [
      {
        composeFiles = [ "/srv/pihole/compose.yaml" ];
        directory = "/srv/pihole";
        composeCommand = [
          "/bin/compose"
        ];
        services.pihole = {
          secrets.FTLCONF_webserver_api_password = secretPath;
          command = [ "start.sh" ];
        };
      }
      extra
    ];
  };

  evalProject = extra: h.eval [ (project extra) ];
  basic = evalProject { backend = "docker"; };
  podman = evalProject { backend = "podman"; };

  p = cfg: cfg.virtualisation.secretshim.compose.pihole;
  service = cfg: (p cfg).override.services.pihole;
  unit = cfg: cfg.systemd.services.compose-pihole;
in
[
  {
    name = "compose: the override makes the shim the entrypoint and restates the command";
    checks =
      let
        s = service basic;
        split = h.splitAtDashes s.command;
      in
      [
        (check (s.entrypoint == [ "/secretshim" ]) "entrypoint")
        (check (split.command == [ "start.sh" ]) "command after --")
        (check (h.hasPair "--env" "FTLCONF_webserver_api_password=${secretPath}" split.options) "--env NAME=PATH")
        (check (builtins.attrNames (p basic).override.services == [ "pihole" ]) "only the listed services")
        (h.noAssertions basic)
        (h.noWarnings basic)
      ];
  }
  {
    name = "compose: the shim and the secrets are read-only binds";
    checks =
      let
        volumes = (service basic).volumes;
        bind = source: target: {
          type = "bind";
          inherit source target;
          read_only = true;
        };
      in
      [
        (check (builtins.elem (bind h.shimBinary "/secretshim") volumes) "the shim")
        (check (builtins.elem (bind secretPath secretPath) volumes) "the secret at its own path")
        (check (builtins.length volumes == 2) "nothing else")
      ];
  }
  {
    name = "compose: dollars are escaped from Compose interpolation";
    checks =
      let
        cfg = evalProject {
          services.pihole.templates.GREETING = "{{ $name := \"x\" }}{{ $name }}";
        };
        command = (service cfg).command;
      in
      [
        (check (builtins.elem "GREETING={{ $$name := \"x\" }}{{ $$name }}" command) "$ becomes $$")
        (check (!(lib.any (a: builtins.match ".*[^$][$][^$].*" a != null) command)) "no lone $ left")
      ];
  }
  {
    name = "compose: the override file holds the override as JSON";
    checks = [
      (check (builtins.fromJSON (p basic).overrideFile.text == (p basic).override) "the file's text is the override")
    ];
  }
  {
    name = "compose: the unit runs the project with the override last and asserts the files";
    checks =
      let
        u = unit basic;
        file = "${(p basic).overrideFile}";
        start = h.words u.script;
        stop = h.words u.preStop;
        index = x: list: lib.lists.findFirstIndex (w: w == x) null list;
      in
      [
        (check (h.hasPair "-f" "/srv/pihole/compose.yaml" start) "the project's file")
        (check (h.hasPair "-f" file start) "the override file")
        (check (index "/srv/pihole/compose.yaml" start < index file start) "the override after the project's file")
        (check (h.hasPair "-p" "pihole" start) "the project name")
        (check (h.hasPair "--project-directory" "/srv/pihole" start) "docker: the project directory")
        (check (!(builtins.elem "--project-directory" (h.words (unit podman).script))) "podman-compose: none")
        (check (lib.last start == "up") "up, in the foreground")
        (check (lib.last stop == "down" && h.hasPair "-f" file stop) "down on stop, with the same files")
        (check (u.unitConfig.AssertPathExists == [ secretPath ]) "AssertPathExists")
        (check (u.serviceConfig.WorkingDirectory == "/srv/pihole") "working directory")
        (check (builtins.elem "multi-user.target" u.wantedBy) "started at boot")
      ];
  }
  {
    name = "compose: docker backend waits for docker, podman does not";
    checks = [
      (check (builtins.elem "docker.service" (unit basic).after) "docker: after docker.service")
      (check (builtins.elem "docker.service" (unit basic).requires) "docker: requires docker.service")
      (check (!(builtins.elem "docker.service" (unit podman).after)) "podman: not after docker.service")
      (check ((unit podman).requires == [ ]) "podman: requires nothing")
    ];
  }
  {
    name = "compose: the project's engine is enabled";
    checks = [
      (check (basic.virtualisation.docker.enable && !basic.virtualisation.podman.enable) "docker")
      (check (podman.virtualisation.podman.enable && !podman.virtualisation.docker.enable) "podman")
      (check (!(h.eval [ ]).virtualisation.docker.enable) "nothing without a project")
    ];
  }
  {
    name = "compose: waitFor of every service orders the unit";
    checks =
      let
        cfg = evalProject {
          services.pihole.waitFor = [ "sops-install-secrets.service" ];
          services.other = {
            command = [ "app" ];
            waitFor = [ "agenix.service" ];
          };
        };
      in
      [
        (check (builtins.elem "sops-install-secrets.service" (unit cfg).after) "first service's unit")
        (check (builtins.elem "agenix.service" (unit cfg).wants) "second service's unit")
      ];
  }
  {
    name = "compose: assertions name the project and service";
    checks = [
      (h.onlyAssertion "compose.pihole.services.pihole.secrets.\"FTLCONF_webserver_api_password\" is unset" (
        evalProject { services.pihole.secrets.FTLCONF_webserver_api_password = lib.mkForce null; }
      ))
      (h.onlyAssertion "compose.pihole.services.pihole.command is empty" (
        evalProject { services.pihole.command = lib.mkForce [ ]; }
      ))
      (h.onlyAssertion "is inside ${builtins.storeDir}" (
        evalProject { services.pihole.secrets.X = "${builtins.storeDir}/x"; }
      ))
      (h.noAssertions (evalProject { services.pihole.secrets.X = "/run/secrets/a:b"; }))
      (h.onlyAssertion "compose.pihole.services.pihole.shimPath = \"secretshim\" is not an absolute path" (
        evalProject { services.pihole.shimPath = "secretshim"; }
      ))
      (h.onlyAssertion "compose.pihole.composeFiles is empty" (evalProject { composeFiles = lib.mkForce [ ]; }))
    ];
  }
]
