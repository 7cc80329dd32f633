variable "flotilla_version" {
  type        = string
  description = "Version of Flotilla baked into the image (names and tags the image; the wheel must be this version)."
  default     = "0.1.0"
}

variable "flotilla_wheel" {
  type        = string
  description = "The flotilla wheel to bake; empty: the one Maven built, app/target/classes/runtime/flotilla-<version>-py3-none-any.whl."
  default     = ""
}

variable "wheelhouse_dir" {
  type        = string
  description = "Directory of wheels (with uv's) to install from instead of the index, for air-gapped builds; empty: none."
  default     = ""
}

variable "index_url" {
  type        = string
  description = "Python package index the build installs the pinned runtime from, or none with wheelhouse_dir."
  default     = "https://pypi.org/simple"
}

variable "container_runtime" {
  type        = string
  description = "Container runtime for container software environments: docker, podman or none."
  default     = "docker"
}

variable "nvidia_driver" {
  type        = string
  description = "NVIDIA driver branch for a GPU image (e.g. 550), from NVIDIA's CUDA repository; none for a CPU image."
  default     = "none"
}

variable "image_name" {
  type        = string
  description = "Prefix of the image's name (the version and a timestamp follow)."
  default     = "flotilla-worker"
}

variable "ssh_username" {
  type        = string
  description = "SSH user of the base image (ec2-user for Amazon Linux 2023, admin for Debian 12, ubuntu for Ubuntu 24.04)."
  default     = "ec2-user"
}

variable "aws_region" {
  type        = string
  description = "AWS region the AMI is built in (and registered)."
  default     = "us-east-1"
}

variable "aws_instance_type" {
  type        = string
  description = "Instance type of the build VM (a GPU type such as g5.xlarge for a GPU image, or c7g.large for arm64)."
  default     = "m6i.large"
}

variable "aws_base_ami_name" {
  type        = string
  description = "Name filter of the base AMI: Amazon Linux 2023 by default (Debian 12: debian-12-amd64-*, Ubuntu 24.04: ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*)."
  default     = "al2023-ami-2023.*-kernel-*-x86_64"
}

variable "aws_base_ami_owner" {
  type        = string
  description = "Owner of the base AMI: amazon (Amazon Linux), 136693071363 (Debian), 099720109477 (Canonical)."
  default     = "amazon"
}

variable "aws_architecture" {
  type        = string
  description = "CPU architecture of the base AMI: x86_64 or arm64 (then set flotilla.aws.image-id-arm64 to the result)."
  default     = "x86_64"
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
  default     = "n2-standard-2"
}

variable "gcp_source_image_family" {
  type        = string
  description = "Base image family (debian-12, ubuntu-2404-lts-amd64)."
  default     = "debian-12"
}

variable "gcp_source_image_project" {
  type        = string
  description = "Project of the base image family (debian-cloud, ubuntu-os-cloud)."
  default     = "debian-cloud"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags (AWS) and labels (GCP) of the image."
  default     = {}
}
