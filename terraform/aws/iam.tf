# IAM. The appliance role carries the ongoing policy exactly as the app generates it from its permission
# manifest (policies/flotilla-ongoing.json, committed; CommittedOngoingPolicyTest fails when it drifts), plus a
# separate boot policy that reads only this installation's configuration. The worker role (cluster instances)
# carries the manifest's worker-role policy: log writes only.

locals {
  # Values of the placeholders in the committed policy templates (see terraform/README.md, "Regenerating").
  policy_vars = {
    partition    = local.partition
    region       = local.region
    account_id   = local.account_id
    appliance_id = local.appliance_id
    worker_role  = var.worker_role_name
  }
}

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    sid     = "Ec2InstancesAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "appliance" {
  name_prefix          = "${var.name}-appliance-"
  description          = "Flotilla appliance ${var.name}: runs Dask clusters in this account"
  assume_role_policy   = data.aws_iam_policy_document.ec2_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = local.tags
}

resource "aws_iam_role_policy" "appliance_ongoing" {
  name   = "flotilla-ongoing"
  role   = aws_iam_role.appliance.id
  policy = templatefile("${path.module}/policies/flotilla-ongoing.json", local.policy_vars)
}

# Software environment image builds (CodeBuild, ECR, the builds' SSM parameters): a document of its own, since with
# the ongoing one it would pass IAM's size limit for one policy. Generated from the same manifest.
resource "aws_iam_role_policy" "appliance_image_builds" {
  count = var.create_codebuild_role ? 1 : 0

  name   = "flotilla-image-builds"
  role   = aws_iam_role.appliance.id
  policy = templatefile("${path.module}/policies/flotilla-image-builds.json", local.policy_vars)
}

data "aws_iam_policy_document" "appliance_boot" {
  statement {
    sid       = "ReadOwnConfiguration"
    actions   = ["ssm:GetParametersByPath", "ssm:GetParameter"]
    resources = ["arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${local.config_path}*"]
  }

  dynamic "statement" {
    # decided by inputs only: the RDS-managed secret's ARN is known only after apply
    for_each = var.create_database || var.database_password_secret_arn != null ? [local.database_password_secret_arn] : []

    content {
      sid       = "ReadDatabasePassword"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value]
    }
  }

  statement {
    sid       = "ShipOwnLog"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.appliance.arn}:*"]
  }
}

resource "aws_iam_role_policy" "appliance_boot" {
  name   = "flotilla-boot"
  role   = aws_iam_role.appliance.id
  policy = data.aws_iam_policy_document.appliance_boot.json
}

resource "aws_iam_instance_profile" "appliance" {
  name_prefix = "${var.name}-appliance-"
  role        = aws_iam_role.appliance.name

  tags = local.tags
}

resource "aws_iam_role" "worker" {
  name                 = var.worker_role_name
  description          = "Flotilla cluster instances of ${var.name}: log writes only"
  assume_role_policy   = data.aws_iam_policy_document.ec2_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = local.tags
}

resource "aws_iam_role_policy" "worker" {
  name   = "flotilla-worker"
  role   = aws_iam_role.worker.id
  policy = templatefile("${path.module}/policies/flotilla-worker-role.json", local.policy_vars)
}

resource "aws_iam_instance_profile" "worker" {
  name = var.worker_role_name
  role = aws_iam_role.worker.name

  tags = local.tags
}

# Session Manager lets an administrator open a shell on a replica without SSH or open ports (the first sign-in
# reads the initial admin password there: docs/install-aws.md).
resource "aws_iam_role_policy_attachment" "appliance_session_manager" {
  count = var.enable_session_manager ? 1 : 0

  role       = aws_iam_role.appliance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}
