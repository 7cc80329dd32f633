# Everything created by the module: a new VPC, two appliance replicas behind the HTTPS load balancer, PostgreSQL
# on RDS, the CodeBuild role, and Vault for the appliance's secrets (AWS IAM login, no static credential).

provider "aws" {
  region = var.region
}

module "flotilla" {
  source = "../.."

  name               = "flotilla"
  appliance_image_id = var.appliance_image_id
  worker_image_id    = var.worker_image_id
  certificate_arn    = var.certificate_arn
  domain_name        = var.domain_name
  allowed_cidrs      = var.allowed_cidrs

  min_size         = 2
  max_size         = 4
  desired_capacity = 2

  database_instance_class = "db.m7g.large"
  database_multi_az       = true

  vault_address       = var.vault_address
  vault_aws_auth_role = "flotilla"

  extra_config = {
    FLOTILLA_CLUSTERS_MAX_WORKERS = "200"
  }

  tags = {
    Environment = "production"
    Owner       = "data-platform"
  }
}

output "url" {
  description = "Where users sign in."
  value       = module.flotilla.url
}

output "vault_aws_auth_role_command" {
  description = "Run once as a Vault admin to let the appliance log in with its instance role."
  value       = module.flotilla.vault_aws_auth_role_command
}
