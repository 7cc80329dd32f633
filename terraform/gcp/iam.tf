# Service accounts. The appliance's carries a custom role whose permissions are the app's generated ongoing role
# (roles/flotilla-ongoing.json, written from GcpPermissionManifest by the app's CommittedGcpRoleTest), plus any
# extra_appliance_permissions. Cluster instances run as the worker service account, which may write logs only; the
# appliance may act as that account (iam.serviceAccounts.actAs) through a binding on it, never on the project.

locals {
  ongoing_role = jsondecode(file("${path.module}/roles/flotilla-ongoing.json"))
}

resource "google_service_account" "appliance" {
  project      = var.project_id
  account_id   = "${var.name}-appliance"
  display_name = "Flotilla appliance ${var.name}"
  description  = "Runs the Flotilla appliance; runs Dask clusters in this project"
}

resource "google_project_iam_custom_role" "appliance" {
  project     = var.project_id
  role_id     = replace("${var.name}_appliance", "-", "_")
  title       = "Flotilla appliance ${var.name}"
  description = local.ongoing_role.description
  stage       = local.ongoing_role.stage
  permissions = distinct(concat(local.ongoing_role.includedPermissions, var.extra_appliance_permissions))
}

resource "google_project_iam_member" "appliance_role" {
  project = var.project_id
  role    = google_project_iam_custom_role.appliance.id
  member  = "serviceAccount:${google_service_account.appliance.email}"
}

resource "google_project_iam_member" "appliance_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.appliance.email}"
}

resource "google_secret_manager_secret_iam_member" "appliance_reads_database_password" {
  project   = var.project_id
  secret_id = var.database_password_secret
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.appliance.email}"
}

resource "google_service_account" "worker" {
  project      = var.project_id
  account_id   = var.worker_service_account_id
  display_name = "Flotilla cluster instances of ${var.name}"
  description  = "Dask schedulers and workers started by Flotilla: log writes only"
}

resource "google_project_iam_member" "worker_log_writer" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.worker.email}"
}

# The appliance starts cluster instances as the worker service account, and only as that one.
resource "google_service_account_iam_member" "appliance_uses_worker" {
  service_account_id = google_service_account.worker.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.appliance.email}"
}
