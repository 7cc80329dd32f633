# Into an existing VPC network (with private services access for Cloud SQL already set up) and its subnetworks,
# with your own certificate, a Cloud Armor policy and the appliance's embedded secret store (no Vault).

provider "google" {
  project = var.project_id
  region  = var.region
}

module "flotilla" {
  source = "../.."

  project_id     = var.project_id
  region         = var.region
  create_network = false

  network_id                      = var.network_id
  appliance_subnetwork_id         = var.appliance_subnetwork_id
  worker_subnetwork_id            = var.worker_subnetwork_id
  existing_worker_subnetwork_cidr = var.worker_subnetwork_cidr

  appliance_image          = var.appliance_image
  ssl_certificates         = var.ssl_certificates
  security_policy          = var.security_policy
  database_password_secret = var.database_password_secret

  database_high_availability = false
  min_replicas               = 1
  max_replicas               = 2
}

output "url" {
  description = "Where users sign in."
  value       = module.flotilla.url
}
