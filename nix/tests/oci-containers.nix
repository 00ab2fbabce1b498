# Tests of virtualisation.oci-containers.containers.<name>.secretshim.
{ lib, h }:
let
  inherit (h) check;

  secretPath = "/run/secrets/pihole-admin-password";

  # The Pi-hole v6 example of nix/README.md, minus the host's details.
  pihole = extra: {
    virtualisation.oci-containers.containers.pihole = lib.mkMerge [
      {
        image = "pihole/pihole:2025.08.0";
        volumes = [ "/srv/pihole/etc:/etc/pihole" ];
        environment.TZ = "Europe/Berlin";
        secretshim = {
          enable = true;
          secrets.FTLCONF_webserver_api_password = secretPath;
          command = [ "start.sh" ];
        };
      }
      extra
    ];
  };

  container = cfg: cfg.virtualisation.oci-containers.containers.pihole;
  args = cfg: h.splitAtDashes (container cfg).cmd;
  shimOptions = cfg: (args cfg).options;

  basic = h.eval [ (pihole { }) ];
  docker = h.eval [
    (pihole { })
    { virtualisation.oci-containers.backend = "docker"; }
  ];

  withShim = shimConfig: h.eval [ (pihole { secretshim = shimConfig; }) ];
in
[
  {
    name = "oci: the shim is the entrypoint and execs the command after --";
    checks = [
      (check ((container basic).entrypoint == "/secretshim") "entrypoint is the mounted shim")
      (check ((args basic).command == [ "start.sh" ]) "cmd ends with -- start.sh")
      (check (h.hasPair "--env" "FTLCONF_webserver_api_password=${secretPath}" (shimOptions basic))
        "the secret is passed as --env NAME=PATH before --"
      )
      (check (!(builtins.elem "--user" (shimOptions basic))) "no --user unless asked")
      (check (!(builtins.elem "--raw" (shimOptions basic))) "no --raw unless asked")
      (h.noAssertions basic)
      (h.noWarnings basic)
    ];
  }
  {
    name = "oci: the shim and each secret are mounted read-only, other volumes kept";
    checks =
      let
        volumes = (container basic).volumes;
      in
      [
        (check (builtins.elem "${h.shimBinary}:/secretshim:ro" volumes) "the shim from the store at /secretshim")
        (check (builtins.elem "${secretPath}:${secretPath}:ro" volumes) "the secret at its own path")
        (check (builtins.elem "/srv/pihole/etc:/etc/pihole" volumes) "the container's own volume")
        (check (builtins.length volumes == 3) "nothing else (got ${builtins.toJSON volumes})")
        (check (!(builtins.any (lib.hasInfix "FTLCONF") (builtins.attrNames (container basic).environment)))
          "the secret is not in the container's environment option"
        )
      ];
  }
  {
    name = "oci: podman unit asserts the files exist";
    checks =
      let
        unit = basic.systemd.services.podman-pihole;
      in
      [
        (check (unit.unitConfig.AssertPathExists == [ secretPath ]) "AssertPathExists names the secret")
        (check (unit.after == [ ]) "no extra ordering unless asked")
      ];
  }
  {
    name = "oci: docker backend uses the docker unit";
    checks = [
      (check ((docker.systemd.services.docker-pihole.unitConfig.AssertPathExists or null) == [ secretPath ])
        "docker-pihole asserts the secret exists"
      )
      (check (!(docker.systemd.services ? podman-pihole)) "no podman unit")
      (check ((container docker).entrypoint == "/secretshim") "same entrypoint")
      (h.noAssertions docker)
    ];
  }
  {
    name = "oci: waitFor orders the unit after the units that provide secrets";
    checks =
      let
        unit = (withShim { waitFor = [ "sops-install-secrets.service" ]; }).systemd.services.podman-pihole;
      in
      [
        (check (builtins.elem "sops-install-secrets.service" unit.after) "after")
        (check (builtins.elem "sops-install-secrets.service" unit.wants) "wants")
      ];
  }
  {
    name = "oci: value and process options reach the shim before --";
    checks =
      let
        cfg = withShim {
          user = "1000:1000";
          raw = true;
          allowEmpty = true;
          override = true;
          verbosity = "verbose";
          logTime = "%H:%M:%S";
          extraArgs = [
            "--suffix"
            "_FILE"
          ];
        };
        opts = shimOptions cfg;
      in
      [
        (check (h.hasPair "--user" "1000:1000" opts) "--user 1000:1000")
        (check (builtins.elem "--raw" opts) "--raw")
        (check (builtins.elem "--allow-empty" opts) "--allow-empty")
        (check (builtins.elem "--override" opts) "--override")
        (check (builtins.elem "--verbose" opts && !(builtins.elem "--quiet" opts)) "--verbose only")
        (check (h.hasPair "--log-time" "%H:%M:%S" opts) "--log-time FORMAT")
        (check (h.hasPair "--suffix" "_FILE" opts) "extra arguments")
        (check ((args cfg).command == [ "start.sh" ]) "command still after --")
        (check (builtins.elem "--quiet" (shimOptions (withShim { verbosity = "quiet"; }))) "--quiet")
      ];
  }
  {
    name = "oci: templates are passed after the secrets, and the files they read are mounted";
    checks =
      let
        dbPath = "/run/secrets/db-password";
        cfg = withShim {
          files = [ dbPath ];
          templates.DATABASE_URL = ''postgres://app:{{ file "${dbPath}" }}@db:5432/app'';
        };
        opts = shimOptions cfg;
        firstTemplate = lib.lists.findFirstIndex (a: a == "--template") null opts;
        lastEnv = lib.foldl (acc: i: if builtins.elemAt opts i == "--env" then i else acc) (-1) (
          lib.range 0 (builtins.length opts - 1)
        );
      in
      [
        (check (h.hasPair "--template" ''DATABASE_URL=postgres://app:{{ file "${dbPath}" }}@db:5432/app'' opts)
          "--template NAME=TEXT"
        )
        (check (firstTemplate != null && firstTemplate > lastEnv) "templates after every --env")
        (check (builtins.elem "${dbPath}:${dbPath}:ro" (container cfg).volumes) "the file it reads is mounted")
        (check (lib.count (a: a == "--env") opts == 1) "a file is not exported as a variable")
        (check (builtins.elem dbPath cfg.systemd.services.podman-pihole.unitConfig.AssertPathExists)
          "and asserted"
        )
        (h.noWarnings cfg)
        (h.noAssertions cfg)
      ];
  }
  {
    name = "oci: a template reading an unmounted file warns";
    checks =
      let
        quoted = withShim { templates.URL = ''x{{ file "/run/secrets/nope" }}''; };
        backquoted = withShim { templates.URL = "{{ file `/run/secrets/nope2` | printf \"%s\" }}"; };
        fromSecrets = withShim { templates.URL = ''{{ file "${secretPath}" }}''; };
      in
      [
        (check (builtins.length quoted.warnings == 1 && lib.hasInfix "/run/secrets/nope" (builtins.head quoted.warnings))
          "a double-quoted path (got ${builtins.toJSON quoted.warnings})"
        )
        (check (builtins.length backquoted.warnings == 1 && lib.hasInfix "/run/secrets/nope2" (builtins.head backquoted.warnings))
          "a back-quoted path (got ${builtins.toJSON backquoted.warnings})"
        )
        (h.noWarnings fromSecrets)
      ];
  }
  {
    name = "oci: a file both in secrets and files is mounted once";
    checks =
      let
        cfg = withShim { files = [ secretPath ]; };
        mounts = lib.filter (v: lib.hasPrefix secretPath v) (container cfg).volumes;
      in
      [ (check (builtins.length mounts == 1) "one mount (got ${builtins.toJSON mounts})") ];
  }
  {
    name = "oci: a container without secretshim is left alone";
    checks =
      let
        cfg = h.eval [
          (pihole { })
          {
            virtualisation.oci-containers.containers.plain = {
              image = "nginx";
              cmd = [ "nginx" ];
            };
          }
        ];
        plain = cfg.virtualisation.oci-containers.containers.plain;
      in
      [
        (check (plain.entrypoint == null) "entrypoint untouched")
        (check (plain.cmd == [ "nginx" ]) "cmd untouched")
        (check (plain.volumes == [ ]) "no mounts")
        (check (!(cfg.systemd.services ? podman-plain)) "no unit settings")
      ];
  }
  {
    name = "oci: assertion for an unset secret path";
    checks = [
      (h.onlyAssertion ''secretshim.secrets."FTLCONF_webserver_api_password" is unset'' (
        withShim { secrets.FTLCONF_webserver_api_password = lib.mkForce null; }
      ))
      (h.onlyAssertion "is unset" (withShim { secrets.EMPTY = ""; }))
    ];
  }
  {
    name = "oci: assertion for a relative secret path";
    checks = [ (h.onlyAssertion "is not an absolute path" (withShim { secrets.B = "run/secrets/b"; })) ];
  }
  {
    name = "oci: assertion for a secret in the Nix store";
    checks = [
      (h.onlyAssertion "is inside ${builtins.storeDir}" (
        withShim { secrets.B = "${builtins.storeDir}/22222222222222222222222222222222-b"; }
      ))
      (h.onlyAssertion "is inside ${builtins.storeDir}" (withShim { files = [ "${builtins.storeDir}/x" ]; }))
    ];
  }
  {
    name = "oci: a Nix path literal is refused, so nothing is copied into the store";
    checks = [
      (check (h.fails (container (withShim { secrets.B = ./stub.nix; })).secretshim.secrets) "type error")
    ];
  }
  {
    name = "oci: assertion for a path that -v cannot carry";
    checks = [ (h.onlyAssertion "contains ':'" (withShim { secrets.B = "/run/secrets/a:b"; })) ];
  }
  {
    name = "oci: assertion for a shimPath that cannot be the entrypoint";
    checks = [
      (h.onlyAssertion ''secretshim.shimPath = "secretshim" is not an absolute path'' (
        withShim { shimPath = "secretshim"; }
      ))
      (h.onlyAssertion "secretshim.shimPath = \"/a:b\" contains ':'" (withShim { shimPath = "/a:b"; }))
      (h.noAssertions (withShim { shimPath = "/usr/local/bin/secretshim"; }))
    ];
  }
  {
    name = "oci: assertion for an empty command";
    checks = [ (h.onlyAssertion "secretshim.command is empty" (withShim { command = lib.mkForce [ ]; })) ];
  }
  {
    name = "oci: assertion for a bad variable name";
    checks = [
      (h.onlyAssertion "is not a variable name" (withShim { secrets."A=B" = "/run/secrets/a"; }))
      (h.onlyAssertion "is not a variable name" (withShim { templates."" = "x"; }))
    ];
  }
  {
    name = "oci: assertion for a relative files entry";
    checks = [ (h.onlyAssertion ''files entry = "db" is not an absolute path'' (withShim { files = [ "db" ]; })) ];
  }
  {
    name = "oci: assertion for a secret also set in environment, unless override";
    checks = [
      (h.onlyAssertion "is also set in virtualisation.oci-containers.containers.pihole.environment" (
        h.eval [ (pihole { environment.FTLCONF_webserver_api_password = "plain"; }) ]
      ))
      (h.noAssertions (
        h.eval [
          (pihole {
            environment.FTLCONF_webserver_api_password = "plain";
            secretshim.override = true;
          })
        ]
      ))
    ];
  }
  {
    name = "oci: assertion for a container user that cannot switch to secretshim.user";
    checks = [
      (h.onlyAssertion "cannot switch to" (
        h.eval [
          (pihole {
            user = "1000";
            secretshim.user = "pihole";
          })
        ]
      ))
      (h.noAssertions (h.eval [ (pihole { user = "1000"; }) ]))
      (h.noAssertions (
        h.eval [
          (pihole {
            user = "root";
            secretshim.user = "pihole";
          })
        ]
      ))
    ];
  }
  {
    name = "oci: assertion for a cmd set beside secretshim";
    checks = [ (h.onlyAssertion "cmd is also set elsewhere" (h.eval [ (pihole { cmd = [ "-x" ]; }) ])) ];
  }
]
