# Service layer: what the Pi-hole container needs, on any host.
{ lib, ... }:
{
  virtualisation.oci-containers.containers.pihole = {
    image = "pihole/pihole:2025.08.0";
    ports = [
      "53:53/tcp"
      "53:53/udp"
      "8080:80/tcp"
    ];
    volumes = [ "/srv/pihole/etc-pihole:/etc/pihole" ];
    environment.TZ = "Europe/Berlin";
    secretshim = {
      enable = true;
      # The image's ENTRYPOINT ["start.sh"]; it has no CMD.
      command = [ "start.sh" ];
      # The host layer gives the path.
      secrets.FTLCONF_webserver_api_password = lib.mkDefault null;
    };
  };
}
