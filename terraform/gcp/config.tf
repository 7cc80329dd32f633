# The appliance's configuration, one instance metadata entry per FLOTILLA_* setting (flotilla-config-<KEY>), and
# the list of keys in flotilla-config-keys (the "Appliance configuration contract" in terraform/README.md).
# packer/files/render-appliance-env reads them from the metadata server at boot and writes the root-only env file
# of the systemd unit. No value is a secret: the database password is named by its Secret Manager secret.

locals {
  # Keys depend on inputs only, so the metadata's keys are known at plan.
  config = merge(
    {
      FLOTILLA_APPLIANCE_ID             = local.appliance_id
      FLOTILLA_PUBLIC_URL               = local.public_url
      FLOTILLA_INSTANCE_TLS_URL         = local.instance_tls_url
      FLOTILLA_DATABASE_URL             = local.database_url
      FLOTILLA_DATABASE_USER            = var.database_username
      FLOTILLA_DATABASE_PASSWORD_SECRET = "projects/${var.project_id}/secrets/${var.database_password_secret}/versions/latest"
    },
    local.vault_config,
    var.extra_config,
  )

  config_metadata = merge(
    { for key, value in local.config : "flotilla-config-${key}" => value },
    { flotilla-config-keys = join(",", sort(keys(local.config))) },
  )
}
