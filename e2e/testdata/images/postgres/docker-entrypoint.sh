#!/bin/sh
# Like postgres' docker-entrypoint.sh: drop root, then initialise an empty
# data directory once, with the superuser password; later starts skip it.
set -e
PGDATA=/var/lib/postgresql/data
echo "postgres-entrypoint: starting as uid $(id -u)"
if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
	chown 999:999 "$PGDATA"
	exec su -s /bin/sh postgres "$0" "$@"
fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
	if [ -z "$POSTGRES_PASSWORD" ]; then
		echo "postgres-entrypoint: error: database is uninitialized and superuser password is not specified" >&2
		exit 1
	fi
	echo "postgres-entrypoint: initializing database in $PGDATA"
	printf %s "$POSTGRES_PASSWORD" | sha256sum | cut -d' ' -f1 >"$PGDATA/password.sha256"
	echo 17 >"$PGDATA/PG_VERSION"
elif [ "$1" = postgres ]; then
	echo "postgres-entrypoint: database directory appears to contain a database; skipping initialization"
fi
exec "$@"
