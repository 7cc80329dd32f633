# The appliance: the Packer appliance image (packer/appliance) in an auto-scaling group of 1..N behind both load
# balancers. Replicas share the database and divide the background work (docs/install.md). Nothing secret is in
# user data or tags: at boot, render-appliance-env reads the SSM parameters under the path named by the
# flotilla:config-ssm-path tag (config.tf) and the database password from Secrets Manager, and writes the
# root-only env file the systemd unit reads.

resource "aws_launch_template" "this" {
  name_prefix            = "${var.name}-appliance-"
  description            = "Flotilla appliance"
  image_id               = var.appliance_image_id
  instance_type          = var.appliance_instance_type
  update_default_version = true
  vpc_security_group_ids = [aws_security_group.appliance.id]

  iam_instance_profile {
    arn = aws_iam_instance_profile.appliance.arn
  }

  # IMDSv2 only; the hop limit keeps the instance role away from containers on the host.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "enabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.appliance_volume_size
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = var.kms_key_arn
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.tags, local.boot_tags, { Name = "${var.name}-appliance" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.tags, { Name = "${var.name}-appliance" })
  }

  tags = local.tags
}

resource "aws_autoscaling_group" "this" {
  name_prefix               = "${var.name}-appliance-"
  min_size                  = var.min_size
  max_size                  = var.max_size
  desired_capacity          = var.desired_capacity
  vpc_zone_identifier       = local.private_subnet_ids
  health_check_type         = "ELB"
  health_check_grace_period = var.health_check_grace_period
  target_group_arns         = [aws_lb_target_group.api.arn, aws_lb_target_group.console.arn, aws_lb_target_group.agents.arn]

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  # A new image or configuration replaces the replicas one by one, keeping at least half serving.
  instance_refresh {
    strategy = "Rolling"

    preferences {
      min_healthy_percentage = 50
    }
  }

  dynamic "tag" {
    for_each = local.tags

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }

  # The database and the configuration must exist before the first replica boots.
  depends_on = [aws_ssm_parameter.config, aws_db_instance.this]
}
