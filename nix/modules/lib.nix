# Functions shared by the oci-containers and Compose flavours. Each takes a
# wiring `w`, the value of one options.nix submodule, and never reads the
# NixOS configuration, so the tests can call them directly.
{ lib }:
let
  inherit (lib)
    concatLists
    concatMap
    filter
    hasInfix
    hasPrefix
    isList
    mapAttrsToList
    optional
    optionals
    ;

  # Every string of an attribute set, list or string, with f applied.
  mapStrings =
    f: v:
    if builtins.isString v then
      f v
    else if isList v then
      map (mapStrings f) v
    else if builtins.isAttrs v then
      builtins.mapAttrs (_: mapStrings f) v
    else
      v;
in
rec {
  # The host files a wiring reads, each once: secrets in name order, then
  # files. Unset paths are left out (an assertion reports them).
  paths =
    w: lib.unique (filter (p: p != null && p != "") (builtins.attrValues w.secrets ++ w.files));

  # The shim's argument list: options, "--", then the command it execs.
  # Templates come after the secrets, so that `env "NAME"` in a template
  # sees a variable exported from a file.
  arguments =
    w:
    concatLists (mapAttrsToList (name: path: [ "--env" "${name}=${toString path}" ]) w.secrets)
    ++ concatLists (mapAttrsToList (name: text: [ "--template" "${name}=${text}" ]) w.templates)
    ++ optionals (w.user != null) [ "--user" w.user ]
    ++ optional w.raw "--raw"
    ++ optional w.allowEmpty "--allow-empty"
    ++ optional w.override "--override"
    ++ optional (w.verbosity == "quiet") "--quiet"
    ++ optional (w.verbosity == "verbose") "--verbose"
    ++ optionals (w.logTime != null) [ "--log-time" w.logTime ]
    ++ w.extraArgs
    ++ [ "--" ]
    ++ w.command;

  # Read-only bind mounts as { source, target }: the shim from the store at
  # shimPath, and each secret file at its own path.
  mounts =
    shim: w:
    [
      {
        source = "${shim}/bin/secretshim";
        target = w.shimPath;
      }
    ]
    ++ map (p: {
      source = p;
      target = p;
    }) (paths w);

  # The same mounts in the "SRC:DST:ro" form of `docker run -v`.
  volumes = shim: w: map (m: "${m.source}:${m.target}:ro") (mounts shim w);

  # What the systemd unit that starts the container needs: wait for the
  # units that provide the files, and refuse to start while one is missing
  # (Docker would otherwise create a missing -v source as a directory).
  unit = w: {
    after = w.waitFor;
    wants = w.waitFor;
    unitConfig.AssertPathExists = paths w;
  };

  # The paths a template reads with a literal file "PATH" or file `PATH`.
  templateReads =
    text:
    let
      pattern = ''(^|[^[:alnum:]_.])file[[:space:]]+("([^"]*)"|`([^`]*)`)'';
      pick = m: if builtins.elemAt m 2 != null then builtins.elemAt m 2 else builtins.elemAt m 3;
    in
    concatMap (m: if isList m then [ (pick m) ] else [ ]) (builtins.split pattern text);

  # Why a host path cannot be mounted as a secret, or null if it can.
  # `colon` is whether the path ends up in a "SRC:DST:ro" string.
  pathProblem =
    { colon }:
    path:
    if path == null || path == "" then
      "is unset: give the absolute host path of the secret file (from sops-nix, agenix or anything else)"
    else if !hasPrefix "/" path then
      "= ${builtins.toJSON path} is not an absolute path"
    else if hasPrefix "${builtins.storeDir}/" path || path == builtins.storeDir then
      "= ${builtins.toJSON path} is inside ${builtins.storeDir}, which every local user can read: keep secrets out of the store (a path under /run, say)"
    else if colon && hasInfix ":" path then
      "= ${builtins.toJSON path} contains ':', which a volume \"SRC:DST:ro\" cannot hold"
    else
      null;

  # Why shimPath cannot be the container's entrypoint, or null if it can:
  # a relative one would be looked up on the image's PATH.
  shimPathProblem =
    { colon }:
    path:
    if !hasPrefix "/" path then
      "= ${builtins.toJSON path} is not an absolute path inside the container"
    else if colon && hasInfix ":" path then
      "= ${builtins.toJSON path} contains ':', which a volume \"SRC:DST:ro\" cannot hold"
    else
      null;

  # Why a variable name is refused by the shim, or null if it is not.
  nameProblem =
    name: if name == "" || hasInfix "=" name then "is not a variable name (empty, or contains '=')" else null;

  # Assertions for one wiring; `where` is its option path for the messages.
  assertions =
    {
      where,
      colon ? false,
    }:
    w:
    let
      check = what: problem: {
        assertion = problem == null;
        message = "${where}.${what} ${toString problem}";
      };
    in
    [
      {
        assertion = w.command != [ ];
        message = "${where}.command is empty: give the image's original entrypoint and command, which the shim execs (an entrypoint override clears the image's CMD)";
      }
    ]
    ++ [ (check "shimPath" (shimPathProblem { inherit colon; } w.shimPath)) ]
    ++ mapAttrsToList (name: path: check "secrets.${builtins.toJSON name}" (pathProblem { inherit colon; } path)) w.secrets
    ++ mapAttrsToList (name: _: check "secrets.${builtins.toJSON name}" (nameProblem name)) w.secrets
    ++ map (path: check "files entry" (pathProblem { inherit colon; } path)) w.files
    ++ mapAttrsToList (name: _: check "templates.${builtins.toJSON name}" (nameProblem name)) w.templates;

  # Warnings for template reads of files that are not mounted.
  warnings =
    { where }:
    w:
    let
      mounted = paths w;
      unmounted = name: filter (p: !builtins.elem p mounted) (templateReads w.templates.${name});
    in
    concatLists (
      mapAttrsToList (
        name: _:
        map (
          p:
          "${where}.templates.${builtins.toJSON name} reads ${builtins.toJSON p}, which is in neither secrets nor files, so it is not mounted"
        ) (unmounted name)
      ) w.templates
    );

  # A Compose file treats "$" as the start of a variable; "$$" is a dollar.
  composeEscape = mapStrings (builtins.replaceStrings [ "$" ] [ "$$" ]);
}
