# Users reach the appliance through an application load balancer with TLS (var.certificate_arn): the console by
# default, the REST API, health and API reference by path. Cluster instances reach the appliance's own HTTPS port
# through an internal network load balancer that passes TLS through, so the certificate they pin is the
# appliance's, not the load balancer's.

resource "aws_lb" "this" {
  name                       = substr("${var.name}-alb", 0, 32)
  load_balancer_type         = "application"
  internal                   = var.internal_load_balancer
  subnets                    = var.internal_load_balancer ? local.private_subnet_ids : local.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  enable_deletion_protection = var.load_balancer_deletion_protection

  dynamic "access_logs" {
    for_each = var.load_balancer_access_logs_bucket == null ? [] : [var.load_balancer_access_logs_bucket]

    content {
      bucket  = access_logs.value
      prefix  = var.name
      enabled = true
    }
  }

  tags = local.tags
}

resource "aws_lb_target_group" "api" {
  name_prefix = "flapi-"
  port        = local.api_port
  protocol    = "HTTP"
  vpc_id      = local.vpc_id

  health_check {
    path    = "/health/readiness"
    port    = "traffic-port"
    matcher = "200"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_target_group" "console" {
  name_prefix = "flcon-"
  port        = local.console_port
  protocol    = "HTTP"
  vpc_id      = local.vpc_id

  # The console has no health route of its own; the appliance's readiness covers the process.
  health_check {
    path    = "/health/readiness"
    port    = tostring(local.api_port)
    matcher = "200"
  }

  # Vaadin keeps the session in the replica that created it.
  stickiness {
    type    = "lb_cookie"
    enabled = true
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.console.arn
  }

  tags = local.tags
}

resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }

  condition {
    path_pattern {
      values = ["/api/*", "/api-docs/*", "/health", "/health/*"]
    }
  }

  tags = local.tags
}

resource "aws_lb" "agents" {
  name                             = substr("${var.name}-agents", 0, 32)
  load_balancer_type               = "network"
  internal                         = true
  subnets                          = local.private_subnet_ids
  security_groups                  = [aws_security_group.agents_lb.id]
  enable_cross_zone_load_balancing = true
  enable_deletion_protection       = var.load_balancer_deletion_protection

  tags = local.tags
}

resource "aws_lb_target_group" "agents" {
  name_prefix = "flagt-"
  port        = local.instance_tls_port
  protocol    = "TCP"
  vpc_id      = local.vpc_id

  health_check {
    protocol = "HTTP"
    path     = "/health/readiness"
    port     = tostring(local.api_port)
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "agents" {
  load_balancer_arn = aws_lb.agents.arn
  port              = local.instance_tls_port
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.agents.arn
  }

  tags = local.tags
}
