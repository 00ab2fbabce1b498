// Package shim turns secret files into environment variables and then
// replaces the current process with a program.
//
// # Glossary
//
// The package, the secretshim command and its documentation use a few words
// in one sense only:
//
//   - a secret is the contents of one file, or one entry of a dotenv file;
//   - a source is where secrets come from: one of the options --env,
//     --optional, --env-file, --dir, --suffix and --prefix, described by
//     [Source];
//   - a variable is a NAME=value entry of the environment that the program
//     receives, described by [Variable];
//   - the program is what runs after the shim, through execve(2), in place of
//     the shim.
//
// # Secrecy
//
// No error, warning or log line produced here contains a byte of a secret's
// value. Messages name the variable, the path of its file (quoted as Go
// quotes strings) and the kind of fault, and at most a line number of a
// dotenv file. Errors that come from third-party parsers are replaced by a
// description of the fault before they leave this package.
//
// # Flow
//
// [Prepare] resolves the user, waits for missing files, reads every source
// and builds the new environment; the result is a [Plan]. [Plan.Exec]
// switches user, resolves the program on the new PATH, checks execve's size
// limits and calls execve. Nothing here calls os.Exit: every failure is an
// [*Error] whose [Kind] the command maps to an exit code.
package shim
