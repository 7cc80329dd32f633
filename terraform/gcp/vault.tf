# An existing HashiCorp Vault (optional), logged in to with Vault's GCP auth method: the appliance presents the
# identity token the GCE metadata server issues for its instance and service account (a gce-type role; no extra
# IAM permission needed). No Vault token, AppRole secret or other static credential exists anywhere in this module. On the Vault side, bind the role to the appliance's
# service account (output vault_gcp_auth_role_command).

locals {
  vault_enabled = var.vault_address != null

  vault_config = local.vault_enabled ? merge(
    {
      FLOTILLA_VAULT_ADDR        = var.vault_address
      FLOTILLA_VAULT_AUTH_METHOD = "gcp"
      FLOTILLA_VAULT_AUTH_MOUNT  = var.vault_gcp_auth_mount
      FLOTILLA_VAULT_AUTH_ROLE   = var.vault_gcp_auth_role
      FLOTILLA_VAULT_MOUNT       = var.vault_kv_mount
      FLOTILLA_VAULT_PATH_PREFIX = var.vault_path_prefix
    },
    var.vault_namespace != null ? { FLOTILLA_VAULT_NAMESPACE = var.vault_namespace } : {},
  ) : {}

  vault_gcp_auth_role_command = join(" ", [
    "vault write auth/${var.vault_gcp_auth_mount}/role/${var.vault_gcp_auth_role}",
    "type=gce",
    "bound_projects=${var.project_id}",
    "bound_service_accounts=${google_service_account.appliance.email}",
    "token_policies=flotilla",
  ])
}
