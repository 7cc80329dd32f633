# Flotilla control plane in the customer's own AWS account: the appliance (an auto-scaling group of the Packer
# appliance image behind an HTTPS load balancer), its PostgreSQL on RDS, and the IAM, logs, ECR and CodeBuild
# pieces the appliance uses to run Dask clusters. Topic files: network.tf, security-groups.tf, alb.tf,
# appliance.tf, rds.tf, iam.tf, logs.tf, ecr.tf, codebuild.tf, vault.tf, config.tf.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # The installation's id: the value of the flotilla:appliance tag on everything the appliance creates, and the
  # condition value of its ongoing policy. Stable for a given account, region and name unless given explicitly.
  appliance_id = coalesce(var.appliance_id, uuidv5("url", "flotilla:${local.account_id}:${local.region}:${var.name}"))

  # Every taggable resource of this module gets these (per-resource tags are merged on top). The module never
  # writes flotilla:appliance itself: that tag marks what the appliance created and may delete.
  tags = merge(var.tags, { "flotilla:installation" = var.name })

  public_url       = "https://${coalesce(var.domain_name, aws_lb.this.dns_name)}"
  instance_tls_url = "https://${aws_lb.agents.dns_name}:${local.instance_tls_port}"

  api_port          = 8080
  console_port      = 8081
  instance_tls_port = 8443
}
