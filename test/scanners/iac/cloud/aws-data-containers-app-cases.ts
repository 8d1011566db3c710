/**
 * Container, streaming and analytics rules (EKS, ECS, ECR, Batch, EFS, Kinesis, MSK, MQ, DMS,
 * SageMaker, Athena, Glue, EMR, CodeBuild, WorkSpaces): one flagged and one clean
 * configuration each. Lines ending in `#!` are where the rule must report, exactly once each.
 * Written for Rampart.
 */
import type { CloudCase } from './harness.js';

const eks = (vpc: string, extra = '', head = ''): string => `resource "aws_eks_cluster" "main" {${head}
  name     = "platform"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  version  = "1.30"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
${vpc}  }
${extra}}
`;

const ENCRYPTION = `
  encryption_config {
    resources = ["secrets"]
    provider {
      key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }
  }
`;

/** A Fargate task definition whose container definitions are the given jsonencode body lines. */
const task = (containers: string, extra = '', marker = ''): string => `resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
${extra}  container_definitions = jsonencode([${marker}
${containers}  ])
}
`;

const msk = (extra: string): string => `resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"]
    security_groups = ["sg-0a1b2c3d"]
  }
${extra}}
`;

const notebook = (extra: string, head = ''): string => `resource "aws_sagemaker_notebook_instance" "research" {${head}
  name          = "research"
  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type = "ml.t3.medium"
${extra}}
`;

const codebuild = (env: string, artifacts = '  artifacts {\n    type = "NO_ARTIFACTS"\n  }\n'): string => `resource "aws_codebuild_project" "build" {
  name         = "app-build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"

${artifacts}
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
${env}  }

  source {
    type     = "GITHUB"
    location = "https://github.com/example/app.git"
  }
}
`;

