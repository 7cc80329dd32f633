output "url" {
  description = "URL of the console and the REST API (FLOTILLA_PUBLIC_URL)."
  value       = local.public_url
}

output "load_balancer_dns_name" {
  description = "DNS name of the HTTPS load balancer (point domain_name here)."
  value       = aws_lb.this.dns_name
}

output "load_balancer_zone_id" {
  description = "Route 53 zone id of the HTTPS load balancer, for an alias record."
  value       = aws_lb.this.zone_id
}

output "instance_tls_url" {
  description = "URL cluster instances reach the appliance's instance HTTPS port under (FLOTILLA_INSTANCE_TLS_URL)."
  value       = local.instance_tls_url
}

output "appliance_id" {
  description = "The installation's id: the flotilla:appliance tag value of everything the appliance creates."
  value       = local.appliance_id
}

output "appliance_role_arn" {
  description = "Role the appliance replicas run as (carries the ongoing policy); bind Vault's AWS auth role to it."
  value       = aws_iam_role.appliance.arn
}

output "autoscaling_group_name" {
  description = "Auto-scaling group of the appliance replicas."
  value       = aws_autoscaling_group.this.name
}

output "worker_role_arn" {
  description = "Role cluster instances run as (log writes only)."
  value       = aws_iam_role.worker.arn
}

output "worker_instance_profile_arn" {
  description = "Instance profile of cluster instances (FLOTILLA_AWS_INSTANCE_PROFILE_ARN)."
  value       = aws_iam_instance_profile.worker.arn
}

output "worker_security_group_id" {
  description = "Security group every cluster instance gets besides its cluster's own (FLOTILLA_AWS_SECURITY_GROUP_IDS)."
  value       = aws_security_group.workers.id
}

output "codebuild_role_arn" {
  description = "Service role of software environment builds (null when create_codebuild_role = false)."
  value       = var.create_codebuild_role ? aws_iam_role.codebuild[0].arn : null
}

output "vpc_id" {
  description = "VPC of the installation (created or given)."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets of the appliance and the database."
  value       = local.private_subnet_ids
}

output "worker_subnet_ids" {
  description = "Subnets cluster instances run in (FLOTILLA_AWS_SUBNET_IDS)."
  value       = local.worker_subnet_ids
}

output "database_endpoint" {
  description = "host:port of the RDS instance (null for an existing database)."
  value       = var.create_database ? aws_db_instance.this[0].endpoint : null
}

output "database_password_secret_arn" {
  description = "Secrets Manager secret holding the database password (its ARN, never the password)."
  value       = local.database_password_secret_arn
}

output "config_ssm_path" {
  description = "SSM path of the appliance's configuration parameters (read at boot by render-appliance-env)."
  value       = local.config_path
}

output "log_group_name" {
  description = "CloudWatch Logs group of the appliance's own log."
  value       = aws_cloudwatch_log_group.appliance.name
}

output "vault_aws_auth_role_command" {
  description = "The vault command that binds Vault's AWS auth role to the appliance role (run once by a Vault admin)."
  value       = local.vault_aws_auth_role_command
}
