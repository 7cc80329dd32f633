# ---- the installation ----

variable "name" {
  description = "Name of this installation: prefix of every resource name and of the SSM configuration path /flotilla/<name>/."
  type        = string
  default     = "flotilla"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "The name must be 2 to 21 lowercase letters, digits or dashes, starting with a letter (it prefixes load balancer names, which AWS limits to 32 characters)."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource of the module (flotilla:installation = name is added too)."
  type        = map(string)
  default     = {}

  validation {
    condition     = !contains(keys(var.tags), "flotilla:appliance")
    error_message = "The tag flotilla:appliance marks what the appliance created and may delete; do not put it on the module's resources."
  }
}

variable "appliance_id" {
  description = "The installation's id (a UUID): the flotilla:appliance tag value of what the appliance creates, and the condition of its ongoing policy. Default: a UUID derived from the account, region and name. Never change it once clusters ran."
  type        = string
  default     = null

  validation {
    condition     = var.appliance_id == null || can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.appliance_id))
    error_message = "The appliance id is a lowercase UUID, e.g. 0b8f7c1e-3f0a-4c57-9d3e-6a1f2b7c8d90."
  }
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the database, its Performance Insights, the disks and the log groups; null uses the AWS-managed keys."
  type        = string
  default     = null
}

variable "permissions_boundary_arn" {
  description = "Permissions boundary put on every IAM role the module creates (many organisations require one); null for none."
  type        = string
  default     = null
}

# ---- network ----

variable "create_vpc" {
  description = "Create a VPC with public and private subnets and a NAT gateway; false uses vpc_id, public_subnet_ids and private_subnet_ids."
  type        = bool
  default     = true
}

variable "vpc_cidr" {
  description = "CIDR of the created VPC (create_vpc = true); split into /20s when it is a /16."
  type        = string
  default     = "10.60.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR such as 10.60.0.0/16."
  }
}

variable "availability_zone_count" {
  description = "Zones the created VPC spans (one public and one private subnet each)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 6
    error_message = "Between 2 (load balancers and RDS need two zones) and 6 zones."
  }
}

variable "vpc_id" {
  description = "Existing VPC (create_vpc = false)."
  type        = string
  default     = null
}

variable "public_subnet_ids" {
  description = "Existing public subnets for an internet-facing load balancer (create_vpc = false)."
  type        = list(string)
  default     = []
}

variable "private_subnet_ids" {
  description = "Existing private subnets, in at least two zones, for the appliance, the database and the agent load balancer (create_vpc = false)."
  type        = list(string)
  default     = []
}

variable "worker_subnet_ids" {
  description = "Subnets cluster instances run in (FLOTILLA_AWS_SUBNET_IDS); empty: the private subnets."
  type        = list(string)
  default     = []
}

variable "allowed_cidrs" {
  description = "Addresses allowed to the load balancer's HTTPS port (users, CI)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_cidrs) > 0 && alltrue([for cidr in var.allowed_cidrs : can(cidrnetmask(cidr))])
    error_message = "Give at least one IPv4 CIDR, e.g. [\"203.0.113.0/24\"]."
  }
}

variable "scheduler_allowed_cidrs" {
  description = "Addresses allowed to the Dask scheduler ports 8786/8787 of clusters (FLOTILLA_AWS_ALLOWED_CIDRS); empty: the VPC's CIDRs."
  type        = list(string)
  default     = []
}

# ---- load balancer ----

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener; it must name domain_name (or the load balancer's DNS name)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)."
  }
}

variable "domain_name" {
  description = "Host name users reach the appliance under (point it at the load balancer); null uses the load balancer's DNS name."
  type        = string
  default     = null
}

variable "internal_load_balancer" {
  description = "Put the HTTPS load balancer in the private subnets (reachable from the VPC, VPN or peering only)."
  type        = bool
  default     = false
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "load_balancer_deletion_protection" {
  description = "Protect both load balancers from deletion."
  type        = bool
  default     = true
}

variable "load_balancer_access_logs_bucket" {
  description = "S3 bucket for the HTTPS load balancer's access logs; null for none."
  type        = string
  default     = null
}

# ---- the appliance ----

variable "appliance_image_id" {
  description = "AMI built by packer/appliance (Debian 12, Java 17, the appliance jar and its systemd unit)."
  type        = string

  validation {
    condition     = can(regex("^ami-[0-9a-f]{8,17}$", var.appliance_image_id))
    error_message = "appliance_image_id must be an AMI id such as ami-0123456789abcdef0."
  }
}

variable "appliance_instance_type" {
  description = "Instance type of the appliance replicas."
  type        = string
  default     = "m6i.large"
}

variable "appliance_volume_size" {
  description = "Root disk of each replica, in GiB (encrypted gp3)."
  type        = number
  default     = 30
}

variable "min_size" {
  description = "Fewest appliance replicas."
  type        = number
  default     = 1

  validation {
    condition     = var.min_size >= 1
    error_message = "At least one replica."
  }
}

variable "max_size" {
  description = "Most appliance replicas (they share the database and divide the background work)."
  type        = number
  default     = 3

  validation {
    condition     = var.max_size >= 1
    error_message = "max_size must be at least 1 (and at least min_size)."
  }
}

variable "desired_capacity" {
  description = "Replicas to run now (between min_size and max_size)."
  type        = number
  default     = 2
}

variable "health_check_grace_period" {
  description = "Seconds a new replica has to become ready (database migrations run at the first start)."
  type        = number
  default     = 300
}

variable "enable_session_manager" {
  description = "Let administrators open a shell on the replicas with SSM Session Manager (AmazonSSMManagedInstanceCore); no SSH port is ever open."
  type        = bool
  default     = true
}

variable "extra_config" {
  description = "Further appliance settings as FLOTILLA_* environment variables (README's configuration table), e.g. { FLOTILLA_CLUSTERS_MAX_WORKERS = \"200\" }. Not for secrets: the values are plain SSM parameters."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.extra_config) : can(regex("^FLOTILLA_[A-Z0-9_]+$", key)) && !can(regex("(PASSWORD|TOKEN|SECRET)", key))])
    error_message = "Keys are FLOTILLA_* names; secrets (passwords, tokens, secret ids) do not go here."
  }
}

