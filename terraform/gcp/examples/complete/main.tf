# Everything created by the module: a new VPC, two to four appliance replicas behind the HTTPS load balancer with
# a Google-managed certificate, Cloud SQL (regional), and Vault for the appliance's secrets (GCP auth, no static
# credential).

provider "google" {
  project = var.project_id
  region  = var.region
}

module "flotilla" {
  source = "../.."

  project_id               = var.project_id
  region                   = var.region
  appliance_image          = var.appliance_image
  domain_name              = var.domain_name
  database_password_secret = var.database_password_secret

  min_replicas = 2
  max_replicas = 4

  vault_address       = var.vault_address
  vault_gcp_auth_role = "flotilla"

  labels = {
    environment = "production"
    owner       = "data-platform"
  }
}

output "url" {
  description = "Where users sign in."
  value       = module.flotilla.url
}

output "vault_gcp_auth_role_command" {
  description = "Run once as a Vault admin to let the appliance log in with its service account."
  value       = module.flotilla.vault_gcp_auth_role_command
}
