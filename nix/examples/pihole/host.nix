# Host layer: where this host keeps the secret (here sops-nix).
{ config, ... }:
let
  password = config.sops.secrets."pihole/admin-password";
in
{
  imports = [ ./service.nix ];

  # The container keeps the file it mounted at start: restart it when
  # the secret changes.
  sops.secrets."pihole/admin-password".restartUnits = [ "podman-pihole.service" ];

  virtualisation.oci-containers.containers.pihole.secretshim = {
    secrets.FTLCONF_webserver_api_password = password.path;
  };
}
