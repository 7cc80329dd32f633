variable "project_id" {
  description = "Google Cloud project of the installation."
  type        = string
}

variable "region" {
  description = "Region of the installation."
  type        = string
  default     = "europe-west1"
}

variable "appliance_image" {
  description = "Image built by packer/appliance."
  type        = string
}

variable "domain_name" {
  description = "Host name users reach Flotilla under (a managed certificate is created for it)."
  type        = string
}

variable "database_password_secret" {
  description = "Secret Manager secret holding the database password."
  type        = string
}

variable "vault_address" {
  description = "Address of the existing Vault."
  type        = string
}
