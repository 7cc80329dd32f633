# An existing HashiCorp Vault (optional), logged in to with Vault's GCP auth method: the appliance signs a JWT as
# its own service account (iam.serviceAccounts.signJwt on itself, nothing else). No Vault token, AppRole secret
# or other static credential exists anywhere in this module. On the Vault side, bind the role to the appliance's
# service account (output vault_gcp_auth_role_command).

locals {
  vault_enabled = var.vault_address != null

  vault_config = local.vault_enabled ? merge(
    {
      FLOTILLA_VAULT_ADDR        = var.vault_address
      FLOTILLA_VAULT_GCP_MOUNT   = var.vault_gcp_auth_mount
      FLOTILLA_VAULT_GCP_ROLE    = var.vault_gcp_auth_role
      FLOTILLA_VAULT_MOUNT       = var.vault_kv_mount
      FLOTILLA_VAULT_PATH_PREFIX = var.vault_path_prefix
    },
    var.vault_namespace != null ? { FLOTILLA_VAULT_NAMESPACE = var.vault_namespace } : {},
  ) : {}

  vault_gcp_auth_role_command = join(" ", [
    "vault write auth/${var.vault_gcp_auth_mount}/role/${var.vault_gcp_auth_role}",
    "type=iam",
    "bound_service_accounts=${google_service_account.appliance.email}",
    "token_policies=flotilla",
  ])
}

resource "google_service_account_iam_member" "appliance_signs_vault_jwt" {
  count = local.vault_enabled ? 1 : 0

  service_account_id = google_service_account.appliance.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_service_account.appliance.email}"
}
