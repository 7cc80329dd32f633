# The appliance: the Packer appliance image (packer/appliance, googlecompute) in a regional managed instance group
# of min_replicas..max_replicas, without external addresses, as the appliance service account. Its configuration is
# in the instance metadata (config.tf); render-appliance-env writes it into the root-only env file at boot.

resource "google_compute_instance_template" "this" {
  project              = var.project_id
  name_prefix          = "${var.name}-appliance-"
  description          = "Flotilla appliance"
  machine_type         = var.appliance_machine_type
  region               = var.region
  tags                 = [local.appliance_network_tag]
  can_ip_forward       = false
  instance_description = "Flotilla appliance ${var.name}"

  disk {
    source_image = var.appliance_image
    disk_size_gb = var.appliance_disk_size
    disk_type    = "pd-balanced"
    auto_delete  = true
    boot         = true
    labels       = local.labels

    dynamic "disk_encryption_key" {
      for_each = var.kms_key_id == null ? [] : [var.kms_key_id]

      content {
        kms_key_self_link = disk_encryption_key.value
      }
    }
  }

  network_interface {
    subnetwork = local.appliance_subnetwork
  }

  service_account {
    email  = google_service_account.appliance.email
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  metadata = merge(local.config_metadata, {
    block-project-ssh-keys = "true"
    enable-oslogin         = "TRUE"
  })

  labels = local.labels

  lifecycle {
    create_before_destroy = true
  }
}

resource "google_compute_health_check" "this" {
  project             = var.project_id
  name                = "${var.name}-appliance"
  check_interval_sec  = 10
  timeout_sec         = 5
  healthy_threshold   = 2
  unhealthy_threshold = 3

  http_health_check {
    port         = local.api_port
    request_path = "/health/readiness"
  }

  log_config {
    enable = true
  }
}

resource "google_compute_region_instance_group_manager" "this" {
  project            = var.project_id
  region             = var.region
  name               = "${var.name}-appliance"
  base_instance_name = "${var.name}-appliance"

  version {
    instance_template = google_compute_instance_template.this.self_link_unique
  }

  named_port {
    name = "api"
    port = local.api_port
  }

  named_port {
    name = "console"
    port = local.console_port
  }

  named_port {
    name = "instance-tls"
    port = local.instance_tls_port
  }

  auto_healing_policies {
    health_check      = google_compute_health_check.this.id
    initial_delay_sec = var.health_check_initial_delay
  }

  # A new image or configuration replaces the replicas one by one.
  update_policy {
    type                  = "PROACTIVE"
    minimal_action        = "REPLACE"
    max_surge_fixed       = 3
    max_unavailable_fixed = 0
  }

  # The database must exist before the first replica boots.
  depends_on = [google_sql_user.this]
}

resource "google_compute_region_autoscaler" "this" {
  project = var.project_id
  region  = var.region
  name    = "${var.name}-appliance"
  target  = google_compute_region_instance_group_manager.this.id

  autoscaling_policy {
    min_replicas    = var.min_replicas
    max_replicas    = var.max_replicas
    cooldown_period = var.health_check_initial_delay

    cpu_utilization {
      target = 0.7
    }
  }
}