# ---- cluster instances ----

variable "worker_image_id" {
  description = "x86_64 worker AMI from packer/worker (FLOTILLA_AWS_IMAGE_ID); null: a stock Amazon Linux 2023 installed at boot."
  type        = string
  default     = null
}

variable "worker_image_id_arm64" {
  description = "arm64 worker AMI (FLOTILLA_AWS_IMAGE_ID_ARM64); null: stock Amazon Linux 2023 for arm64."
  type        = string
  default     = null
}

variable "worker_role_name" {
  description = "Name of the role (and instance profile) cluster instances run as; the ongoing policy may pass only this role."
  type        = string
  default     = "flotilla-worker"

  validation {
    condition     = can(regex("^flotilla-[A-Za-z0-9+=,.@_-]{1,55}$", var.worker_role_name))
    error_message = "The worker role's name starts with flotilla- (the appliance may only pass such roles) and has at most 64 characters."
  }
}

variable "cluster_log_retention_days" {
  description = "Days CloudWatch Logs keeps cluster logs (FLOTILLA_AWS_LOG_RETENTION_DAYS)."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Days the appliance's own log group (and the VPC flow log) is kept."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "A retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

# ---- software environment images ----

variable "create_codebuild_role" {
  description = "Create the CodeBuild service role software environment images are built with."
  type        = bool
  default     = true
}

variable "codebuild_role_name" {
  description = "Name of the CodeBuild service role (it must start with flotilla-, the only roles the appliance may pass)."
  type        = string
  default     = "flotilla-codebuild"

  validation {
    condition     = can(regex("^flotilla-[A-Za-z0-9+=,.@_-]{1,55}$", var.codebuild_role_name))
    error_message = "The CodeBuild role's name starts with flotilla- and has at most 64 characters."
  }
}

# ---- database ----

variable "create_database" {
  description = "Create PostgreSQL on RDS; false: give database_url, database_username and database_password_secret_arn."
  type        = bool
  default     = true
}

variable "database_url" {
  description = "JDBC URL of an existing PostgreSQL (create_database = false), e.g. jdbc:postgresql://db.internal:5432/flotilla?sslmode=require."
  type        = string
  default     = null

  validation {
    condition     = var.database_url == null || can(regex("^jdbc:postgresql://", var.database_url))
    error_message = "database_url is a jdbc:postgresql:// URL."
  }
}

variable "database_password_secret_arn" {
  description = "Secrets Manager secret of an existing PostgreSQL's password, a JSON value with a password key (create_database = false)."
  type        = string
  default     = null
}

variable "database_name" {
  description = "Database created on RDS."
  type        = string
  default     = "flotilla"
}

variable "database_username" {
  description = "Master user of RDS (its password is generated and kept in Secrets Manager), or the user of an existing database."
  type        = string
  default     = "flotilla"
}

variable "database_engine_version" {
  description = "PostgreSQL version on RDS (major.minor, or major for the newest minor)."
  type        = string
  default     = "16"
}

variable "database_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "database_allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
}

variable "database_max_allocated_storage" {
  description = "Storage autoscaling limit in GiB (0 turns autoscaling off)."
  type        = number
  default     = 100
}

variable "database_multi_az" {
  description = "Keep a standby in a second zone."
  type        = bool
  default     = true
}

variable "database_backup_retention_days" {
  description = "Days automated backups (point-in-time restore) are kept."
  type        = number
  default     = 14

  validation {
    condition     = var.database_backup_retention_days >= 1 && var.database_backup_retention_days <= 35
    error_message = "Between 1 and 35 days: backups cannot be turned off."
  }
}

variable "database_deletion_protection" {
  description = "Refuse to delete the database (turn off explicitly before a destroy)."
  type        = bool
  default     = true
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

variable "vault_aws_auth_mount" {
  description = "Mount path of Vault's AWS auth method."
  type        = string
  default     = "aws"
}

variable "vault_aws_auth_role" {
  description = "Vault AWS auth role (auth_type=iam) bound to the appliance role (output vault_aws_auth_role_command)."
  type        = string
  default     = "flotilla"
}

variable "vault_iam_server_id_header" {
  description = "Value of the X-Vault-AWS-IAM-Server-ID header when the auth method requires one (iam_server_id_header_value); null for none."
  type        = string
  default     = null
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
