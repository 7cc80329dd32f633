# Who may talk to whom: users → load balancer (HTTPS) → appliance (API and console ports); cluster instances →
# agent load balancer → appliance (instance HTTPS port, TLS passed through); appliance → database.

resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Flotilla load balancer: HTTPS from the allowed addresses"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.allowed_cidrs)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_appliance" {
  for_each = toset([tostring(local.api_port), tostring(local.console_port)])

  security_group_id            = aws_security_group.alb.id
  description                  = "To the appliance's port ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.appliance.id

  tags = local.tags
}

resource "aws_security_group" "appliance" {
  name_prefix = "${var.name}-appliance-"
  description = "Flotilla appliance instances"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-appliance" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "appliance_from_alb" {
  for_each = toset([tostring(local.api_port), tostring(local.console_port)])

  security_group_id            = aws_security_group.appliance.id
  description                  = "Port ${each.value} from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = tonumber(each.value)
  to_port                      = tonumber(each.value)
  referenced_security_group_id = aws_security_group.alb.id

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "appliance_instance_tls" {
  security_group_id            = aws_security_group.appliance.id
  description                  = "Instance HTTPS (bootstrap, heartbeats) through the agent load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.instance_tls_port
  to_port                      = local.instance_tls_port
  referenced_security_group_id = aws_security_group.agents_lb.id

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "appliance_health_from_agents_lb" {
  security_group_id            = aws_security_group.appliance.id
  description                  = "Health checks of the agent load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.api_port
  to_port                      = local.api_port
  referenced_security_group_id = aws_security_group.agents_lb.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "appliance_all" {
  security_group_id = aws_security_group.appliance.id
  description       = "AWS APIs, Vault, the database, package indexes"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = local.tags
}

resource "aws_security_group" "agents_lb" {
  name_prefix = "${var.name}-agents-"
  description = "Flotilla agent load balancer: instance HTTPS from cluster instances"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-agents" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "agents_from_workers" {
  security_group_id            = aws_security_group.agents_lb.id
  description                  = "Instance HTTPS from cluster instances"
  ip_protocol                  = "tcp"
  from_port                    = local.instance_tls_port
  to_port                      = local.instance_tls_port
  referenced_security_group_id = aws_security_group.workers.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "agents_to_appliance" {
  security_group_id            = aws_security_group.agents_lb.id
  description                  = "To the appliance's instance HTTPS port"
  ip_protocol                  = "tcp"
  from_port                    = local.instance_tls_port
  to_port                      = local.instance_tls_port
  referenced_security_group_id = aws_security_group.appliance.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "agents_health_checks" {
  security_group_id            = aws_security_group.agents_lb.id
  description                  = "Health checks of the appliance's API port"
  ip_protocol                  = "tcp"
  from_port                    = local.api_port
  to_port                      = local.api_port
  referenced_security_group_id = aws_security_group.appliance.id

  tags = local.tags
}

# Given to every cluster instance besides its cluster's own group (FLOTILLA_AWS_SECURITY_GROUP_IDS): it is what
# the agent load balancer admits.
resource "aws_security_group" "workers" {
  name_prefix = "${var.name}-workers-"
  description = "Flotilla cluster instances: may reach the appliance's instance port"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-workers" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "workers_all" {
  security_group_id = aws_security_group.workers.id
  description       = "The appliance, package indexes, CloudWatch Logs, ECR"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"

  tags = local.tags
}

resource "aws_security_group" "database" {
  count = var.create_database ? 1 : 0

  name_prefix = "${var.name}-db-"
  description = "Flotilla PostgreSQL: from the appliance only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${var.name}-db" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "database_from_appliance" {
  count = var.create_database ? 1 : 0

  security_group_id            = aws_security_group.database[0].id
  description                  = "PostgreSQL from the appliance"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.appliance.id

  tags = local.tags
}
