#!/bin/sh
# Like Keycloak's kc.sh: a command is required, and start needs the
# database password.
STANDIN=keycloak
case "$1" in
start | start-dev) ;;
"")
	echo "kc.sh: a command is needed, such as start" >&2
	exit 2
	;;
*)
	echo "kc.sh: unknown command" >&2
	exit 2
	;;
esac
echo "keycloak: starting as uid $(id -u)"
if [ -z "$KC_DB_PASSWORD" ]; then
	echo "keycloak: error: KC_DB_PASSWORD is not set" >&2
	exit 1
fi
echo "keycloak: connected to the database"
. /lib/standin/serve.sh
