# ---- the installation ----

variable "project_id" {
  description = "Google Cloud project of the installation."
  type        = string
}

variable "region" {
  description = "Region of the appliance, its database and its subnetworks, e.g. europe-west1."
  type        = string
}

variable "name" {
  description = "Name of this installation: prefix of every resource name."
  type        = string
  default     = "flotilla"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}$", var.name))
    error_message = "The name must be 2 to 19 lowercase letters, digits or dashes, starting with a letter (service account ids are limited to 30 characters)."
  }
}

variable "labels" {
  description = "Labels added to every labelled resource of the module (flotilla-installation = name is added too)."
  type        = map(string)
  default     = {}

  validation {
    condition     = !contains(keys(var.labels), "flotilla-appliance")
    error_message = "The label flotilla-appliance marks what the appliance created and may delete; do not put it on the module's resources."
  }
}

variable "appliance_id" {
  description = "The installation's id (a UUID): the label value of what the appliance creates. Default: a UUID derived from the project, region and name. Never change it once clusters ran."
  type        = string
  default     = null

  validation {
    condition     = var.appliance_id == null || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.appliance_id))
    error_message = "The appliance id is a lowercase UUID."
  }
}

variable "extra_appliance_permissions" {
  description = "Permissions added to the appliance's custom role besides the generated ones (roles/flotilla-ongoing.json); normally none."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.extra_appliance_permissions : can(regex("^[a-z]+\\.[A-Za-z]+\\.[A-Za-z]+$", p))])
    error_message = "Each permission is service.resource.verb (e.g. compute.instances.list), without wildcards."
  }
}

variable "kms_key_id" {
  description = "Cloud KMS key (self link) for the database and the disks; null uses Google-managed keys."
  type        = string
  default     = null
}

# ---- network ----

variable "create_network" {
  description = "Create a VPC with the appliance and worker subnetworks, Cloud NAT and private services access; false uses network_id and the subnetwork ids."
  type        = bool
  default     = true
}

variable "appliance_subnetwork_cidr" {
  description = "CIDR of the created appliance subnetwork."
  type        = string
  default     = "10.70.0.0/24"

  validation {
    condition     = can(cidrnetmask(var.appliance_subnetwork_cidr))
    error_message = "An IPv4 CIDR such as 10.70.0.0/24."
  }
}

variable "worker_subnetwork_cidr" {
  description = "CIDR of the created subnetwork of cluster instances."
  type        = string
  default     = "10.70.16.0/20"

  validation {
    condition     = can(cidrnetmask(var.worker_subnetwork_cidr))
    error_message = "An IPv4 CIDR such as 10.70.16.0/20."
  }
}

variable "network_id" {
  description = "Existing VPC network (id or self link; create_network = false) with private services access for Cloud SQL."
  type        = string
  default     = null
}

variable "appliance_subnetwork_id" {
  description = "Existing subnetwork of the appliance and the agent load balancer (create_network = false)."
  type        = string
  default     = null
}

variable "worker_subnetwork_id" {
  description = "Existing subnetwork of cluster instances (create_network = false)."
  type        = string
  default     = null
}

variable "existing_worker_subnetwork_cidr" {
  description = "CIDR of worker_subnetwork_id, allowed to the appliance's instance HTTPS port (create_network = false)."
  type        = string
  default     = null
}

# ---- load balancer ----

variable "domain_name" {
  description = "Host name users reach the appliance under (point it at the output ip_address); a Google-managed certificate is created for it unless ssl_certificates is given."
  type        = string
  default     = null
}

variable "ssl_certificates" {
  description = "Existing certificates (ids) of the HTTPS load balancer; empty: a managed certificate for domain_name."
  type        = list(string)
  default     = []
}

variable "security_policy" {
  description = "Cloud Armor security policy (id) of the HTTPS backends, e.g. one that allows only your addresses; null for none."
  type        = string
  default     = null
}

# ---- the appliance ----

variable "appliance_image" {
  description = "Image built by packer/appliance (self link or projects/P/global/images/NAME)."
  type        = string
}

variable "appliance_machine_type" {
  description = "Machine type of the appliance replicas."
  type        = string
  default     = "e2-standard-2"
}

variable "appliance_disk_size" {
  description = "Boot disk of each replica, in GB."
  type        = number
  default     = 30
}

