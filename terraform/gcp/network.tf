# The network: a VPC with a subnetwork for the appliance and one for cluster instances, Cloud NAT for their way out
# (no external addresses), and the private services range Cloud SQL's private IP lives in; or, with
# create_network = false, the caller's network and subnetworks (private services access already set up).

locals {
  network_id             = var.create_network ? google_compute_network.this[0].id : var.network_id
  appliance_subnetwork   = var.create_network ? google_compute_subnetwork.appliance[0].id : var.appliance_subnetwork_id
  worker_subnetwork      = var.create_network ? google_compute_subnetwork.workers[0].id : var.worker_subnetwork_id
  worker_subnetwork_cidr = var.create_network ? var.worker_subnetwork_cidr : var.existing_worker_subnetwork_cidr
}

resource "google_compute_network" "this" {
  count = var.create_network ? 1 : 0

  project                 = var.project_id
  name                    = var.name
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "appliance" {
  count = var.create_network ? 1 : 0

  project                  = var.project_id
  region                   = var.region
  name                     = "${var.name}-appliance"
  network                  = google_compute_network.this[0].id
  ip_cidr_range            = var.appliance_subnetwork_cidr
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_5_MIN"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_subnetwork" "workers" {
  count = var.create_network ? 1 : 0

  project                  = var.project_id
  region                   = var.region
  name                     = "${var.name}-workers"
  network                  = google_compute_network.this[0].id
  ip_cidr_range            = var.worker_subnetwork_cidr
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_5_MIN"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "this" {
  count = var.create_network ? 1 : 0

  project = var.project_id
  region  = var.region
  name    = var.name
  network = google_compute_network.this[0].id
}

resource "google_compute_router_nat" "this" {
  count = var.create_network ? 1 : 0

  project                            = var.project_id
  region                             = var.region
  name                               = var.name
  router                             = google_compute_router.this[0].name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

resource "google_compute_global_address" "private_services" {
  count = var.create_network ? 1 : 0

  project       = var.project_id
  name          = "${var.name}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.this[0].id

  labels = local.labels
}

resource "google_service_networking_connection" "this" {
  count = var.create_network ? 1 : 0

  network                 = google_compute_network.this[0].id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services[0].name]
}
