# Who may reach the appliance: Google's load balancer and health-check ranges on the API and console ports, and
# cluster instances (network tag) on the instance HTTPS port through the internal passthrough load balancer.

locals {
  # Google Front End and health checkers (https://cloud.google.com/load-balancing/docs/health-check-concepts)
  google_health_check_ranges = ["35.191.0.0/16", "130.211.0.0/22"]
}

resource "google_compute_firewall" "load_balancer_to_appliance" {
  project       = var.project_id
  name          = "${var.name}-lb-to-appliance"
  network       = local.network_id
  description   = "Flotilla: the HTTPS load balancer and health checks to the appliance's API and console ports"
  direction     = "INGRESS"
  source_ranges = local.google_health_check_ranges
  target_tags   = [local.appliance_network_tag]

  allow {
    protocol = "tcp"
    ports    = [tostring(local.api_port), tostring(local.console_port)]
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

resource "google_compute_firewall" "workers_to_appliance" {
  project       = var.project_id
  name          = "${var.name}-workers-to-appliance"
  network       = local.network_id
  description   = "Flotilla: cluster instances to the appliance's instance HTTPS port (bootstrap, heartbeats)"
  direction     = "INGRESS"
  source_ranges = [local.worker_subnetwork_cidr]
  target_tags   = [local.appliance_network_tag]

  allow {
    protocol = "tcp"
    ports    = [tostring(local.instance_tls_port)]
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}

# Identity-Aware Proxy's TCP forwarding range: administrators reach a replica's SSH (OS Login) through IAP only,
# e.g. for the initial admin password (docs/install-gcp.md); the replicas have no external address.
resource "google_compute_firewall" "iap_ssh" {
  count = var.enable_iap_ssh ? 1 : 0

  project       = var.project_id
  name          = "${var.name}-iap-ssh"
  network       = local.network_id
  description   = "Flotilla: SSH to the appliance through Identity-Aware Proxy only"
  direction     = "INGRESS"
  source_ranges = ["35.235.240.0/20"]
  target_tags   = [local.appliance_network_tag]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  log_config {
    metadata = "EXCLUDE_ALL_METADATA"
  }
}