variable "min_replicas" {
  description = "Fewest appliance replicas."
  type        = number
  default     = 1

  validation {
    condition     = var.min_replicas >= 1
    error_message = "At least one replica."
  }
}

variable "max_replicas" {
  description = "Most appliance replicas (they share the database and divide the background work)."
  type        = number
  default     = 3
}

variable "health_check_initial_delay" {
  description = "Seconds a new replica has to become ready before auto-healing may replace it."
  type        = number
  default     = 300
}

variable "enable_iap_ssh" {
  description = "Let administrators reach the replicas' SSH (OS Login) through Identity-Aware Proxy; no SSH port is open to anything else."
  type        = bool
  default     = true
}

variable "extra_config" {
  description = "Further appliance settings as FLOTILLA_* environment variables (README's configuration table). Not for secrets: the values are instance metadata."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.extra_config) : can(regex("^FLOTILLA_[A-Z0-9_]+$", key)) && !can(regex("(PASSWORD|TOKEN|SECRET)", key))])
    error_message = "Keys are FLOTILLA_* names; secrets (passwords, tokens, secret ids) do not go here."
  }
}

variable "worker_service_account_id" {
  description = "Account id of the worker service account cluster instances run as (log writes only)."
  type        = string
  default     = "flotilla-worker"

  validation {
    condition     = can(regex("^flotilla-[a-z0-9-]{1,21}$", var.worker_service_account_id))
    error_message = "The worker service account id starts with flotilla- and has at most 30 lowercase letters, digits or dashes."
  }
}

# ---- database ----

variable "database_version" {
  description = "Cloud SQL PostgreSQL version."
  type        = string
  default     = "POSTGRES_17"

  validation {
    condition     = can(regex("^POSTGRES_[0-9]+$", var.database_version))
    error_message = "A Cloud SQL PostgreSQL version such as POSTGRES_17."
  }
}

variable "database_tier" {
  description = "Cloud SQL machine tier."
  type        = string
  default     = "db-custom-2-7680"
}

variable "database_high_availability" {
  description = "Regional (high-availability) instance with a standby in a second zone."
  type        = bool
  default     = true
}

variable "database_backup_retention_count" {
  description = "Automated backups kept (point-in-time recovery is always on)."
  type        = number
  default     = 14

  validation {
    condition     = var.database_backup_retention_count >= 1
    error_message = "Backups cannot be turned off."
  }
}

variable "database_deletion_protection" {
  description = "Refuse to delete the database (turn off explicitly before a destroy)."
  type        = bool
  default     = true
}

variable "database_name" {
  description = "Database created on Cloud SQL."
  type        = string
  default     = "flotilla"
}

variable "database_username" {
  description = "Database user the appliance connects as."
  type        = string
  default     = "flotilla"
}

variable "database_password_secret" {
  description = "Existing Secret Manager secret (id) whose latest version is the database user's password; the appliance reads it at boot."
  type        = string
}

variable "database_password_version" {
  description = "Increase after adding a new version to database_password_secret: Cloud SQL then gets the new password (write-only argument)."
  type        = number
  default     = 1
}

# ---- Vault (optional) ----

variable "vault_address" {
  description = "Address of an existing HashiCorp Vault, e.g. https://vault.internal:8200; null keeps secrets in the appliance's embedded encrypted store."
  type        = string
  default     = null

  validation {
    condition     = var.vault_address == null || can(regex("^https://", var.vault_address))
    error_message = "Vault is reached over https://."
  }
}

variable "vault_gcp_auth_mount" {
  description = "Mount path of Vault's GCP auth method."
  type        = string
  default     = "gcp"
}

variable "vault_gcp_auth_role" {
  description = "Vault GCP auth role (type=gce) bound to the appliance's service account (output vault_gcp_auth_role_command)."
  type        = string
  default     = "flotilla"
}

variable "vault_kv_mount" {
  description = "KV v2 mount the appliance keeps its secrets in."
  type        = string
  default     = "secret"
}

variable "vault_path_prefix" {
  description = "Path prefix of the appliance's secrets under the KV mount."
  type        = string
  default     = "flotilla"
}

variable "vault_namespace" {
  description = "Vault Enterprise namespace; null for none."
  type        = string
  default     = null
}
