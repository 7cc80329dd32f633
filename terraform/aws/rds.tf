# PostgreSQL on RDS: encrypted, with automated backups and deletion protection on by default. The master
# password is generated and kept by RDS in Secrets Manager (manage_master_user_password); it is never a
# Terraform output, and the appliance reads it at boot with its instance role. With create_database = false,
# give database_url, database_username and database_password_secret_arn of an existing PostgreSQL instead.

locals {
  database_url = var.create_database ? "jdbc:postgresql://${aws_db_instance.this[0].endpoint}/${var.database_name}?sslmode=require" : var.database_url
  # Secrets Manager secret whose JSON value has a "password" key (the RDS-managed secret has one).
  database_password_secret_arn = var.create_database ? aws_db_instance.this[0].master_user_secret[0].secret_arn : var.database_password_secret_arn
}

resource "aws_db_subnet_group" "this" {
  count = var.create_database ? 1 : 0

  name_prefix = "${var.name}-"
  description = "Flotilla PostgreSQL"
  subnet_ids  = local.private_subnet_ids

  tags = local.tags
}

resource "aws_db_parameter_group" "this" {
  count = var.create_database ? 1 : 0

  name_prefix = "${var.name}-"
  description = "Flotilla PostgreSQL: TLS only, connections and slow statements logged"
  family      = "postgres${split(".", var.database_engine_version)[0]}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "5000"
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  count = var.create_database ? 1 : 0

  identifier_prefix = "${var.name}-"
  engine            = "postgres"
  engine_version    = var.database_engine_version
  instance_class    = var.database_instance_class

  allocated_storage     = var.database_allocated_storage
  max_allocated_storage = var.database_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name                             = var.database_name
  username                            = var.database_username
  manage_master_user_password         = true
  iam_database_authentication_enabled = true

  db_subnet_group_name   = aws_db_subnet_group.this[0].name
  parameter_group_name   = aws_db_parameter_group.this[0].name
  vpc_security_group_ids = [aws_security_group.database[0].id]
  publicly_accessible    = false
  multi_az               = var.database_multi_az

  backup_retention_period   = var.database_backup_retention_days
  backup_window             = "03:00-04:00"
  maintenance_window        = "sun:04:30-sun:05:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.database_deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-final"
  delete_automated_backups  = false

  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  performance_insights_enabled    = true
  performance_insights_kms_key_id = var.kms_key_arn
  monitoring_interval             = 0

  tags = local.tags
}
