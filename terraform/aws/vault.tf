# An existing HashiCorp Vault (optional): the appliance keeps cloud credentials and keys there instead of its
# embedded store. It logs in with Vault's AWS IAM auth method, signing sts:GetCallerIdentity with its instance
# role: no Vault token, AppRole secret or other static credential exists anywhere in this module. On the Vault
# side, bind the role to this module's appliance role (output vault_aws_auth_role_command).

locals {
  vault_enabled = var.vault_address != null

  vault_config = local.vault_enabled ? merge(
    {
      FLOTILLA_VAULT_ADDR        = var.vault_address
      FLOTILLA_VAULT_AUTH_METHOD = "aws"
      FLOTILLA_VAULT_AUTH_MOUNT  = var.vault_aws_auth_mount
      FLOTILLA_VAULT_AUTH_ROLE   = var.vault_aws_auth_role
      FLOTILLA_VAULT_MOUNT       = var.vault_kv_mount
      FLOTILLA_VAULT_PATH_PREFIX = var.vault_path_prefix
    },
    var.vault_iam_server_id_header != null ? { FLOTILLA_VAULT_AWS_SERVER_ID = var.vault_iam_server_id_header } : {},
    var.vault_namespace != null ? { FLOTILLA_VAULT_NAMESPACE = var.vault_namespace } : {},
  ) : {}

  vault_aws_auth_role_command = join(" ", [
    "vault write auth/${var.vault_aws_auth_mount}/role/${var.vault_aws_auth_role}",
    "auth_type=iam",
    "bound_iam_principal_arn=${aws_iam_role.appliance.arn}",
    "token_policies=flotilla",
  ])
}
