# The appliance's own log (journald shipped by the log agent of the appliance image). Cluster logs go to the
# groups the appliance creates itself, /flotilla/<workspace> (FLOTILLA_AWS_LOG_RETENTION_DAYS).

resource "aws_cloudwatch_log_group" "appliance" {
  name              = "/flotilla/appliance/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "flow" {
  count = var.create_vpc ? 1 : 0

  name              = "/flotilla/vpc-flow/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = local.tags
}

data "aws_iam_policy_document" "flow_log_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "flow_log" {
  count = var.create_vpc ? 1 : 0

  statement {
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.flow[0].arn}:*"]
  }
}

resource "aws_iam_role" "flow_log" {
  count = var.create_vpc ? 1 : 0

  name_prefix          = "${var.name}-flow-"
  assume_role_policy   = data.aws_iam_policy_document.flow_log_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = local.tags
}

resource "aws_iam_role_policy" "flow_log" {
  count = var.create_vpc ? 1 : 0

  name   = "write-flow-logs"
  role   = aws_iam_role.flow_log[0].id
  policy = data.aws_iam_policy_document.flow_log[0].json
}