export const appCases: CloudCase[] = [
  {
    rule: 'aws/eks-public-endpoint-open',
    tf: {
      flagged: {
        'main.tf': eks('', '', ' #!'),
        'explicit/main.tf': eks('    endpoint_public_access = true\n    public_access_cidrs    = ["0.0.0.0/0"] #!\n'),
        'default-cidrs/main.tf': eks('    endpoint_private_access = true\n    endpoint_public_access  = true #!\n'),
      },
      clean: {
        'main.tf': eks('    endpoint_private_access = true\n    endpoint_public_access  = false\n'),
        'office/main.tf': `variable "admin_cidrs" {
  type    = list(string)
  default = ["198.51.100.0/24"]
}

${eks('    endpoint_public_access = true\n    public_access_cidrs    = var.admin_cidrs\n')}`,
        'unknown/main.tf': `variable "admin_cidrs" {
  type = list(string)
}

${eks('    public_access_cidrs = var.admin_cidrs\n')}`,
      },
    },
    cfn: {
      flagged: `Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/eks-cluster
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        EndpointPublicAccess: true
        PublicAccessCidrs: ["0.0.0.0/0"] #!
`,
      clean: `Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/eks-cluster
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]
        EndpointPublicAccess: false
        EndpointPrivateAccess: true
`,
    },
  },
  {
    rule: 'aws/eks-secrets-encryption-disabled',
    tf: {
      flagged: eks('    endpoint_public_access = false\n', '', ' #!'),
      clean: eks('    endpoint_public_access = false\n', ENCRYPTION),
    },
  },
  {
    rule: 'aws/eks-control-plane-logging-disabled',
    tf: {
      flagged: {
        'main.tf': eks('    endpoint_public_access = false\n', ENCRYPTION, ' #!'),
        'empty/main.tf': eks('    endpoint_public_access = false\n', '  enabled_cluster_log_types = [] #!\n'),
        'no-audit/main.tf': eks('    endpoint_public_access = false\n', '  enabled_cluster_log_types = ["api", "authenticator"] #!\n'),
      },
      clean: eks('    endpoint_public_access = false\n', `${ENCRYPTION}  enabled_cluster_log_types = ["api", "audit", "authenticator"]\n`),
    },
  },
  {
    rule: 'aws/eks-node-group-ssh-open',
    tf: {
      flagged: {
        'open-source-group/main.tf': `resource "aws_security_group" "ssh" {
  name   = "ssh-anywhere"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = "platform"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access {
    ec2_ssh_key               = "ops-key"
    source_security_group_ids = [aws_security_group.ssh.id] #!
  }
}
`,
        'main.tf': `resource "aws_eks_node_group" "workers" {
  cluster_name    = "platform"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access { #!
    ec2_ssh_key = "ops-key"
  }
}
`,
      },
      clean: `resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = "vpc-0a1b2c3d"
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = "platform"
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 1
  }

  remote_access {
    ec2_ssh_key               = "ops-key"
    source_security_group_ids = [aws_security_group.bastion.id]
  }
}
`,
    },
  },
  {
    rule: 'aws/ecs-task-privileged-container',
    tf: {
      flagged: {
        'main.tf': task(
        `    {
      name       = "api"
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential  = true
      privileged = true
    },
`,
        '',
        ' #!',
      ),
        'computed-image/main.tf': `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([ #!
    {
      name       = "api"
      image      = "\${aws_ecr_repository.api.repository_url}:1.4.2"
      essential  = true
      privileged = true
    },
  ])
}
`,
        'from-file/main.tf': `resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = file("\${path.module}/containers.json") #!
}
`,
        'from-file/containers.json': `[
  {
    "name": "worker",
    "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:3.0",
    "essential": true,
    "privileged": true
  }
]
`,
      },
      clean: `${task(
        `    {
      name       = "api"
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential  = true
      privileged = false
    },
`,
      )}
variable "definitions" {
  type = string
}

resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = var.definitions
}

variable "privileged" {
  type = bool
}

resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecs_task_definition" "sidecar" {
  family = "sidecar"
  container_definitions = jsonencode([
    {
      name       = "sidecar"
      image      = "\${aws_ecr_repository.api.repository_url}:1.4.2"
      essential  = false
      privileged = var.privileged
    },
  ])
}
`,
    },
    cfn: {
      flagged: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      ContainerDefinitions:
        - Name: api #!
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          Privileged: true
`,
      clean: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      ContainerDefinitions:
        - Name: api
          Image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2
          Privileged: false
`,
    },
  },
  {
    rule: 'aws/ecs-task-root-user',
    tf: {
      flagged: task(
        `    {
      name      = "api"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential = true
      user      = "0:0"
    },
`,
        '',
        ' #!',
      ),
      clean: task(
        `    {
      name      = "api"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential = true
      user      = "1000:1000"
    },
    {
      name      = "sidecar"
      image     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
      essential = false
    },
`,
      ),
    },
  },
  {
    rule: 'aws/ecs-task-plaintext-secret',
    tf: {
      flagged: task(
        `    {
      name      = "api"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential = true
      environment = [
        { name = "LOG_LEVEL", value = "info" },
        { name = "DB_PASSWORD", value = "s3cr3t-Pa55w0rd" },
      ]
    },
`,
        '',
        ' #!',
      ),
      clean: task(
        `    {
      name      = "api"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential = true
      environment = [
        { name = "LOG_LEVEL", value = "info" },
        { name = "DB_PASSWORD_SECRET_ARN", value = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" },
      ]
    },
`,
      ),
    },
  },
  {
    rule: 'aws/ecs-task-host-network',
    tf: {
      flagged: `resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "host" #!
  container_definitions = jsonencode([
    { name = "agent", image = "public.ecr.aws/datadog/agent:7", essential = true, memory = 256 },
  ])
}
`,
      clean: `resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "agent", image = "public.ecr.aws/datadog/agent:7", essential = true, memory = 256 },
  ])
}
`,
    },
    cfn: {
      flagged: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: agent
      NetworkMode: host #!
      ContainerDefinitions:
        - Name: agent
          Image: public.ecr.aws/datadog/agent:7
`,
      clean: `Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: agent
      NetworkMode: awsvpc
      ContainerDefinitions:
        - Name: agent
          Image: public.ecr.aws/datadog/agent:7
`,
    },
  },
  {
    rule: 'aws/ecs-task-writable-root-filesystem',
    tf: {
      flagged: task(
        `    {
      name                   = "api"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential              = true
      readonlyRootFilesystem = false
    },
`,
        '',
        ' #!',
      ),
      clean: task(
        `    {
      name                   = "api"
      image                  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"
      essential              = true
      readonlyRootFilesystem = true
    },
`,
      ),
    },
  },
  {
    rule: 'aws/ecs-task-efs-transit-encryption-disabled',
    tf: {
      flagged: task(
        `    { name = "api", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", essential = true },
`,
        `
  volume {
    name = "uploads"
    efs_volume_configuration { #!
      file_system_id = "fs-0a1b2c3d"
      root_directory = "/uploads"
    }
  }

  volume {
    name = "reports"
    efs_volume_configuration {
      file_system_id     = "fs-0a1b2c3d"
      transit_encryption = "DISABLED" #!
    }
  }

`,
      ),
      clean: task(
        `    { name = "api", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", essential = true },
`,
        `
  volume {
    name = "uploads"
    efs_volume_configuration {
      file_system_id     = "fs-0a1b2c3d"
      transit_encryption = "ENABLED"
      authorization_config {
        iam = "ENABLED"
      }
    }
  }

  volume {
    name = "scratch"
  }

`,
      ),
    },
  },
  {
    rule: 'aws/ecs-cluster-container-insights-disabled',
    tf: {
      flagged: `resource "aws_ecs_cluster" "main" { #!
  name = "main"
}

resource "aws_ecs_cluster" "batch" {
  name = "batch"

  setting {
    name  = "containerInsights"
    value = "disabled" #!
  }
}
`,
      clean: {
        'main.tf': `resource "aws_ecs_cluster" "main" {
  name = "main"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}
`,
        'account/main.tf': `resource "aws_ecs_account_setting_default" "insights" {
  name  = "containerInsights"
  value = "enhanced"
}

resource "aws_ecs_cluster" "main" {
  name = "main"
}
`,
      },
    },
  },
  {
    rule: 'aws/ecr-image-tags-mutable',
    tf: {
      flagged: `resource "aws_ecr_repository" "api" { #!
  name = "api"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "MUTABLE" #!
}
`,
      clean: `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

variable "mutability" {
  type = string
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = var.mutability
}
`,
    },
    cfn: {
      flagged: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageTagMutability: MUTABLE #!
`,
      clean: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageTagMutability: IMMUTABLE
`,
    },
  },
  {
    rule: 'aws/ecr-scan-on-push-disabled',
    tf: {
      flagged: `resource "aws_ecr_repository" "api" { #!
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name                 = "worker"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = false #!
  }
}
`,
      clean: {
        'main.tf': `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}
`,
        'registry/main.tf': `resource "aws_ecr_registry_scanning_configuration" "enhanced" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}
`,
      },
    },
    cfn: {
      flagged: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageScanningConfiguration:
        ScanOnPush: false #!
`,
      clean: `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: api
      ImageScanningConfiguration:
        ScanOnPush: true
`,
    },
  },
  {
    rule: 'aws/ecr-repository-policy-public',
    tf: {
      flagged: `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Sid       = "pull"
      Effect    = "Allow"
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}
`,
      clean: `resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_repository_policy" "api" {
  repository = aws_ecr_repository.api.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "org-pull"
        Effect    = "Allow"
        Principal = "*"
        Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
      },
      {
        Sid       = "ci-push"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::123456789012:role/ci" }
        Action    = ["ecr:PutImage", "ecr:UploadLayerPart"]
      },
    ]
  })
}
`,
    },
  },
  {
    rule: 'aws/batch-job-privileged-container',
    tf: {
      flagged: `resource "aws_batch_job_definition" "etl" {
  name = "etl"
  type = "container"
  container_properties = jsonencode({ #!
    image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/etl:2.0"
    privileged = true
    resourceRequirements = [
      { type = "VCPU", value = "1" },
      { type = "MEMORY", value = "2048" },
    ]
  })
}
`,
      clean: {
        'main.tf': `resource "aws_batch_job_definition" "etl" {
  name = "etl"
  type = "container"
  container_properties = jsonencode({
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/etl:2.0"
    resourceRequirements = [
      { type = "VCPU", value = "1" },
      { type = "MEMORY", value = "2048" },
    ]
  })
}
`,
        'unknown/main.tf': `variable "container_properties" {
  type = string
}

resource "aws_batch_job_definition" "etl" {
  name                 = "etl"
  type                 = "container"
  container_properties = var.container_properties
}
`,
      },
    },
  },
  {
    rule: 'aws/efs-not-encrypted',
    tf: {
      flagged: `resource "aws_efs_file_system" "shared" { #!
  creation_token = "shared"
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = false #!
}
`,
      clean: `variable "encrypted" {
  type = bool
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system" "home" {
  creation_token = "home"
  encrypted      = var.encrypted
}
`,
    },
    cfn: {
      flagged: `Resources:
  Shared:
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
      Encrypted: false #!
`,
      clean: `Resources:
  Shared:
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
      Encrypted: true
`,
    },
  },
  {
    rule: 'aws/efs-policy-public',
    tf: {
      flagged: {
        'document/main.tf': `resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

data "aws_iam_policy_document" "efs" {
  statement {
    effect    = "Allow"
    actions   = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    resources = [aws_efs_file_system.shared.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy         = data.aws_iam_policy_document.efs.json #!
}
`,
        'computed-arn/main.tf': `resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = aws_efs_file_system.shared.arn
    }]
  })
}
`,
        'main.tf': `resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
      Resource  = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0a1b2c3d"
    }]
  })
}
`,
      },
      clean: {
        'document/main.tf': `variable "org_id" {
  type = string
}

resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

data "aws_iam_policy_document" "efs" {
  statement {
    effect    = "Allow"
    actions   = ["elasticfilesystem:ClientMount"]
    resources = [aws_efs_file_system.shared.arn]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy         = data.aws_iam_policy_document.efs.json
}
`,
        'main.tf': `resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
}

resource "aws_efs_file_system_policy" "shared" {
  file_system_id = aws_efs_file_system.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["elasticfilesystem:ClientMount"]
        Resource  = aws_efs_file_system.shared.arn
        Condition = { Bool = { "elasticfilesystem:AccessedViaMountTarget" = "true" } }
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "*"
        Resource  = aws_efs_file_system.shared.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
`,
      },
    },
  },
  {
    rule: 'aws/kinesis-stream-not-encrypted',
    tf: {
      flagged: {
        'count/main.tf': `resource "aws_kinesis_stream" "shard" {
  count           = 2
  name            = "events-\${count.index}"
  shard_count     = 1
  encryption_type = count.index == 0 ? "KMS" : "NONE" #!
  kms_key_id      = "alias/aws/kinesis"
}
`,
        'main.tf': `resource "aws_kinesis_stream" "clicks" { #!
  name             = "clicks"
  shard_count      = 2
  retention_period = 48
}

resource "aws_kinesis_stream" "orders" {
  name            = "orders"
  shard_count     = 1
  encryption_type = "NONE" #!
}
`,
      },
      clean: {
        'main.tf': `resource "aws_kinesis_stream" "clicks" {
  name             = "clicks"
  shard_count      = 2
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"
}
`,
        'unknown/main.tf': `variable "encryption" {
  type = string
}

resource "aws_kinesis_stream" "orders" {
  name            = "orders"
  shard_count     = 1
  encryption_type = var.encryption
}
`,
      },
    },
    cfn: {
      flagged: `Resources:
  Clicks: #!
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 2
`,
      clean: `Resources:
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 2
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
`,
    },
  },
  {
    rule: 'aws/firehose-not-encrypted',
    tf: {
      flagged: `resource "aws_kinesis_firehose_delivery_stream" "logs" { #!
  name        = "app-logs"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = "arn:aws:s3:::app-logs-123456789012"
  }
}
`,
      clean: `resource "aws_kinesis_firehose_delivery_stream" "logs" {
  name        = "app-logs"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK"
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = "arn:aws:s3:::app-logs-123456789012"
  }
}

resource "aws_kinesis_firehose_delivery_stream" "from_stream" {
  name        = "clicks-to-s3"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"
    role_arn           = "arn:aws:iam::123456789012:role/firehose"
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::123456789012:role/firehose"
    bucket_arn = "arn:aws:s3:::clicks-123456789012"
  }
}
`,
    },
  },
  {
    rule: 'aws/msk-client-plaintext-allowed',
    tf: {
      flagged: msk(`
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT" #!
    }
  }
`),
      clean: {
        'main.tf': msk(`
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }
`),
        'unknown/main.tf': `variable "client_broker" {
  type = string
}

resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type  = "kafka.m5.large"
    client_subnets = ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"]
  }

  encryption_info {
    encryption_in_transit {
      client_broker = var.client_broker
    }
  }
}
`,
      },
    },
    cfn: {
      flagged: `Resources:
  Events:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: events
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 3
      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ClientSubnets: [subnet-0a1b2c3d, subnet-4e5f6a7b, subnet-8c9d0e1f]
      EncryptionInfo:
        EncryptionInTransit:
          ClientBroker: PLAINTEXT #!
`,
      clean: `Resources:
  Events:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: events
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 3
      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ClientSubnets: [subnet-0a1b2c3d, subnet-4e5f6a7b, subnet-8c9d0e1f]
      EncryptionInfo:
        EncryptionInTransit:
          ClientBroker: TLS
`,
    },
  },
  {
    rule: 'aws/msk-in-cluster-encryption-disabled',
    tf: {
      flagged: msk(`
  encryption_info {
    encryption_in_transit {
      in_cluster = false #!
    }
  }
`),
      clean: msk(`
  encryption_info {
    encryption_in_transit {
      in_cluster = true
    }
  }
`),
    },
  },
  {
    rule: 'aws/msk-public-access',
    tf: {
      flagged: `resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"]
    security_groups = ["sg-0a1b2c3d"]

    connectivity_info {
      public_access {
        type = "SERVICE_PROVIDED_EIPS" #!
      }
    }
  }
}
`,
      clean: `resource "aws_msk_cluster" "events" {
  cluster_name           = "events"
  kafka_version          = "3.6.0"
  number_of_broker_nodes = 3

  broker_node_group_info {
    instance_type   = "kafka.m5.large"
    client_subnets  = ["subnet-0a1b2c3d", "subnet-4e5f6a7b", "subnet-8c9d0e1f"]
    security_groups = ["sg-0a1b2c3d"]

    connectivity_info {
      public_access {
        type = "DISABLED"
      }
    }
  }
}
`,
    },
  },
  {
    rule: 'aws/msk-unauthenticated-access',
    tf: {
      flagged: msk(`
  client_authentication {
    unauthenticated = true #!
    sasl {
      iam = true
    }
  }
`),
      clean: msk(`
  client_authentication {
    unauthenticated = false
    sasl {
      iam = true
    }
  }
`),
    },
  },
  {
    rule: 'aws/msk-broker-logging-disabled',
    tf: {
      flagged: msk('').replace('resource "aws_msk_cluster" "events" {', 'resource "aws_msk_cluster" "events" { #!'),
      clean: msk(`
  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = "/msk/events"
      }
    }
  }
`),
    },
  },
  {
    rule: 'aws/mq-broker-publicly-accessible',
    tf: {
      flagged: `resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.m5.large"
  publicly_accessible = true #!

  user {
    username = "jobs"
    password = var.mq_password
  }
}

variable "mq_password" {
  type      = string
  sensitive = true
}
`,
      clean: {
        'main.tf': `resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.m5.large"
  publicly_accessible = false
  subnet_ids          = ["subnet-0a1b2c3d"]

  user {
    username = "jobs"
    password = var.mq_password
  }
}

variable "mq_password" {
  type      = string
  sensitive = true
}
`,
        'unknown/main.tf': `variable "public" {
  type = bool
}

variable "mq_password" {
  type      = string
  sensitive = true
}

resource "aws_mq_broker" "jobs" {
  broker_name         = "jobs"
  engine_type         = "RabbitMQ"
  engine_version      = "3.13"
  host_instance_type  = "mq.m5.large"
  publicly_accessible = var.public

  user {
    username = "jobs"
    password = var.mq_password
  }
}
`,
      },
    },
  },
  {
    rule: 'aws/mq-broker-audit-log-disabled',
    tf: {
      flagged: `resource "aws_mq_broker" "legacy" {
  broker_name        = "legacy"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"

  logs {
    general = true
    audit   = false #!
  }

  user {
    username = "app"
    password = var.mq_password
  }
}

resource "aws_mq_broker" "orders" { #!
  broker_name        = "orders"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"

  user {
    username = "app"
    password = var.mq_password
  }
}

variable "mq_password" {
  type      = string
  sensitive = true
}
`,
      clean: `resource "aws_mq_broker" "legacy" {
  broker_name        = "legacy"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.m5.large"

  logs {
    general = true
    audit   = true
  }

  user {
    username = "app"
    password = var.mq_password
  }
}

resource "aws_mq_broker" "rabbit" {
  broker_name        = "rabbit"
  engine_type        = "RabbitMQ"
  engine_version     = "3.13"
  host_instance_type = "mq.m5.large"

  user {
    username = "app"
    password = var.mq_password
  }
}

variable "mq_password" {
  type      = string
  sensitive = true
}
`,
    },
  },
  {
    rule: 'aws/dms-replication-instance-public',
    tf: {
      flagged: `resource "aws_dms_replication_instance" "migrate" {
  replication_instance_id    = "migrate"
  replication_instance_class = "dms.t3.medium"
  allocated_storage          = 50
  publicly_accessible        = true #!
}
`,
      clean: `variable "public" {
  type = bool
}

resource "aws_dms_replication_instance" "migrate" {
  replication_instance_id    = "migrate"
  replication_instance_class = "dms.t3.medium"
  allocated_storage          = 50
  publicly_accessible        = false
}

resource "aws_dms_replication_instance" "other" {
  replication_instance_id    = "other"
  replication_instance_class = "dms.t3.medium"
  publicly_accessible        = var.public
}
`,
    },
  },
  {
    rule: 'aws/sagemaker-notebook-direct-internet-access',
    tf: {
      flagged: {
        'main.tf': notebook('  kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"\n', ' #!'),
        'explicit/main.tf': notebook('  direct_internet_access = "Enabled" #!\n'),
      },
      clean: {
        'main.tf': notebook(`  subnet_id              = "subnet-0a1b2c3d"
  security_groups        = ["sg-0a1b2c3d"]
  direct_internet_access = "Disabled"
`),
        'unknown/main.tf': `variable "internet" {
  type = string
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "research"
  role_arn               = "arn:aws:iam::123456789012:role/sagemaker"
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.internet
}
`,
      },
    },
    cfn: {
      flagged: `Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sagemaker
      DirectInternetAccess: Enabled #!
`,
      clean: `Resources:
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/sagemaker
      SubnetId: subnet-0a1b2c3d
      SecurityGroupIds: [sg-0a1b2c3d]
      DirectInternetAccess: Disabled
`,
    },
  },
  {
    rule: 'aws/sagemaker-notebook-root-access',
    tf: {
      flagged: {
        'main.tf': notebook('  direct_internet_access = "Disabled"\n', ' #!'),
        'explicit/main.tf': notebook('  root_access = "Enabled" #!\n'),
      },
      clean: notebook('  root_access = "Disabled"\n'),
    },
  },
  {
    rule: 'aws/sagemaker-notebook-no-kms',
    tf: {
      flagged: notebook('  root_access = "Disabled"\n', ' #!'),
      clean: `resource "aws_kms_key" "notebooks" {
  description = "notebook volumes"
}

${notebook('  kms_key_id = aws_kms_key.notebooks.id\n')}`,
    },
  },
  {
    rule: 'aws/sagemaker-endpoint-config-no-kms',
    tf: {
      flagged: `resource "aws_sagemaker_endpoint_configuration" "model" { #!
  name = "churn-model"

  production_variants {
    variant_name           = "primary"
    model_name             = "churn"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}
`,
      clean: `resource "aws_sagemaker_endpoint_configuration" "model" {
  name        = "churn-model"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  production_variants {
    variant_name           = "primary"
    model_name             = "churn"
    initial_instance_count = 1
    instance_type          = "ml.m5.large"
  }
}
`,
    },
  },
  {
    rule: 'aws/athena-workgroup-settings-not-enforced',
    tf: {
      flagged: `resource "aws_athena_workgroup" "analysts" {
  name = "analysts"

  configuration {
    enforce_workgroup_configuration = false #!

    result_configuration {
      output_location = "s3://athena-results-123456789012/analysts/"
      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}
`,
      clean: {
        'main.tf': `resource "aws_athena_workgroup" "analysts" {
  name = "analysts"

  configuration {
    enforce_workgroup_configuration = true

    result_configuration {
      output_location = "s3://athena-results-123456789012/analysts/"
    }
  }
}
`,
        'unknown/main.tf': `variable "enforce" {
  type = bool
}

resource "aws_athena_workgroup" "analysts" {
  name = "analysts"

  configuration {
    enforce_workgroup_configuration = var.enforce
  }
}
`,
      },
    },
  },
  {
    rule: 'aws/athena-workgroup-results-not-encrypted',
    tf: {
      flagged: {
        'main.tf': `resource "aws_athena_workgroup" "analysts" {
  name = "analysts"

  configuration {
    result_configuration { #!
      output_location = "s3://athena-results-123456789012/analysts/"
    }
  }
}
`,
        'bare/main.tf': `resource "aws_athena_workgroup" "bare" { #!
  name = "bare"
}
`,
      },
      clean: `resource "aws_athena_workgroup" "analysts" {
  name = "analysts"

  configuration {
    result_configuration {
      output_location = "s3://athena-results-123456789012/analysts/"
      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
}
`,
    },
  },
  {
    rule: 'aws/glue-security-configuration-encryption-disabled',
    tf: {
      flagged: `resource "aws_glue_security_configuration" "etl" {
  name = "etl"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "DISABLED" #!
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    }

    s3_encryption {
      s3_encryption_mode = "DISABLED" #!
    }
  }
}
`,
      clean: {
        'main.tf': `locals {
  key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_glue_security_configuration" "etl" {
  name = "etl"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = local.key
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = local.key
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = local.key
    }
  }
}
`,
        'unknown/main.tf': `variable "s3_mode" {
  type = string
}

resource "aws_glue_security_configuration" "etl" {
  name = "etl"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
    }

    s3_encryption {
      s3_encryption_mode = var.s3_mode
    }
  }
}
`,
      },
    },
  },
  {
    // A block that only names a key leaves its mode at the DISABLED default.
    rule: 'aws/glue-security-configuration-encryption-disabled',
    tf: {
      flagged: `data "aws_kms_key" "glue" {
  key_id = "alias/glue"
}

resource "aws_glue_security_configuration" "crawler" {
  name = "crawler"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = data.aws_kms_key.glue.arn
    }

    job_bookmarks_encryption { #!
      kms_key_arn = data.aws_kms_key.glue.arn
    }

    s3_encryption {} #!
  }
}
`,
      clean: `data "aws_kms_key" "glue" {
  key_id = "alias/glue"
}

resource "aws_glue_security_configuration" "crawler" {
  name = "crawler"

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = data.aws_kms_key.glue.arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = data.aws_kms_key.glue.arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-S3"
    }
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Crawler:
    Type: AWS::Glue::SecurityConfiguration
    Properties:
      Name: crawler
      EncryptionConfiguration:
        S3Encryptions:
          - S3EncryptionMode: SSE-S3
        JobBookmarksEncryption: #!
          KmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
      clean: `Resources:
  Crawler:
    Type: AWS::Glue::SecurityConfiguration
    Properties:
      Name: crawler
      EncryptionConfiguration:
        S3Encryptions:
          - S3EncryptionMode: SSE-S3
        JobBookmarksEncryption:
          JobBookmarksEncryptionMode: CSE-KMS
          KmsKeyArn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  },
  {
    rule: 'aws/glue-data-catalog-encryption-disabled',
    tf: {
      flagged: `resource "aws_glue_data_catalog_encryption_settings" "catalog" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = "alias/glue"
    }

    encryption_at_rest {
      catalog_encryption_mode = "DISABLED" #!
    }
  }
}
`,
      clean: `resource "aws_glue_data_catalog_encryption_settings" "catalog" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = "alias/glue"
    }

    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
      sse_aws_kms_key_id      = "alias/glue"
    }
  }
}
`,
    },
  },
  {
    rule: 'aws/glue-connection-passwords-not-encrypted',
    tf: {
      flagged: `resource "aws_glue_data_catalog_encryption_settings" "catalog" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = false #!
    }

    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
    }
  }
}
`,
      clean: `resource "aws_glue_data_catalog_encryption_settings" "catalog" {
  data_catalog_encryption_settings {
    connection_password_encryption {
      return_connection_password_encrypted = true
      aws_kms_key_id                       = "alias/glue"
    }

    encryption_at_rest {
      catalog_encryption_mode = "SSE-KMS"
    }
  }
}
`,
    },
  },
  {
    // A cluster launched without a security configuration gets no EMR encryption at all.
    rule: 'aws/emr-at-rest-encryption-disabled',
    tf: {
      flagged: `resource "aws_emr_cluster" "spark" { #!
  name          = "spark"
  release_label = "emr-7.1.0"
  applications  = ["Spark"]
  service_role  = "EMR_DefaultRole"

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
      clean: `variable "security_configuration" {
  type = string
}

resource "aws_emr_cluster" "spark" {
  name                   = "spark"
  release_label          = "emr-7.1.0"
  applications           = ["Spark"]
  service_role           = "EMR_DefaultRole"
  security_configuration = var.security_configuration

  ec2_attributes {
    subnet_id        = "subnet-0a1b2c3d"
    instance_profile = "EMR_EC2_DefaultRole"
  }

  master_instance_group {
    instance_type = "m5.xlarge"
  }
}
`,
    },
  },
  {
    rule: 'aws/emr-at-rest-encryption-disabled',
    tf: {
      flagged: `resource "aws_emr_security_configuration" "etl" {
  name = "etl"
  configuration = jsonencode({ #!
    EncryptionConfiguration = {
      EnableAtRestEncryption    = false
      EnableInTransitEncryption = true
      InTransitEncryptionConfiguration = {
        TLSCertificateConfiguration = {
          CertificateProviderType = "PEM"
          S3Object                = "s3://emr-certs-123456789012/certs.zip"
        }
      }
    }
  })
}
`,
      clean: {
        'main.tf': `resource "aws_emr_security_configuration" "etl" {
  name = "etl"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableAtRestEncryption = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        }
      }
      EnableInTransitEncryption = false
    }
  })
}
`,
        'unknown/main.tf': `variable "security_configuration" {
  type = string
}

