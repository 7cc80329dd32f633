variable "region" {
  description = "AWS region of the installation."
  type        = string
  default     = "eu-west-1"
}

variable "vpc_id" {
  description = "The existing VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (two zones at least) for the appliance and the load balancers."
  type        = list(string)
}

variable "worker_subnet_ids" {
  description = "Subnets cluster instances run in."
  type        = list(string)
}

variable "appliance_image_id" {
  description = "AMI built by packer/appliance."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate of the internal load balancer's name."
  type        = string
}

variable "allowed_cidrs" {
  description = "Addresses allowed to the HTTPS load balancer (the VPN's, the office's)."
  type        = list(string)
}

variable "database_url" {
  description = "JDBC URL of the existing PostgreSQL."
  type        = string
}

variable "database_password_secret_arn" {
  description = "Secrets Manager secret with the database password (a JSON value with a password key)."
  type        = string
}
