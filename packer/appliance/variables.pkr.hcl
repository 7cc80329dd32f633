variable "flotilla_version" {
  type        = string
  description = "Version of the appliance baked into the image (names and tags the image)."
  default     = "0.1.0"
}

variable "appliance_jar" {
  type        = string
  description = "The appliance jar to bake; empty: the one Maven built, ui/target/flotilla-<version>-SNAPSHOT.jar."
  default     = ""
}

variable "image_name" {
  type        = string
  description = "Prefix of the image's name (the version and a timestamp follow)."
  default     = "flotilla-appliance"
}

variable "java_package" {
  type        = string
  description = "Debian package of the Java 17 runtime."
  default     = "openjdk-17-jre-headless"
}

variable "aws_region" {
  type        = string
  description = "AWS region the AMI is built in (and registered)."
  default     = "us-east-1"
}

variable "aws_instance_type" {
  type        = string
  description = "Instance type of the build VM."
  default     = "t3.medium"
}

variable "aws_base_ami_name" {
  type        = string
  description = "Name filter of the Debian 12 base AMI."
  default     = "debian-12-amd64-*"
}

variable "aws_base_ami_owner" {
  type        = string
  description = "Owner of the Debian base AMI (Debian's account)."
  default     = "136693071363"
}

variable "cloudwatch_agent_url" {
  type        = string
  description = "Debian package of the Amazon CloudWatch agent (ships the appliance's journal lines to CloudWatch Logs on AWS)."
  default     = "https://amazoncloudwatch-agent.s3.amazonaws.com/debian/amd64/latest/amazon-cloudwatch-agent.deb"
}

variable "gcp_project_id" {
  type        = string
  description = "GCP project the image is built in."
  default     = "my-project"
}

variable "gcp_zone" {
  type        = string
  description = "GCP zone of the build VM."
  default     = "europe-west1-b"
}

variable "gcp_machine_type" {
  type        = string
  description = "Machine type of the build VM."
  default     = "e2-standard-2"
}

variable "ssh_username" {
  type        = string
  description = "SSH user of the Debian 12 base image."
  default     = "admin"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags (AWS) and labels (GCP) of the image."
  default     = {}
}
