#!/bin/sh
# Like Pi-hole v6, this reads the web password at each start and stores
# its hash; without one it starts anyway, with a random password.
STANDIN=pihole
echo "pihole: starting as uid $(id -u)"
pw=$FTLCONF_webserver_api_password
if [ -z "$pw" ]; then
	echo "pihole: no web password given, using a random one"
	pw=$(head -c 16 /dev/urandom | base64)
fi
printf %s "$pw" | sha256sum | cut -d' ' -f1 >/etc/pihole/pwhash.new
mv /etc/pihole/pwhash.new /etc/pihole/pwhash
echo "pihole: web password set"
. /lib/standin/serve.sh
