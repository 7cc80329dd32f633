# Users reach the appliance through a global external HTTPS load balancer: the console by default, the REST API,
# health and API reference by path. Cluster instances reach the appliance's own HTTPS port through an internal
# passthrough (TCP) load balancer, so the certificate they pin is the appliance's.

resource "google_compute_global_address" "this" {
  project = var.project_id
  name    = "${var.name}-https"

  labels = local.labels
}

resource "google_compute_managed_ssl_certificate" "this" {
  count = var.domain_name != null && length(var.ssl_certificates) == 0 ? 1 : 0

  project = var.project_id
  name    = "${var.name}-https"

  managed {
    domains = [var.domain_name]
  }
}

resource "google_compute_ssl_policy" "this" {
  project         = var.project_id
  name            = "${var.name}-https"
  profile         = "RESTRICTED"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_backend_service" "api" {
  project               = var.project_id
  name                  = "${var.name}-api"
  protocol              = "HTTP"
  port_name             = "api"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  health_checks         = [google_compute_health_check.this.id]
  security_policy       = var.security_policy

  backend {
    group           = google_compute_region_instance_group_manager.this.instance_group
    balancing_mode  = "UTILIZATION"
    capacity_scaler = 1
  }

  log_config {
    enable = true
  }
}

resource "google_compute_backend_service" "console" {
  project               = var.project_id
  name                  = "${var.name}-console"
  protocol              = "HTTP"
  port_name             = "console"
  load_balancing_scheme = "EXTERNAL_MANAGED"
  health_checks         = [google_compute_health_check.this.id]
  security_policy       = var.security_policy
  # Vaadin keeps the session in the replica that created it.
  session_affinity = "GENERATED_COOKIE"

  backend {
    group           = google_compute_region_instance_group_manager.this.instance_group
    balancing_mode  = "UTILIZATION"
    capacity_scaler = 1
  }

  log_config {
    enable = true
  }
}

resource "google_compute_url_map" "this" {
  project         = var.project_id
  name            = var.name
  default_service = google_compute_backend_service.console.id

  host_rule {
    hosts        = ["*"]
    path_matcher = "appliance"
  }

  path_matcher {
    name            = "appliance"
    default_service = google_compute_backend_service.console.id

    path_rule {
      paths   = ["/api/*", "/api-docs/*", "/health", "/health/*"]
      service = google_compute_backend_service.api.id
    }
  }
}

resource "google_compute_target_https_proxy" "this" {
  project          = var.project_id
  name             = var.name
  url_map          = google_compute_url_map.this.id
  ssl_policy       = google_compute_ssl_policy.this.id
  ssl_certificates = length(var.ssl_certificates) > 0 ? var.ssl_certificates : google_compute_managed_ssl_certificate.this[*].id
}

resource "google_compute_global_forwarding_rule" "this" {
  project               = var.project_id
  name                  = "${var.name}-https"
  target                = google_compute_target_https_proxy.this.id
  ip_address            = google_compute_global_address.this.id
  port_range            = "443"
  load_balancing_scheme = "EXTERNAL_MANAGED"

  labels = local.labels
}

resource "google_compute_region_backend_service" "agents" {
  project               = var.project_id
  region                = var.region
  name                  = "${var.name}-agents"
  protocol              = "TCP"
  load_balancing_scheme = "INTERNAL"
  health_checks         = [google_compute_health_check.this.id]

  backend {
    group          = google_compute_region_instance_group_manager.this.instance_group
    balancing_mode = "CONNECTION"
  }

  log_config {
    enable = true
  }
}

resource "google_compute_forwarding_rule" "agents" {
  project               = var.project_id
  region                = var.region
  name                  = "${var.name}-agents"
  load_balancing_scheme = "INTERNAL"
  backend_service       = google_compute_region_backend_service.agents.id
  ip_protocol           = "TCP"
  ports                 = [tostring(local.instance_tls_port)]
  network               = local.network_id
  subnetwork            = local.appliance_subnetwork

  labels = local.labels
}
