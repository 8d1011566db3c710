/**
 * Known-bad-value rules added after the first pass (retired CAs, host namespaces, Docker socket,
 * public task IPs, anonymous OpenSearch, IMDSv1 notebooks, TLS-less endpoints). Lines ending in
 * `#!` are where the rule must report, exactly once each. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

const task = (extra: string): string => `resource "aws_ecs_task_definition" "agent" {
  family = "agent"
${extra}  container_definitions = jsonencode([
    { name = "agent", image = "public.ecr.aws/example/agent:3.1", essential = true, memory = 256 },
  ])
}
`;

export const moreCases: CloudCase[] = [
  {
    rule: 'aws/rds-retired-ca-certificate',
    tf: {
      flagged: `resource "aws_db_instance" "main" {
  identifier         = "orders-db"
  engine             = "mysql"
  instance_class     = "db.t3.micro"
  allocated_storage  = 20
  storage_encrypted  = true
  ca_cert_identifier = "rds-ca-2019" #!
}
`,
      clean: `resource "aws_db_instance" "main" {
  identifier         = "orders-db"
  engine             = "mysql"
  instance_class     = "db.t3.micro"
  allocated_storage  = 20
  storage_encrypted  = true
  ca_cert_identifier = "rds-ca-rsa2048-g1"
}
`,
    },
  },
  {
    rule: 'aws/rds-proxy-tls-not-required',
    tf: {
      flagged: `resource "aws_db_proxy" "orders" {
  name          = "orders"
  engine_family = "POSTGRESQL"
  role_arn      = "arn:aws:iam::123456789012:role/rds-proxy"
  vpc_subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  require_tls   = false #!

  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf"
  }
}
`,
      clean: `resource "aws_db_proxy" "orders" {
  name          = "orders"
  engine_family = "POSTGRESQL"
  role_arn      = "arn:aws:iam::123456789012:role/rds-proxy"
  vpc_subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  require_tls   = true

  auth {
    auth_scheme = "SECRETS"
    iam_auth    = "REQUIRED"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-db-AbCdEf"
  }
}
`,
    },
  },
  {
    rule: 'aws/elasticache-transit-encryption-disabled',
    tf: {
      flagged: `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  transit_encryption_mode    = "preferred" #!
  auth_token                 = var.token
}

variable "token" {
  type      = string
  sensitive = true
}
`,
      clean: `resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "session store"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = var.token
}

variable "token" {
  type      = string
  sensitive = true
}

resource "aws_elasticache_replication_group" "secondary" {
  replication_group_id        = "sessions-eu"
  description                 = "global datastore member"
  global_replication_group_id = "ldgnf-sessions"
  num_cache_clusters          = 2
}
`,
    },
  },
  {
    rule: 'aws/elasticache-user-no-password',
    tf: {
      flagged: `resource "aws_elasticache_user" "reporting" {
  user_id              = "reporting"
  user_name            = "reporting"
  engine               = "REDIS"
  access_string        = "on ~report:* +@read"
  no_password_required = true #!
}

resource "aws_elasticache_user" "batch" {
  user_id       = "batch"
  user_name     = "batch"
  engine        = "REDIS"
  access_string = "on ~* +@all"

  authentication_mode {
    type = "no-password-required" #!
  }
}
`,
      clean: `resource "aws_elasticache_user" "reporting" {
  user_id       = "reporting"
  user_name     = "reporting"
  engine        = "REDIS"
  access_string = "on ~report:* +@read"

  authentication_mode {
    type = "iam"
  }
}
`,
    },
  },
  {
    rule: 'aws/redshift-publicly-accessible',
    tf: {
      flagged: `resource "aws_redshiftserverless_workgroup" "adhoc" {
  namespace_name      = "analytics"
  workgroup_name      = "adhoc"
  base_capacity       = 8
  publicly_accessible = true #!
}
`,
      clean: `resource "aws_redshiftserverless_workgroup" "adhoc" {
  namespace_name = "analytics"
  workgroup_name = "adhoc"
  base_capacity  = 8
}
`,
    },
  },
  {
    rule: 'aws/redshift-automated-snapshots-disabled',
    tf: {
      flagged: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier                  = "analytics"
  master_username                     = "admin"
  manage_master_password              = true
  node_type                           = "ra3.xlplus"
  encrypted                           = true
  automated_snapshot_retention_period = 0 #!
}
`,
      clean: `resource "aws_redshift_cluster" "dw" {
  cluster_identifier                  = "analytics"
  master_username                     = "admin"
  manage_master_password              = true
  node_type                           = "ra3.xlplus"
  encrypted                           = true
  automated_snapshot_retention_period = 7
}
`,
    },
    cfn: {
      flagged: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      AutomatedSnapshotRetentionPeriod: 0 #!
`,
      clean: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
      NodeType: ra3.xlplus
      DBName: analytics
      MasterUsername: admin
      ManageMasterPassword: true
      AutomatedSnapshotRetentionPeriod: 5
`,
    },
  },
  {
    rule: 'aws/ecs-task-host-pid-ipc',
    tf: {
      flagged: task('  pid_mode = "host" #!\n  ipc_mode = "host" #!\n'),
      clean: task('  pid_mode = "task"\n  ipc_mode = "none"\n'),
    },
    cfn: {
      flagged: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: agent
      PidMode: host #!
      ContainerDefinitions:
        - Name: agent
          Image: public.ecr.aws/example/agent:3.1
`,
      clean: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: agent
      PidMode: task
      ContainerDefinitions:
        - Name: agent
          Image: public.ecr.aws/example/agent:3.1
`,
    },
  },
  {
    rule: 'aws/ecs-task-dangerous-capabilities',
    tf: {
      flagged: `resource "aws_ecs_task_definition" "debug" {
  family = "debug"
  container_definitions = jsonencode([ #!
    {
      name      = "debugger"
      image     = "public.ecr.aws/example/debugger:1.0"
      essential = true
      linuxParameters = {
        capabilities = { add = ["SYS_PTRACE"], drop = [] }
      }
    },
  ])
}
`,
      clean: `resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([
    {
      name      = "web"
      image     = "public.ecr.aws/example/web:1.0"
      essential = true
      linuxParameters = {
        capabilities = { add = ["NET_BIND_SERVICE"], drop = ["ALL"] }
      }
    },
  ])
}
`,
    },
  },
  {
    rule: 'aws/ecs-task-docker-socket-mount',
    tf: {
      flagged: `resource "aws_ecs_task_definition" "ci_runner" {
  family = "ci-runner"
  container_definitions = jsonencode([
    { name = "runner", image = "public.ecr.aws/example/runner:2.0", essential = true, memory = 512 },
  ])

  volume {
    name      = "docker"
    host_path = "/var/run/docker.sock" #!
  }
}
`,
      clean: `resource "aws_ecs_task_definition" "ci_runner" {
  family = "ci-runner"
  container_definitions = jsonencode([
    { name = "runner", image = "public.ecr.aws/example/runner:2.0", essential = true, memory = 512 },
  ])

  volume {
    name      = "cache"
    host_path = "/var/cache/runner"
  }
}
`,
    },
  },
  {
    rule: 'aws/ecs-service-public-ip',
    tf: {
      flagged: `resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:12"
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    security_groups  = ["sg-0a1b2c3d"]
    assign_public_ip = true #!
  }
}
`,
      clean: `resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = "main"
  task_definition = "api:12"
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d"]
    security_groups  = ["sg-0a1b2c3d"]
    assign_public_ip = false
  }
}
`,
    },
  },
  {
    rule: 'aws/opensearch-anonymous-auth-enabled',
    tf: {
      flagged: `resource "aws_opensearch_domain" "docs" {
  domain_name    = "docs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled                        = true
    anonymous_auth_enabled         = true #!
    internal_user_database_enabled = true
  }
}
`,
      clean: `resource "aws_opensearch_domain" "docs" {
  domain_name    = "docs"
  engine_version = "OpenSearch_2.11"

  advanced_security_options {
    enabled                        = true
    anonymous_auth_enabled         = false
    internal_user_database_enabled = true
  }
}
`,
    },
  },
  {
    rule: 'aws/opensearch-serverless-public-network',
    tf: {
      flagged: `resource "aws_opensearchserverless_security_policy" "logs" {
  name = "logs-network"
  type = "network"
  policy = jsonencode([ #!
    {
      Rules = [
        { ResourceType = "collection", Resource = ["collection/logs"] },
      ]
      AllowFromPublic = true
    },
  ])
}
`,
      clean: `resource "aws_opensearchserverless_security_policy" "logs" {
  name = "logs-network"
  type = "network"
  policy = jsonencode([
    {
      Rules = [
        { ResourceType = "collection", Resource = ["collection/logs"] },
      ]
      AllowFromPublic = false
      SourceVPCEs     = ["vpce-0a1b2c3d4e5f67890"]
    },
  ])
}

resource "aws_opensearchserverless_security_policy" "logs_encryption" {
  name = "logs-encryption"
  type = "encryption"
  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = ["collection/logs"] }]
    AWSOwnedKey = true
  })
}
`,
    },
  },
  {
    rule: 'aws/sagemaker-notebook-imdsv1',
    tf: {
      flagged: `resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "1" #!
  }
}
`,
      clean: `resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Disabled"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sagemaker
      InstanceMetadataServiceConfiguration:
        MinimumInstanceMetadataServiceVersion: "1" #!
`,
      clean: `Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sagemaker
      InstanceMetadataServiceConfiguration:
        MinimumInstanceMetadataServiceVersion: "2"
`,
    },
  },
  {
    rule: 'aws/sagemaker-domain-public-internet',
    tf: {
      flagged: `resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d"
  subnet_ids              = ["subnet-0a1b2c3d"]
  app_network_access_type = "PublicInternetOnly" #!

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/sagemaker"
  }
}
`,
      clean: `resource "aws_sagemaker_domain" "studio" {
  domain_name             = "studio"
  auth_mode               = "IAM"
  vpc_id                  = "vpc-0a1b2c3d"
  subnet_ids              = ["subnet-0a1b2c3d"]
  app_network_access_type = "VpcOnly"

  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/sagemaker"
  }
}
`,
    },
  },
  {
    rule: 'aws/codebuild-source-insecure-ssl',
    tf: {
      flagged: `resource "aws_codebuild_project" "build" {
  name         = "app-build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type         = "GITHUB_ENTERPRISE"
    location     = "https://git.example.internal/team/app.git"
    insecure_ssl = true #!
  }
}
`,
      clean: `resource "aws_codebuild_project" "build" {
  name         = "app-build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }

  source {
    type     = "GITHUB_ENTERPRISE"
    location = "https://git.example.internal/team/app.git"
  }
}
`,
    },
  },
  {
    rule: 'aws/dax-cluster-endpoint-not-encrypted',
    tf: {
      flagged: `resource "aws_dax_cluster" "cache" {
  cluster_name                     = "orders-cache"
  iam_role_arn                     = "arn:aws:iam::123456789012:role/dax"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "NONE" #!

  server_side_encryption {
    enabled = true
  }
}
`,
      clean: `resource "aws_dax_cluster" "cache" {
  cluster_name                     = "orders-cache"
  iam_role_arn                     = "arn:aws:iam::123456789012:role/dax"
  node_type                        = "dax.r5.large"
  replication_factor               = 3
  cluster_endpoint_encryption_type = "TLS"

  server_side_encryption {
    enabled = true
  }
}
`,
    },
  },
  {
    rule: 'aws/dms-endpoint-ssl-disabled',
    tf: {
      flagged: `resource "aws_dms_endpoint" "source" {
  endpoint_id   = "legacy-source"
  endpoint_type = "source"
  engine_name   = "postgres"
  server_name   = "legacy-db.internal.example.com"
  port          = 5432
  database_name = "orders"
  username      = "dms"
  secrets_manager_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dms-AbCdEf"
  ssl_mode      = "none" #!
}
`,
      clean: `variable "ssl_mode" {
  type = string
}

resource "aws_dms_endpoint" "source" {
  endpoint_id     = "legacy-source"
  endpoint_type   = "source"
  engine_name     = "postgres"
  server_name     = "legacy-db.internal.example.com"
  port            = 5432
  database_name   = "orders"
  username        = "dms"
  secrets_manager_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dms-AbCdEf"
  ssl_mode        = "verify-full"
  certificate_arn = "arn:aws:dms:eu-west-1:123456789012:cert:ABCDEFGHIJKLMNOP"
}

resource "aws_dms_endpoint" "target" {
  endpoint_id   = "new-target"
  endpoint_type = "target"
  engine_name   = "aurora-postgresql"
  ssl_mode      = var.ssl_mode
}
`,
    },
  },
];
