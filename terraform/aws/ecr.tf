# Software environment images live in ECR repositories the appliance creates itself, named with the manifest's
# prefix (AwsPermissionManifest.REPOSITORY_PREFIX, "flotilla/"); its ongoing policy may create and push to
# those only. This file holds what the CodeBuild service role may do with them (codebuild.tf).

locals {
  repository_prefix = "flotilla/"
  repositories_arn  = "arn:${local.partition}:ecr:${local.region}:${local.account_id}:repository/${local.repository_prefix}*"
}

data "aws_iam_policy_document" "codebuild" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid = "PushAndPullEnvironmentImages"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:CompleteLayerUpload",
      "ecr:GetDownloadUrlForLayer",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ]
    resources = [local.repositories_arn]
  }

  statement {
    sid       = "WriteBuildLogs"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/flotilla/*"]
  }
}
