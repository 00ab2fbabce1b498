#!/bin/sh
# make demo: run secretshim on the example secrets in front of app.sh.
# Usage: examples/demo.sh path/to/secretshim
set -u
shim=$(realpath "$1")
cd "$(dirname "$0")"
secrets=$(pwd)/secrets

step() { printf '\n$ %s\n' "$*"; }

step "secretshim -e DB_PASSWORD=secrets/db_password --env-file secrets/app.env -e SIGNING_KEY=secrets/signing.key --suffix _FILE -- ./app.sh --serve"
env -i PATH=/usr/bin:/bin ADMIN_PASSWORD_FILE="$secrets/admin_password" \
	"$shim" -e DB_PASSWORD=secrets/db_password --env-file secrets/app.env \
	-e SIGNING_KEY=secrets/signing.key --suffix _FILE -- ./app.sh --serve 2>&1 || exit 1

step "secretshim --check --env-file secrets/app.env -e DB_PASSWORD=secrets/db_password"
env -i PATH=/usr/bin:/bin "$shim" --check --env-file secrets/app.env -e DB_PASSWORD=secrets/db_password || exit 1

step "secretshim -e DB_PASSWORD=secrets/missing -- ./app.sh    # fails closed: app.sh never runs"
env -i PATH=/usr/bin:/bin "$shim" -e DB_PASSWORD=secrets/missing -- ./app.sh 2>&1
code=$?
echo "exit status $code (66: a secret file is missing)"
[ "$code" -eq 66 ] || exit 1
