variable "region" {
  description = "AWS region of the installation."
  type        = string
  default     = "eu-west-1"
}

variable "appliance_image_id" {
  description = "AMI built by packer/appliance."
  type        = string
}

variable "worker_image_id" {
  description = "AMI built by packer/worker (null: stock Amazon Linux 2023, installed at boot)."
  type        = string
  default     = null
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name."
  type        = string
}

variable "domain_name" {
  description = "Host name users reach Flotilla under."
  type        = string
}

variable "allowed_cidrs" {
  description = "Addresses allowed to the HTTPS load balancer."
  type        = list(string)
}

variable "vault_address" {
  description = "Address of the existing Vault."
  type        = string
}
