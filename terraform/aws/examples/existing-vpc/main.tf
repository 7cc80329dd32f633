# Into an existing VPC: the caller's subnets, an internal load balancer (reachable over VPN or peering), an
# existing PostgreSQL whose password is in Secrets Manager, the embedded secret store (no Vault).

provider "aws" {
  region = var.region
}

module "flotilla" {
  source = "../.."

  name       = "flotilla"
  create_vpc = false

  vpc_id             = var.vpc_id
  private_subnet_ids = var.private_subnet_ids
  worker_subnet_ids  = var.worker_subnet_ids

  internal_load_balancer = true
  appliance_image_id     = var.appliance_image_id
  certificate_arn        = var.certificate_arn
  allowed_cidrs          = var.allowed_cidrs

  create_database              = false
  database_url                 = var.database_url
  database_username            = "flotilla"
  database_password_secret_arn = var.database_password_secret_arn

  min_size         = 1
  max_size         = 2
  desired_capacity = 1
}

output "url" {
  description = "Where users sign in."
  value       = module.flotilla.url
}
