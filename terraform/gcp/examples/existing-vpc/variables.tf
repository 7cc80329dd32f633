variable "project_id" {
  description = "Google Cloud project of the installation."
  type        = string
}

variable "region" {
  description = "Region of the installation."
  type        = string
  default     = "europe-west1"
}

variable "network_id" {
  description = "The existing VPC network."
  type        = string
}

variable "appliance_subnetwork_id" {
  description = "Subnetwork of the appliance."
  type        = string
}

variable "worker_subnetwork_id" {
  description = "Subnetwork of cluster instances."
  type        = string
}

variable "worker_subnetwork_cidr" {
  description = "CIDR of the cluster instances' subnetwork."
  type        = string
}

variable "appliance_image" {
  description = "Image built by packer/appliance."
  type        = string
}

variable "ssl_certificates" {
  description = "Certificates of the HTTPS load balancer."
  type        = list(string)
}

variable "security_policy" {
  description = "Cloud Armor policy allowing only your addresses."
  type        = string
}

variable "database_password_secret" {
  description = "Secret Manager secret holding the database password."
  type        = string
}
