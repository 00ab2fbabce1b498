#!/bin/sh
# The "application" of make demo: it prints what it received, by name and
# length only, the way a real service would read its configuration.
echo "app: started as pid $$, uid $(id -u), argv: $*"
for name in DB_PASSWORD ADMIN_PASSWORD SMTP_PASSWORD API_TOKEN SIGNING_KEY ADMIN_PASSWORD_FILE; do
	if value=$(printenv "$name"); then
		echo "app: $name is set, ${#value} characters"
	else
		echo "app: $name is not set"
	fi
done
