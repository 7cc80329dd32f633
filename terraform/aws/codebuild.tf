# The service role CodeBuild runs software environment builds as (the appliance creates the projects and passes
# this role to them). Its name starts with the manifest's role prefix, "flotilla-", the only roles the
# appliance may pass.

data "aws_iam_policy_document" "codebuild_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["codebuild.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "codebuild" {
  count = var.create_codebuild_role ? 1 : 0

  name                 = var.codebuild_role_name
  description          = "Flotilla ${var.name}: builds software environment images into flotilla/* repositories"
  assume_role_policy   = data.aws_iam_policy_document.codebuild_assume.json
  permissions_boundary = var.permissions_boundary_arn

  tags = local.tags
}

resource "aws_iam_role_policy" "codebuild" {
  count = var.create_codebuild_role ? 1 : 0

  name   = "flotilla-codebuild"
  role   = aws_iam_role.codebuild[0].id
  policy = data.aws_iam_policy_document.codebuild.json
}