resource "aws_emr_security_configuration" "etl" {
  name          = "etl"
  configuration = var.security_configuration
}
`,
      },
    },
  },
  {
    rule: 'aws/emr-in-transit-encryption-disabled',
    tf: {
      flagged: {
        'kerberos-only/main.tf': `resource "aws_emr_security_configuration" "auth" {
  name = "kerberos-only"
  configuration = jsonencode({ #!
    AuthenticationConfiguration = {
      KerberosConfiguration = {
        Provider = "ClusterDedicatedKdc"
        ClusterDedicatedKdcConfiguration = { TicketLifetimeInHours = 24 }
      }
    }
  })
}
`,
        'main.tf': `resource "aws_emr_security_configuration" "etl" {
  name          = "etl"
  configuration = <<-EOF #!
    {
      "EncryptionConfiguration": {
        "EnableAtRestEncryption": false,
        "EnableInTransitEncryption": false
      }
    }
  EOF
}
`,
      },
      clean: `resource "aws_emr_security_configuration" "etl" {
  name          = "etl"
  configuration = <<-EOF
    {
      "EncryptionConfiguration": {
        "EnableAtRestEncryption": false,
        "EnableInTransitEncryption": true,
        "InTransitEncryptionConfiguration": {
          "TLSCertificateConfiguration": {
            "CertificateProviderType": "PEM",
            "S3Object": "s3://emr-certs-123456789012/certs.zip"
          }
        }
      }
    }
  EOF
}
`,
    },
  },
  {
    rule: 'aws/emr-block-public-access-disabled',
    tf: {
      flagged: `resource "aws_emr_block_public_access_configuration" "account" {
  block_public_security_group_rules = false #!
}
`,
      clean: `resource "aws_emr_block_public_access_configuration" "account" {
  block_public_security_group_rules = true

  permitted_public_security_group_rule_range {
    min_range = 22
    max_range = 22
  }
}
`,
    },
  },
  {
    rule: 'aws/codebuild-privileged-mode',
    tf: {
      flagged: codebuild('    privileged_mode = true #!\n'),
      clean: codebuild('    privileged_mode = false\n'),
    },
  },
  {
    rule: 'aws/codebuild-artifact-encryption-disabled',
    tf: {
      flagged: codebuild(
        '',
        `  artifacts {
    type                = "S3"
    location            = "build-artifacts-123456789012"
    encryption_disabled = true #!
  }
