# The appliance's configuration, one SSM parameter per FLOTILLA_* setting under config_path (the "Appliance
# configuration contract" in terraform/README.md). The appliance instances carry the path in the tag
# flotilla:config-ssm-path; packer/files/render-appliance-env reads every parameter under it at boot and writes
# them into the root-only env file of the systemd unit. No value here is a secret: the database password is
# named by its Secrets Manager ARN and fetched at boot.

locals {
  config_path = "/flotilla/${var.name}/"

  boot_tags = { "flotilla:config-ssm-path" = local.config_path }

  # Keys depend on inputs only (never on values known after apply), so the set of parameters is known at plan.
  config = merge(
    {
      FLOTILLA_APPLIANCE_ID             = local.appliance_id
      FLOTILLA_PUBLIC_URL               = local.public_url
      FLOTILLA_INSTANCE_TLS_URL         = local.instance_tls_url
      FLOTILLA_DATABASE_URL             = local.database_url
      FLOTILLA_DATABASE_USER            = var.database_username
      FLOTILLA_AWS_ENABLED              = "true"
      FLOTILLA_AWS_REGION               = local.region
      FLOTILLA_AWS_SUBNET_IDS           = join(",", local.worker_subnet_ids)
      FLOTILLA_AWS_SECURITY_GROUP_IDS   = aws_security_group.workers.id
      FLOTILLA_AWS_INSTANCE_PROFILE_ARN = aws_iam_instance_profile.worker.arn
      FLOTILLA_AWS_LOG_RETENTION_DAYS   = tostring(var.cluster_log_retention_days)
      FLOTILLA_LOG_GROUP                = aws_cloudwatch_log_group.appliance.name
    },
    var.create_database || var.database_password_secret_arn != null ? {
      FLOTILLA_DATABASE_PASSWORD_SECRET_ARN = local.database_password_secret_arn
    } : {},
    length(var.scheduler_allowed_cidrs) > 0 ? { FLOTILLA_AWS_ALLOWED_CIDRS = join(",", var.scheduler_allowed_cidrs) } : {},
    var.worker_image_id != null ? { FLOTILLA_AWS_IMAGE_ID = var.worker_image_id } : {},
    var.worker_image_id_arm64 != null ? { FLOTILLA_AWS_IMAGE_ID_ARM64 = var.worker_image_id_arm64 } : {},
    var.create_codebuild_role ? { FLOTILLA_AWS_BUILD_SERVICE_ROLE_ARN = aws_iam_role.codebuild[0].arn } : {},
    local.vault_config,
    var.extra_config,
  )
}

resource "aws_ssm_parameter" "config" {
  for_each = toset(keys(local.config))

  name        = "${local.config_path}${each.key}"
  description = "Flotilla ${var.name}: ${each.key}"
  type        = "String"
  value       = local.config[each.key]

  tags = local.tags
}
