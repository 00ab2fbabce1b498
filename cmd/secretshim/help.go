package main

const usage = `Usage: secretshim [OPTION]... [--] PROGRAM [ARG]...
       secretshim --check [OPTION]... [[--] PROGRAM [ARG]...]
       secretshim --install DIR

Read secret files into environment variables, then replace this process with
PROGRAM through execve: no shell, ARGs passed unchanged, PROGRAM found on the
new environment's PATH. If anything is wrong, PROGRAM is not started.

Sources (repeatable, read in the order given):
  -e, --env NAME=PATH     export NAME with the contents of the file at PATH
      --optional NAME=PATH
                          the same, but skip NAME if PATH does not exist
      --env-file PATH     export every variable of the dotenv file at PATH
      --dir DIR           export one variable per regular file in DIR, named
                          after the file; dot entries and subdirectories are
                          skipped, symbolic links followed
      --suffix SUFFIX     for every NAME<SUFFIX>=PATH in the environment,
                          export NAME from PATH and remove NAME<SUFFIX>
      --prefix PREFIX     the same for <PREFIX>NAME=PATH
  -t, --template NAME=TEXT
                          export NAME from a Go text/template: file "PATH"
                          reads a secret file as --env does, env "NAME" an
                          incoming or earlier variable; urluser, urlpath,
                          urlquery, json and base64 escape a value

Values:
      --raw               keep file contents byte-exact (default: remove all
                          trailing "\n" and "\r\n")
      --allow-empty       accept empty values (default: an error)
      --override          let a later source win over an earlier one and over
                          the environment (default: a variable set twice, or
                          already set to a non-empty value, is an error)

Process:
  -u, --user USER[:GROUP] after reading every secret, switch to this user
                          (name or id, as docker --user reads it), with its
                          supplementary groups and HOME
      --wait DURATION     wait up to DURATION (30s, 2m; a bare number is
                          seconds) for missing secret files to appear
      --check             do everything but exec: print one line per variable
                          (name and source, never the value) on stdout; PROGRAM
                          may be omitted

Install (for images without cp: a Kubernetes init container, a Compose
one-shot service filling a shared volume):
      --install DIR       copy this executable to DIR/secretshim (mode 0755,
                          through a temporary file and a rename), say so on
                          stderr and exit; it reads no secrets and starts
                          nothing, so a source or a PROGRAM next to it is a
                          usage error. An option only: there is no
                          SECRETSHIM_INSTALL variable.

Output (on stderr; stdout belongs to PROGRAM):
  -q, --quiet             errors only
  -v, --verbose           one line per variable: name, source, byte count
      --log-time FORMAT   prefix each line with the time in strftime FORMAT
  -h, --help              show this help and exit
      --version           show the version and exit

Every option can be set in the environment instead, which an image's
ENTRYPOINT needs: SECRETSHIM_ENV, SECRETSHIM_OPTIONAL, SECRETSHIM_ENV_FILE,
SECRETSHIM_DIR, SECRETSHIM_SUFFIX, SECRETSHIM_PREFIX (lists, split at
newlines and commas), SECRETSHIM_TEMPLATE (a list split at newlines only;
lists apply before the options' entries), SECRETSHIM_USER,
SECRETSHIM_WAIT, SECRETSHIM_LOG_TIME (an option wins), SECRETSHIM_RAW,
SECRETSHIM_ALLOW_EMPTY, SECRETSHIM_OVERRIDE, SECRETSHIM_QUIET,
SECRETSHIM_VERBOSE, SECRETSHIM_CHECK (1/true/yes/on or 0/false/no/off).
SECRETSHIM_* variables are removed from PROGRAM's environment; an unknown
one is an error.

Exit status:
   64  usage: unknown option, malformed NAME=PATH, bad SECRETSHIM_* value,
       a template that does not parse, no PROGRAM, --install with a source
       or a PROGRAM
   65  a secret's name or content is rejected: empty, NUL byte, too large,
       set twice, dotenv syntax error, a template that fails to render,
       environment over execve's limit
   66  a secret file is missing, unreadable, not a regular file, or did not
       appear within --wait
   67  unknown user or group, or an empty --user
   70  internal error
   71  switching user failed
   73  --install could not write DIR/secretshim
  126  PROGRAM found but not executable (or its interpreter is missing)
  127  PROGRAM not found
  129, 130, 131, 143
       SIGHUP, SIGINT, SIGQUIT or SIGTERM while waiting for files
  otherwise PROGRAM's own status, since PROGRAM replaces secretshim

An entrypoint: override in Compose, or docker run --entrypoint, clears the
image's command: put the image's original entrypoint and command after --.
`
