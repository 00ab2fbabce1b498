# The same Pi-hole as a Compose project, run by Docker under systemd.
{ config, ... }:
let
  password = config.sops.secrets."pihole/admin-password";
in
{
  sops.secrets."pihole/admin-password".restartUnits = [ "compose-pihole.service" ];

  virtualisation.secretshim.compose.pihole = {
    composeFiles = [ "/srv/pihole/compose.yaml" ];
    directory = "/srv/pihole";
    backend = "docker";
    services.pihole = {
      command = [ "start.sh" ];
      secrets.FTLCONF_webserver_api_password = password.path;
    };
  };
}
