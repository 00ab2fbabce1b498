# virtualisation.secretshim.compose.<project>: run a Compose project under
# systemd with a generated override file that makes the shim the
# entrypoint of the listed services and mounts their secret files, in
# place of an ExecStartPre that renders an env file.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  inherit (lib) mkOption types;

  shim = import ./lib.nix { inherit lib; };
  top = config;
  package = config.virtualisation.secretshim.package;
  projects = config.virtualisation.secretshim.compose;

  usesBackend = backend: lib.any (p: p.backend == backend) (builtins.attrValues projects);

  where = project: service: "virtualisation.secretshim.compose.${project}.services.${service}";

  # The override for one service: Compose merges it over the project's own
  # files, replacing entrypoint and command and adding the volumes (by
  # target). Long-syntax binds fail when the source is missing instead of
  # creating it.
  serviceOverride = w: {
    entrypoint = [ w.shimPath ];
    command = shim.arguments w;
    volumes = map (m: {
      type = "bind";
      inherit (m) source target;
      read_only = true;
    }) (shim.mounts package w);
  };

  project =
    { name, config, ... }:
    let
      p = config;
    in
    {
      options = {
        composeFiles = mkOption {
          type = types.listOf (types.either types.path types.str);
          description = ''
            The project's own Compose files, in order. They hold no secret,
            so a Nix path (copied into the store) is fine.
          '';
          example = [ "/srv/pihole/compose.yaml" ];
        };

        directory = mkOption {
          type = types.nullOr types.str;
          default = null;
          description = ''
            The unit's working directory and, with Docker, the project
            directory against which relative paths in the Compose files
            resolve. Without it, or with podman-compose, they resolve
            against the first file's directory.
          '';
          example = "/srv/pihole";
        };

        projectName = mkOption {
          type = types.str;
          default = name;
          description = "The Compose project name (`-p`).";
        };

        backend = mkOption {
          type = types.enum [
            "podman"
            "docker"
          ];
          default = top.virtualisation.oci-containers.backend;
          defaultText = lib.literalExpression "config.virtualisation.oci-containers.backend";
          description = "Which engine runs the project.";
        };

        composeCommand = mkOption {
          type = types.listOf types.str;
          default =
            if p.backend == "docker" then
              [
                "${top.virtualisation.docker.package}/bin/docker"
                "compose"
              ]
            else
              [ "${pkgs.podman-compose}/bin/podman-compose" ];
          defaultText = lib.literalMD "`docker compose` or `podman-compose`, after `backend`";
          description = "The Compose program and its leading arguments.";
        };

        serviceName = mkOption {
          type = types.str;
          default = "compose-${name}";
          description = "The systemd unit that runs the project.";
        };

        services = mkOption {
          type = types.attrsOf (types.submodule ./options.nix);
          default = { };
          description = "The Compose services that get their secrets through the shim, by service name.";
        };

        override = mkOption {
          type = types.attrs;
          readOnly = true;
          description = "The generated Compose override, as a Nix value.";
        };

        overrideFile = mkOption {
          type = types.package;
          readOnly = true;
          description = ''
            The generated Compose override file, for running the project by
            hand: `docker compose -f compose.yaml -f <overrideFile> up`.
          '';
        };
      };

      config = {
        override = shim.composeEscape { services = lib.mapAttrs (_: serviceOverride) p.services; };
        overrideFile = pkgs.writeText "compose-${name}-secretshim.json" (builtins.toJSON p.override);
      };
    };

  unit =
    _: p:
    let
      composeArgs =
        p.composeCommand
        ++ [
          "-p"
          p.projectName
        ]
        # podman-compose resolves against the first file's directory.
        ++ lib.optionals (p.directory != null && p.backend == "docker") [
          "--project-directory"
          p.directory
        ]
        ++ lib.concatMap (f: [
          "-f"
          "${f}"
        ]) (p.composeFiles ++ [ p.overrideFile ]);
      wirings = builtins.attrValues p.services;
      waitFor = lib.unique (lib.concatMap (w: w.waitFor) wirings);
      docker = lib.optionals (p.backend == "docker") [
        "docker.service"
        "docker.socket"
      ];
    in
    lib.nameValuePair p.serviceName {
      description = "Compose project ${p.projectName}, secrets through secretshim";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ] ++ waitFor;
      after = [ "network-online.target" ] ++ docker ++ waitFor;
      requires = lib.optional (p.backend == "docker") "docker.service";
      path = lib.mkIf (p.backend == "podman") [ top.virtualisation.podman.package ];
      unitConfig.AssertPathExists = lib.unique (lib.concatMap shim.paths wirings);
      serviceConfig = {
        Restart = "on-failure";
        WorkingDirectory = lib.mkIf (p.directory != null) p.directory;
      };
      # In the foreground, so the containers' logs reach the journal.
      script = "exec ${lib.escapeShellArgs (composeArgs ++ [ "up" ])}";
      preStop = lib.escapeShellArgs (composeArgs ++ [ "down" ]);
    };

  # The override alone names no image: without the project's own files,
  # Compose would have nothing to run.
  projectAssertions = projectName: p: [
    {
      assertion = p.composeFiles != [ ];
      message = "virtualisation.secretshim.compose.${projectName}.composeFiles is empty: list the project's own Compose files, which the generated override only amends";
    }
  ];

  serviceAssertions =
    projectName: p:
    lib.concatLists (
      lib.mapAttrsToList (service: shim.assertions { where = where projectName service; }) p.services
    );

  serviceWarnings =
    projectName: p:
    lib.concatLists (
      lib.mapAttrsToList (service: shim.warnings { where = where projectName service; }) p.services
    );
in
{
  options.virtualisation.secretshim.compose = mkOption {
    type = types.attrsOf (types.submodule project);
    default = { };
    description = ''
      Compose projects run by systemd, with secrets reaching the listed
      services through secretshim, by project name.
    '';
  };

  config = {
    # As oci-containers does for its containers: a project's engine runs
    # without the host enabling it separately.
    virtualisation.docker.enable = lib.mkIf (usesBackend "docker") true;
    virtualisation.podman.enable = lib.mkIf (usesBackend "podman") true;

    systemd.services = lib.mapAttrs' unit projects;
    assertions = lib.concatLists (
      lib.mapAttrsToList (name: p: projectAssertions name p ++ serviceAssertions name p) projects
    );
    warnings = lib.concatLists (lib.mapAttrsToList serviceWarnings projects);
  };
}
