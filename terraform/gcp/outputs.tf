output "url" {
  description = "URL of the console and the REST API (FLOTILLA_PUBLIC_URL)."
  value       = local.public_url
}

output "ip_address" {
  description = "Address of the HTTPS load balancer (point domain_name here)."
  value       = google_compute_global_address.this.address
}

output "instance_tls_url" {
  description = "URL cluster instances reach the appliance's instance HTTPS port under (FLOTILLA_INSTANCE_TLS_URL)."
  value       = local.instance_tls_url
}

output "appliance_id" {
  description = "The installation's id: the label value of everything the appliance creates."
  value       = local.appliance_id
}

output "appliance_service_account_email" {
  description = "Service account the appliance replicas run as; bind Vault's GCP auth role to it."
  value       = google_service_account.appliance.email
}

output "appliance_role_id" {
  description = "The appliance's custom role."
  value       = google_project_iam_custom_role.appliance.id
}

output "worker_service_account_email" {
  description = "Service account cluster instances run as (log writes only)."
  value       = google_service_account.worker.email
}

output "instance_group" {
  description = "The appliance's regional managed instance group."
  value       = google_compute_region_instance_group_manager.this.instance_group
}

output "network_id" {
  description = "VPC network of the installation (created or given)."
  value       = local.network_id
}

output "worker_subnetwork_id" {
  description = "Subnetwork of cluster instances."
  value       = local.worker_subnetwork
}

output "database_instance_name" {
  description = "Cloud SQL instance."
  value       = google_sql_database_instance.this.name
}

output "database_private_ip" {
  description = "Private address of the Cloud SQL instance."
  value       = google_sql_database_instance.this.private_ip_address
}

output "vault_gcp_auth_role_command" {
  description = "The vault command that binds Vault's GCP auth role to the appliance's service account (run once by a Vault admin)."
  value       = local.vault_gcp_auth_role_command
}
