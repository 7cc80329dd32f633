# PostgreSQL on Cloud SQL: private IP only, TLS only, automated backups with point-in-time recovery, deletion
# protection on by default. The password is never generated or output by the module: it is the latest version
# of an existing Secret Manager secret (database_password_secret), handed to Cloud SQL as a write-only argument;
# the appliance reads the same secret at boot with its service account.

data "google_secret_manager_secret_version_access" "database_password" {
  project = var.project_id
  secret  = var.database_password_secret
}

resource "google_sql_database_instance" "this" {
  project             = var.project_id
  region              = var.region
  name                = "${var.name}-${substr(local.appliance_id, 0, 8)}"
  database_version    = var.database_version
  deletion_protection = var.database_deletion_protection
  encryption_key_name = var.kms_key_id

  settings {
    tier                        = var.database_tier
    edition                     = "ENTERPRISE"
    availability_type           = var.database_high_availability ? "REGIONAL" : "ZONAL"
    disk_autoresize             = true
    disk_type                   = "PD_SSD"
    deletion_protection_enabled = var.database_deletion_protection

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "03:00"

      backup_retention_settings {
        retained_backups = var.database_backup_retention_count
      }
    }

    ip_configuration {
      ipv4_enabled    = false
      private_network = local.network_id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    maintenance_window {
      day  = 7
      hour = 4
    }

    insights_config {
      query_insights_enabled = true
    }

    database_flags {
      name  = "log_connections"
      value = "on"
    }

    database_flags {
      name  = "log_disconnections"
      value = "on"
    }

    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }

    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }

    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }

    database_flags {
      name  = "log_min_messages"
      value = "error"
    }

    database_flags {
      name  = "log_min_error_statement"
      value = "error"
    }

    database_flags {
      name  = "log_statement"
      value = "ddl"
    }

    database_flags {
      name  = "log_hostname"
      value = "on"
    }

    database_flags {
      name  = "log_duration"
      value = "on"
    }

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }

    user_labels = local.labels
  }

  depends_on = [google_service_networking_connection.this]
}

resource "google_sql_database" "this" {
  project  = var.project_id
  instance = google_sql_database_instance.this.name
  name     = var.database_name
}

resource "google_sql_user" "this" {
  project             = var.project_id
  instance            = google_sql_database_instance.this.name
  name                = var.database_username
  password_wo         = data.google_secret_manager_secret_version_access.database_password.secret_data
  password_wo_version = var.database_password_version
}

locals {
  database_url = "jdbc:postgresql://${google_sql_database_instance.this.private_ip_address}:5432/${var.database_name}?sslmode=require"
}