`,
      ),
      clean: codebuild(
        '',
        `  artifacts {
    type     = "S3"
    location = "build-artifacts-123456789012"
  }

  secondary_artifacts {
    type                = "S3"
    artifact_identifier = "reports"
    location            = "build-reports-123456789012"
    encryption_disabled = false
  }
`,
      ),
    },
  },
  {
    rule: 'aws/codebuild-plaintext-secret',
    tf: {
      flagged: codebuild(`
    environment_variable {
      name  = "STAGE"
      value = "prod"
    }

    environment_variable {
      name  = "NPM_TOKEN"
      value = "npm_a1B2c3D4e5F6g7H8i9J0" #!
    }
`),
      clean: codebuild(`
    environment_variable {
      name  = "STAGE"
      value = "prod"
    }

    environment_variable {
      name  = "NPM_TOKEN"
      value = "ci/npm-token"
      type  = "SECRETS_MANAGER"
    }

    environment_variable {
      name  = "DEPLOY_PASSWORD"
      value = var.deploy_password
    }
`).concat(`
variable "deploy_password" {
  type      = string
  sensitive = true
}
`),
    },
  },
  {
    rule: 'aws/workspaces-volume-not-encrypted',
    tf: {
      flagged: `resource "aws_workspaces_workspace" "dev" { #!
  directory_id = "d-1234567890"
  bundle_id    = "wsb-b0s22j3d7"
  user_name    = "alice"
}

resource "aws_workspaces_workspace" "ops" {
  directory_id                   = "d-1234567890"
  bundle_id                      = "wsb-b0s22j3d7"
  user_name                      = "bob"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = false #!
  volume_encryption_key          = "alias/aws/workspaces"
}
`,
      clean: {
        'main.tf': `resource "aws_workspaces_workspace" "dev" {
  directory_id                   = "d-1234567890"
  bundle_id                      = "wsb-b0s22j3d7"
  user_name                      = "alice"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = true
  volume_encryption_key          = "alias/aws/workspaces"
}
`,
        'unknown/main.tf': `variable "encrypt_user_volume" {
  type = bool
}

resource "aws_workspaces_workspace" "dev" {
  directory_id                   = "d-1234567890"
  bundle_id                      = "wsb-b0s22j3d7"
  user_name                      = "alice"
  root_volume_encryption_enabled = true
  user_volume_encryption_enabled = var.encrypt_user_volume
  volume_encryption_key          = "alias/aws/workspaces"
}
`,
      },
    },
  },
];
