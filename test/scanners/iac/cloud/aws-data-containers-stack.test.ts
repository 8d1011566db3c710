/**
 * Precision check: a production-style stack that follows the guidance of every data and
 * container rule produces no finding from any of them, and the same stack with a handful of
 * deliberate regressions produces exactly those. Written for Rampart.
 */
import { describe, expect, test } from 'vitest';
import { awsDataContainersRules } from '../../../../src/scanners/iac/rules/aws/data-containers.js';
import { auditTerraform } from './harness.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const STACK = `variable "environment" {
  type    = string
  default = "prod"
}

locals {
  name = "shop-\${var.environment}"
  kms  = "${KEY}"
}

resource "aws_security_group" "db" {
  name   = "\${local.name}-db"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_db_instance" "orders" {
  identifier                          = "\${local.name}-orders"
  engine                              = "postgres"
  engine_version                      = "16.3"
  instance_class                      = "db.r6g.large"
  allocated_storage                   = 100
  username                            = "orders"
  manage_master_user_password         = true
  storage_encrypted                   = true
  kms_key_id                          = local.kms
  publicly_accessible                 = false
  vpc_security_group_ids              = [aws_security_group.db.id]
  backup_retention_period             = 14
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  performance_insights_enabled        = true
  performance_insights_kms_key_id     = local.kms
  ca_cert_identifier                  = "rds-ca-rsa2048-g1"
  enabled_cloudwatch_logs_exports     = ["postgresql"]
  parameter_group_name                = aws_db_parameter_group.orders.name
}

resource "aws_db_parameter_group" "orders" {
  name   = "\${local.name}-orders"
  family = "postgres16"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_dynamodb_table" "carts" {
  name         = "\${local.name}-carts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = local.kms
  }
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "\${local.name}-sessions"
  description                = "sessions"
  node_type                  = "cache.r7g.large"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = var.redis_auth
  snapshot_retention_limit   = 7
}

variable "redis_auth" {
  type      = string
  sensitive = true
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "shop-search"
  engine_version = "OpenSearch_2.13"

  vpc_options {
    subnet_ids         = ["subnet-0a1b2c3d"]
    security_group_ids = ["sg-0a1b2c3d"]
  }

  encrypt_at_rest {
    enabled = true
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-PFS-2023-10"
  }

  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = false
    master_user_options {
      master_user_arn = "arn:aws:iam::123456789012:role/search-admin"
    }
  }

  log_publishing_options {
    log_type                 = "AUDIT_LOGS"
    cloudwatch_log_group_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:search-audit"
  }
}

resource "aws_eks_cluster" "platform" {
  name                      = local.name
  role_arn                  = "arn:aws:iam::123456789012:role/eks"
  enabled_cluster_log_types = ["api", "audit", "authenticator"]

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = local.kms
    }
  }
}

resource "aws_ecs_cluster" "apps" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  container_definitions = jsonencode([
    {
      name                   = "api"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:2.3.1"
      essential              = true
      user                   = "10001"
      readonlyRootFilesystem = true
      environment            = [{ name = "LOG_LEVEL", value = "info" }]
      secrets                = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" }]
    },
  ])

  volume {
    name = "uploads"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.uploads.id
      transit_encryption = "ENABLED"
    }
  }
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.apps.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = 2

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    assign_public_ip = false
  }
}

resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_efs_file_system" "uploads" {
  creation_token = "uploads"
  encrypted      = true
  kms_key_id     = local.kms
}

resource "aws_kinesis_stream" "events" {
  name            = "events"
  shard_count     = 2
  encryption_type = "KMS"
  kms_key_id      = local.kms
}

resource "aws_msk_cluster" "bus" {
  cluster_name           = "bus"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type  = "kafka.m5.large"
    client_subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"]
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    sasl {
      iam = true
    }
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = "/msk/bus"
      }
    }
  }
}

resource "aws_sagemaker_notebook_instance" "lab" {
  name                   = "lab"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d"
  security_groups        = ["sg-0a1b2c3d"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = local.kms
}

resource "aws_codebuild_project" "build" {
  name         = "build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"

    environment_variable {
      name  = "NPM_TOKEN"
      value = "ci/npm-token"
      type  = "SECRETS_MANAGER"
    }
  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/shop.git"
  }
}
`;

describe('AWS data and container rules on a well-configured stack', () => {
  test('no rule fires', async () => {
    const a = await auditTerraform(STACK, awsDataContainersRules);
    expect(a.issues.map((i) => i.message)).toEqual([]);
    expect(a.findings.map((f) => `${f.location.startLine} ${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  test('each regression is found by its rule, on its line, and nothing else fires', async () => {
    const broken = STACK.replace('publicly_accessible                 = false', 'publicly_accessible                 = true')
      .replace('cidr_blocks = ["10.0.0.0/16"]', 'cidr_blocks = ["0.0.0.0/0"]')
      .replace('image_tag_mutability = "IMMUTABLE"', 'image_tag_mutability = "MUTABLE"')
      .replace('      readonlyRootFilesystem = true\n', '      readonlyRootFilesystem = true\n      privileged             = true\n')
      .replace('    endpoint_public_access  = false\n', '');
    const lineOf = (needle: string): number => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const a = await auditTerraform(broken, awsDataContainersRules);
    expect(a.findings.map((f) => `${f.location.startLine} ${f.ruleId}`).sort()).toEqual(
      [
        `${lineOf('publicly_accessible                 = true')} iac/aws/rds-publicly-accessible`,
        `${lineOf('publicly_accessible                 = true')} iac/aws/db-reachable-from-internet`,
        `${lineOf('image_tag_mutability = "MUTABLE"')} iac/aws/ecr-image-tags-mutable`,
        `${lineOf('container_definitions = jsonencode')} iac/aws/ecs-task-privileged-container`,
        `${lineOf('resource "aws_eks_cluster"')} iac/aws/eks-public-endpoint-open`,
      ].sort(),
    );
  });
});
