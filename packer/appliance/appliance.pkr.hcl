# The Flotilla appliance image: Debian 12, a Java 17 runtime, the appliance jar in /opt/flotilla, the systemd unit
# flotilla-appliance.service running it as the unprivileged user flotilla, its root-only env file rendered at each
# boot by render-appliance-env (SSM parameters / GCE metadata written by Terraform), logs in journald
# and shipped by the cloud's log agent (CloudWatch agent on AWS, Ops Agent on GCP). See packer/README.md.

locals {
  stamp = formatdate("YYYYMMDDhhmmss", timestamp())
  jar   = var.appliance_jar != "" ? var.appliance_jar : "${path.root}/../../ui/target/flotilla-${var.flotilla_version}-SNAPSHOT.jar"
  files = "${path.root}/../files"
  labels = merge({
    "flotilla-image"   = "appliance"
    "flotilla-version" = replace(var.flotilla_version, ".", "-")
  }, var.tags)
}

source "amazon-ebs" "appliance" {
  region        = var.aws_region
  instance_type = var.aws_instance_type
  ssh_username  = var.ssh_username
  ami_name      = "${var.image_name}-${var.flotilla_version}-${local.stamp}"
  source_ami_filter {
    filters = {
      name                = var.aws_base_ami_name
      architecture        = "x86_64"
      virtualization-type = "hvm"
      root-device-type    = "ebs"
    }
    owners      = [var.aws_base_ami_owner]
    most_recent = true
  }
  tags = local.labels
}

source "googlecompute" "appliance" {
  project_id              = var.gcp_project_id
  zone                    = var.gcp_zone
  machine_type            = var.gcp_machine_type
  source_image_family     = "debian-12"
  source_image_project_id = ["debian-cloud"]
  ssh_username            = var.ssh_username
  image_name              = "${var.image_name}-${replace(var.flotilla_version, ".", "-")}-${local.stamp}"
  image_family            = var.image_name
  image_labels            = local.labels
}

build {
  sources = ["source.amazon-ebs.appliance", "source.googlecompute.appliance"]

  provisioner "shell" {
    inline = ["mkdir -p /tmp/flotilla"]
  }
  provisioner "file" {
    source      = local.jar
    destination = "/tmp/flotilla/flotilla.jar"
  }
  provisioner "file" {
    source      = "${local.files}/flotilla-appliance.service"
    destination = "/tmp/flotilla/flotilla-appliance.service"
  }
  provisioner "file" {
    source      = "${local.files}/flotilla-appliance-env.service"
    destination = "/tmp/flotilla/flotilla-appliance-env.service"
  }
  provisioner "file" {
    source      = "${local.files}/render-appliance-env"
    destination = "/tmp/flotilla/render-appliance-env"
  }
  provisioner "file" {
    source      = "${local.files}/flotilla-appliance.env.example"
    destination = "/tmp/flotilla/appliance.env.example"
  }
  provisioner "file" {
    source      = "${local.files}/amazon-cloudwatch-agent.json"
    destination = "/tmp/flotilla/amazon-cloudwatch-agent.json"
  }
  provisioner "file" {
    source      = "${local.files}/google-cloud-ops-agent.yaml"
    destination = "/tmp/flotilla/google-cloud-ops-agent.yaml"
  }
  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; sudo {{ .Vars }} bash {{ .Path }}"
    environment_vars = [
      "DEBIAN_FRONTEND=noninteractive",
    ]
    inline = [
      "set -euo pipefail",
      "apt-get update -q",
      "apt-get install -y -q --no-install-recommends ${var.java_package} curl ca-certificates awscli rsyslog",
      "useradd --system --user-group --home-dir /var/lib/flotilla --no-create-home --shell /usr/sbin/nologin flotilla",
      "install -d -m 0755 /opt/flotilla && install -m 0644 /tmp/flotilla/flotilla.jar /opt/flotilla/flotilla.jar",
      "install -d -m 0700 /etc/flotilla && install -m 0600 /tmp/flotilla/appliance.env.example /etc/flotilla/appliance.env.example",
      "install -m 0755 /tmp/flotilla/render-appliance-env /usr/local/sbin/render-appliance-env",
      "install -m 0644 /tmp/flotilla/flotilla-appliance.service /tmp/flotilla/flotilla-appliance-env.service /etc/systemd/system/",
      "systemctl daemon-reload && systemctl enable flotilla-appliance-env.service flotilla-appliance.service",
      # journald keeps the log; rsyslog copies the appliance's lines to a file the cloud's log agent ships
      "printf ':programname, isequal, \"flotilla-appliance\" /var/log/flotilla/appliance.log\\n' > /etc/rsyslog.d/30-flotilla.conf",
      "install -d -m 0755 /var/log/flotilla",
      "if [ '${source.type}' = amazon-ebs ]; then curl -fsSLo /tmp/cwagent.deb '${var.cloudwatch_agent_url}' && dpkg -i /tmp/cwagent.deb && install -m 0644 /tmp/flotilla/amazon-cloudwatch-agent.json /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json && systemctl enable amazon-cloudwatch-agent; fi",
      "if [ '${source.type}' = googlecompute ]; then curl -fsSL https://dl.google.com/cloudagents/add-google-cloud-ops-agent-repo.sh | bash -s -- --also-install && install -m 0644 /tmp/flotilla/google-cloud-ops-agent.yaml /etc/google-cloud-ops-agent/config.yaml; fi",
      "rm -rf /tmp/flotilla /tmp/cwagent.deb",
    ]
  }
}
