#!/usr/bin/env bash
# What the entrypoints of the docker-library images do for each secret, as
# make bench runs it: for every NAME given before --, read the file that
# NAME_FILE names into NAME, drop NAME_FILE, then exec what follows --.
# Written for the benchmark, in the same way: bash's $(< file) per secret.
set -eu
while [ "$1" != -- ]; do
	var=$1 file_var=${1}_FILE
	shift
	if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
		echo >&2 "file_env: both $var and $file_var are set"
		exit 1
	fi
	if [ -n "${!file_var:-}" ]; then
		export "$var"="$(<"${!file_var}")"
		unset "$file_var"
	fi
done
shift
exec "$@"
