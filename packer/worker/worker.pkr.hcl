# The Flotilla worker image: the agent, its venv and its systemd unit installed by the SAME install.sh a stock
# image runs at boot (app/src/main/resources/agent/install.sh, --from … --no-start), plus a container runtime and,
# with nvidia_driver set, the NVIDIA driver. Instances of this image boot with flotilla.aws.image-baked=true: their
# user-data only writes /run/flotilla/agent.env and starts flotilla-agent.service. See packer/README.md.

locals {
  stamp    = formatdate("YYYYMMDDhhmmss", timestamp())
  flavour  = var.nvidia_driver == "none" ? "cpu" : "gpu"
  wheel    = var.flotilla_wheel != "" ? var.flotilla_wheel : "${path.root}/../../app/target/classes/runtime/flotilla-${var.flotilla_version}-py3-none-any.whl"
  resource = "${path.root}/../../app/src/main/resources"
  labels = merge({
    "flotilla-image"   = "worker"
    "flotilla-version" = replace(var.flotilla_version, ".", "-")
    "flotilla-flavour" = local.flavour
  }, var.tags)
}

source "amazon-ebs" "worker" {
  region        = var.aws_region
  instance_type = var.aws_instance_type
  ssh_username  = var.ssh_username
  ami_name      = "${var.image_name}-${local.flavour}-${var.flotilla_version}-${local.stamp}"
  source_ami_filter {
    filters = {
      name                = var.aws_base_ami_name
      architecture        = var.aws_architecture
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = [var.aws_base_ami_owner]
    most_recent = true
  }
  tags = local.labels
}

source "googlecompute" "worker" {
  project_id              = var.gcp_project_id
  zone                    = var.gcp_zone
  machine_type            = var.gcp_machine_type
  source_image_family     = var.gcp_source_image_family
  source_image_project_id = [var.gcp_source_image_project]
  ssh_username            = var.ssh_username
  image_name              = "${var.image_name}-${local.flavour}-${replace(var.flotilla_version, ".", "-")}-${local.stamp}"
  image_family            = "${var.image_name}-${local.flavour}"
  image_labels            = local.labels
}

build {
  sources = ["source.amazon-ebs.worker", "source.googlecompute.worker"]

  provisioner "shell" {
    inline = ["mkdir -p /tmp/flotilla/files /tmp/flotilla/wheelhouse"]
  }
  provisioner "file" {
    source      = "${local.resource}/agent/install.sh"
    destination = "/tmp/flotilla/install.sh"
  }
  provisioner "file" {
    source      = "${path.root}/../files/flotilla-agent.service"
    destination = "/tmp/flotilla/files/flotilla-agent.service"
  }
  provisioner "file" {
    source      = "${local.resource}/runtime/requirements.txt"
    destination = "/tmp/flotilla/files/requirements.txt"
  }
  provisioner "file" {
    source      = "${local.resource}/agent/requirements-aws.txt"
    destination = "/tmp/flotilla/files/requirements-aws.txt"
  }
  provisioner "file" {
    source      = local.wheel
    destination = "/tmp/flotilla/files/flotilla-${var.flotilla_version}-py3-none-any.whl"
  }
  provisioner "file" {
    # an empty directory (packer/files/wheelhouse) when wheelhouse_dir is empty
    source      = "${var.wheelhouse_dir != "" ? var.wheelhouse_dir : "${path.root}/../files/wheelhouse"}/"
    destination = "/tmp/flotilla/wheelhouse"
  }
  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; sudo {{ .Vars }} bash {{ .Path }}"
    inline = [
      "cp /tmp/flotilla/wheelhouse/*.whl /tmp/flotilla/files/ 2>/dev/null || true",
      "bash /tmp/flotilla/install.sh --from /tmp/flotilla/files --no-start --index-url ${var.index_url} --container-runtime ${var.container_runtime} --nvidia-driver ${var.nvidia_driver}",
      "rm -rf /tmp/flotilla",
    ]
  }
}
