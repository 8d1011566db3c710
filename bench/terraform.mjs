#!/usr/bin/env node
// Terraform benchmark: Rampart's `iac` scanner on (a) a realistic 50-file AWS project (network,
// compute, data, IAM; variables, locals, tfvars, local modules, count/for_each, dynamic blocks)
// and (b) 5,000 generated files in root modules that call shared local modules; checkov on the
// same inputs when it is installed. Not part of `npm test`.
//
//   npm run build && node bench/terraform.mjs [--files 5000] [--seed 1] [--runs 1]
//     [--no-checkov] [--only project|large] [--default-tier] [--write]
//
// Rampart runs with --best-practices (its whole rule set, as checkov runs all its checks)
// unless --default-tier is given.
//
// Children run only through execFile/spawn with argument arrays. Corpora go to
// bench/.corpus/terraform/ (git-ignored) and are reused while their .complete.json marker exists.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { which, measure as measureChild, median } from './lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CORPUS = join(HERE, '.corpus', 'terraform');
const GOALS = { project: 1, large: 20 };

// ------------------------------------------------------------------ args
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const FILES = Number(opt('files', 5000));
const SEED = Number(opt('seed', 1));
const RUNS = Math.max(1, Number(opt('runs', 1)));
const ONLY = opt('only', null);
const WRITE = flag('write');
const TIER = flag('default-tier') ? [] : ['--best-practices'];
if (ONLY && !['project', 'large'].includes(ONLY)) {
  console.error(`--only must be project or large, not ${ONLY}`);
  process.exit(2);
}

// ------------------------------------------------------------------ helpers
// Children run in the repository root unless told otherwise.
const measure = (cmd, args, o = {}) => measureChild(cmd, args, { cwd: ROOT, timeoutSec: 1800, tag: 'tf', ...o });
async function measureRuns(cmd, args, opts) {
  const rs = [];
  for (let i = 0; i < RUNS; i++) rs.push(await measure(cmd, args, opts));
  const last = rs[rs.length - 1];
  return { ...last, wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu ?? 0)), rssMb: Math.max(...rs.map((r) => r.rssMb ?? 0)) };
}
const countBy = (xs) => {
  const m = new Map();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};
const fmt = (n, d = 2) => (n == null || Number.isNaN(n) ? '?' : n.toFixed(d));

/** Writes files (relative path → text) under dir; returns their count and bytes. */
function writeTree(dir, files) {
  let bytes = 0;
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: Object.keys(files).length, bytes };
}

// ------------------------------------------------------------------ shared local modules
// Written as a team would: variables with types and defaults, locals, count/for_each, dynamic
// blocks, outputs. Some defaults are insecure on purpose so that the rules have work to do.

const MODULES = {
  vpc: {
    'main.tf': `locals {
  az_count = length(var.azs)
  public   = { for i, az in var.azs : az => cidrsubnet(var.cidr, 8, i) }
  private  = { for i, az in var.azs : az => cidrsubnet(var.cidr, 8, i + 100) }
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = var.tags
}

resource "aws_subnet" "public" {
  for_each                = local.public
  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value
  availability_zone       = each.key
  map_public_ip_on_launch = var.public_ips
  tags                    = merge(var.tags, { Name = "\${var.name}-public-\${each.key}", Tier = "public" })
}

resource "aws_subnet" "private" {
  for_each          = local.private
  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value
  availability_zone = each.key
  tags              = merge(var.tags, { Name = "\${var.name}-private-\${each.key}", Tier = "private" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this.id
  }
  tags = var.tags
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}

resource "aws_flow_log" "this" {
  count           = var.flow_logs ? 1 : 0
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = var.flow_log_bucket_arn
  log_destination_type = "s3"
}

resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
}

variable "public_ips" {
  type    = bool
  default = true
}

variable "flow_logs" {
  type    = bool
  default = false
}

variable "flow_log_bucket_arn" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "vpc_id" {
  value = aws_vpc.this.id
}

output "public_subnet_ids" {
  value = [for s in aws_subnet.public : s.id]
}

output "private_subnet_ids" {
  value = values(aws_subnet.private)[*].id
}
`,
  },
  sg: {
    'main.tf': `resource "aws_security_group" "this" {
  name        = var.name
  description = "Managed by Terraform: \${var.name}"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.ingress
    content {
      description = ingress.value.description
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "ingress" {
  type = list(object({
    description = string
    port        = number
    cidrs       = list(string)
  }))
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "id" {
  value = aws_security_group.this.id
}
`,
  },
  app: {
    'main.tf': `data "aws_ami" "al2023" {
  most_recent = true
  owners      = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-*-x86_64"]
  }
}

locals {
  user_data = templatefile("\${path.module}/user_data.sh.tftpl", { app = var.name, port = var.port })
}

resource "aws_launch_template" "this" {
  name_prefix   = "\${var.name}-"
  image_id      = data.aws_ami.al2023.id
  instance_type = var.instance_type
  user_data     = base64encode(local.user_data)

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = var.imdsv2 ? "required" : "optional"
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = var.disk_gb
      encrypted   = var.encrypt_disk
    }
  }

  network_interfaces {
    associate_public_ip_address = var.public
    security_groups             = var.security_group_ids
  }
}

resource "aws_instance" "this" {
  count                       = var.instances
  ami                         = data.aws_ami.al2023.id
  instance_type               = var.instance_type
  subnet_id                   = element(var.subnet_ids, count.index)
  vpc_security_group_ids      = var.security_group_ids
  associate_public_ip_address = var.public
  monitoring                  = true
  ebs_optimized               = true
  iam_instance_profile        = var.instance_profile

  root_block_device {
    volume_size = var.disk_gb
    encrypted   = var.encrypt_disk
  }

  metadata_options {
    http_tokens = var.imdsv2 ? "required" : "optional"
  }

  tags = merge(var.tags, { Name = format("%s-%02d", var.name, count.index + 1) })
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "instances" {
  type    = number
  default = 2
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "public" {
  type    = bool
  default = false
}

variable "imdsv2" {
  type    = bool
  default = true
}

variable "encrypt_disk" {
  type    = bool
  default = true
}

variable "disk_gb" {
  type    = number
  default = 20
}

variable "port" {
  type    = number
  default = 8080
}

variable "instance_profile" {
  type    = string
  default = null
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "instance_ids" {
  value = aws_instance.this[*].id
}
`,
    'user_data.sh.tftpl': `#!/bin/bash
set -euo pipefail
echo "starting \${app} on port \${port}"
`,
  },
  bucket: {
    'main.tf': `resource "aws_s3_bucket" "this" {
  bucket        = var.name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = var.kms_key_arn == null ? 0 : 1
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.block_public ? 1 : 0
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_acl" "this" {
  count  = var.acl == null ? 0 : 1
  bucket = aws_s3_bucket.this.id
  acl    = var.acl
}

resource "aws_s3_bucket_logging" "this" {
  count         = var.log_bucket == null ? 0 : 1
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.log_bucket
  target_prefix = "s3/\${var.name}/"
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "versioning" {
  type    = bool
  default = true
}

variable "kms_key_arn" {
  type    = string
  default = null
}

variable "block_public" {
  type    = bool
  default = true
}

variable "acl" {
  type    = string
  default = null
}

variable "log_bucket" {
  type    = string
  default = null
}

variable "force_destroy" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "id" {
  value = aws_s3_bucket.this.id
}

output "arn" {
  value = aws_s3_bucket.this.arn
}
`,
  },
  rds: {
    'main.tf': `resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_db_instance" "this" {
  identifier                  = var.name
  engine                      = var.engine
  engine_version              = var.engine_version
  instance_class              = var.instance_class
  allocated_storage           = var.storage_gb
  db_subnet_group_name        = aws_db_subnet_group.this.name
  vpc_security_group_ids      = var.security_group_ids
  username                    = "dbadmin"
  manage_master_user_password = true
  storage_encrypted           = var.encrypted
  publicly_accessible         = var.public
  multi_az                    = var.multi_az
  backup_retention_period     = var.backup_days
  deletion_protection         = var.deletion_protection
  skip_final_snapshot         = !var.deletion_protection
  iam_database_authentication_enabled = true
  performance_insights_enabled        = true
  auto_minor_version_upgrade          = true
  copy_tags_to_snapshot               = true
  enabled_cloudwatch_logs_exports     = var.engine == "postgres" ? ["postgresql"] : ["error", "general"]
  tags                                = var.tags
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "engine" {
  type    = string
  default = "postgres"
}

variable "engine_version" {
  type    = string
  default = "16.3"
}

variable "instance_class" {
  type    = string
  default = "db.t4g.medium"
}

variable "storage_gb" {
  type    = number
  default = 50
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type    = list(string)
  default = []
}

variable "encrypted" {
  type    = bool
  default = true
}

variable "public" {
  type    = bool
  default = false
}

variable "multi_az" {
  type    = bool
  default = true
}

variable "backup_days" {
  type    = number
  default = 7
}

variable "deletion_protection" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "endpoint" {
  value = aws_db_instance.this.endpoint
}
`,
  },
  role: {
    'main.tf': `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = var.services
    }
  }
}

data "aws_iam_policy_document" "inline" {
  dynamic "statement" {
    for_each = var.statements
    content {
      sid       = statement.key
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "inline" {
  count  = length(var.statements) > 0 ? 1 : 0
  name   = "\${var.name}-inline"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.inline.json
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = toset(var.managed_policy_arns)
  role       = aws_iam_role.this.name
  policy_arn = each.value
}

resource "aws_iam_instance_profile" "this" {
  count = contains(var.services, "ec2.amazonaws.com") ? 1 : 0
  name  = var.name
  role  = aws_iam_role.this.name
}
`,
    'variables.tf': `variable "name" {
  type = string
}

variable "services" {
  type    = list(string)
  default = ["ec2.amazonaws.com"]
}

variable "statements" {
  type = map(object({
    actions   = list(string)
    resources = list(string)
  }))
  default = {}
}

variable "managed_policy_arns" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    'outputs.tf': `output "arn" {
  value = aws_iam_role.this.arn
}

output "name" {
  value = aws_iam_role.this.name
}

output "instance_profile" {
  value = one(aws_iam_instance_profile.this[*].name)
}
`,
  },
};

// ------------------------------------------------------------------ (a) the 50-file project

function projectFiles() {
  const f = {};
  for (const [m, files] of Object.entries(MODULES)) for (const [n, t] of Object.entries(files)) f[`modules/${m}/${n}`] = t;
  f['versions.tf'] = `terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "platform/terraform.tfstate"
    region = "eu-west-1"
  }
}
`;
  f['providers.tf'] = `provider "aws" {
  region = var.region
  default_tags {
    tags = local.common_tags
  }
}
`;
  f['variables.tf'] = `variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "env" {
  type = string
}

variable "project" {
  type    = string
  default = "platform"
}

variable "vpc_cidr" {
  type = string
}

variable "admin_cidrs" {
  type    = list(string)
  default = []
}

variable "app_instances" {
  type    = number
  default = 2
}

variable "buckets" {
  type = map(object({
    versioning = bool
    public     = bool
  }))
  default = {}
}

variable "db_public" {
  type    = bool
  default = false
}

variable "ci_repos" {
  type    = list(string)
  default = []
}
`;
  f['locals.tf'] = `locals {
  name_prefix = "\${var.project}-\${var.env}"
  common_tags = {
    Project     = var.project
    Environment = var.env
    ManagedBy   = "terraform"
  }
  azs          = slice(data.aws_availability_zones.available.names, 0, 3)
  is_prod      = var.env == "prod"
  admin_ingress = [for c in var.admin_cidrs : { description = "admin \${c}", port = 22, cidrs = [c] }]
  web_ingress = concat(
    [{ description = "https", port = 443, cidrs = ["0.0.0.0/0"] }],
    local.is_prod ? [] : [{ description = "http", port = 80, cidrs = ["0.0.0.0/0"] }],
  )
}
`;
  f['data.tf'] = `data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}
`;
  f['terraform.tfvars'] = `env         = "prod"
vpc_cidr    = "10.40.0.0/16"
admin_cidrs = ["0.0.0.0/0"]
buckets = {
  assets  = { versioning = true, public = true }
  backups = { versioning = true, public = false }
  reports = { versioning = false, public = false }
}
`;
  f['ci.auto.tfvars'] = `ci_repos = ["acme/api", "acme/web", "acme/infra"]
`;
  f['network.tf'] = `module "vpc" {
  source     = "./modules/vpc"
  name       = local.name_prefix
  cidr       = var.vpc_cidr
  azs        = local.azs
  flow_logs  = local.is_prod
  flow_log_bucket_arn = module.buckets["backups"].arn
  tags       = local.common_tags
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags   = local.common_tags
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = module.vpc.public_subnet_ids[0]
  tags          = local.common_tags
}
`;
  f['security.tf'] = `module "web_sg" {
  source  = "./modules/sg"
  name    = "\${local.name_prefix}-web"
  vpc_id  = module.vpc.vpc_id
  ingress = local.web_ingress
  tags    = local.common_tags
}

module "admin_sg" {
  source  = "./modules/sg"
  name    = "\${local.name_prefix}-admin"
  vpc_id  = module.vpc.vpc_id
  ingress = local.admin_ingress
  tags    = local.common_tags
}

resource "aws_security_group" "db" {
  name        = "\${local.name_prefix}-db"
  description = "database"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description     = "postgres from the app"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [module.web_sg.id]
  }
}
`;
  f['compute.tf'] = `module "app" {
  source             = "./modules/app"
  name               = "\${local.name_prefix}-app"
  instances          = var.app_instances
  subnet_ids         = module.vpc.private_subnet_ids
  security_group_ids = [module.web_sg.id, module.admin_sg.id]
  instance_profile   = module.app_role.instance_profile
  tags               = local.common_tags
}

module "bastion" {
  source             = "./modules/app"
  name               = "\${local.name_prefix}-bastion"
  instances          = 1
  subnet_ids         = module.vpc.public_subnet_ids
  security_group_ids = [module.admin_sg.id]
  public             = true
  imdsv2             = false
  tags               = local.common_tags
}
`;
  f['data-stores.tf'] = `module "buckets" {
  source       = "./modules/bucket"
  for_each     = var.buckets
  name         = "\${local.name_prefix}-\${each.key}"
  versioning   = each.value.versioning
  block_public = !each.value.public
  acl          = each.value.public ? "public-read" : null
  kms_key_arn  = each.value.public ? null : aws_kms_key.data.arn
  tags         = local.common_tags
}

module "db" {
  source             = "./modules/rds"
  name               = "\${local.name_prefix}-db"
  subnet_ids         = module.vpc.private_subnet_ids
  security_group_ids = [aws_security_group.db.id]
  public             = var.db_public
  multi_az           = local.is_prod
  tags               = local.common_tags
}

resource "aws_kms_key" "data" {
  description             = "data at rest for \${local.name_prefix}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
}

resource "aws_kms_alias" "data" {
  name          = "alias/\${local.name_prefix}-data"
  target_key_id = aws_kms_key.data.key_id
}
`;
  f['iam.tf'] = `module "app_role" {
  source   = "./modules/role"
  name     = "\${local.name_prefix}-app"
  services = ["ec2.amazonaws.com"]
  statements = {
    ReadAssets = {
      actions   = ["s3:GetObject", "s3:ListBucket"]
      resources = [module.buckets["assets"].arn, "\${module.buckets["assets"].arn}/*"]
    }
  }
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]
  tags                = local.common_tags
}

module "ops_role" {
  source   = "./modules/role"
  name     = "\${local.name_prefix}-ops"
  services = ["lambda.amazonaws.com"]
  statements = {
    Everything = {
      actions   = ["*"]
      resources = ["*"]
    }
  }
}

resource "aws_iam_openid_connect_provider" "github" {
  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

data "aws_iam_policy_document" "ci_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = [for r in var.ci_repos : "repo:\${r}:*"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "\${local.name_prefix}-ci"
  assume_role_policy = data.aws_iam_policy_document.ci_assume.json
}

resource "aws_iam_user" "legacy" {
  name = "legacy-deployer"
}

resource "aws_iam_user_policy" "legacy" {
  name = "legacy-admin"
  user = aws_iam_user.legacy.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_access_key" "legacy" {
  user = aws_iam_user.legacy.name
}
`;
  f['monitoring.tf'] = `resource "aws_cloudwatch_log_group" "app" {
  name              = "/\${var.project}/\${var.env}/app"
  retention_in_days = local.is_prod ? 365 : 14
}

resource "aws_sns_topic" "alerts" {
  name = "\${local.name_prefix}-alerts"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  count               = var.app_instances
  alarm_name          = "\${local.name_prefix}-cpu-\${count.index}"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    InstanceId = module.app.instance_ids[count.index]
  }
}
`;
  f['audit.tf'] = `resource "aws_cloudtrail" "main" {
  name                          = "\${local.name_prefix}-trail"
  s3_bucket_name                = module.buckets["backups"].id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = local.is_prod
}

resource "aws_guardduty_detector" "main" {
  enable = true
}
`;
  f['outputs.tf'] = `output "vpc_id" {
  value = module.vpc.vpc_id
}

output "db_endpoint" {
  value     = module.db.endpoint
  sensitive = true
}

output "ci_role_arn" {
  value = aws_iam_role.ci.arn
}
`;
  // Staging and prod stacks: root modules that reuse the shared modules (source ../../modules/x).
  for (const env of ['staging', 'prod']) {
    const d = `environments/${env}`;
    f[`${d}/main.tf`] = `module "vpc" {
  source = "../../modules/vpc"
  name   = "acme-${env}"
  cidr   = var.cidr
}

module "web_sg" {
  source  = "../../modules/sg"
  name    = "acme-${env}-web"
  vpc_id  = module.vpc.vpc_id
  ingress = [{ description = "https", port = 443, cidrs = ["0.0.0.0/0"] }, { description = "ssh", port = 22, cidrs = var.ssh_cidrs }]
}

module "app" {
  source             = "../../modules/app"
  name               = "acme-${env}-app"
  instances          = var.instances
  subnet_ids         = module.vpc.private_subnet_ids
  security_group_ids = [module.web_sg.id]
  encrypt_disk       = ${env === 'prod'}
}

module "uploads" {
  source     = "../../modules/bucket"
  name       = "acme-${env}-uploads"
  versioning = ${env === 'prod'}
}
`;
    f[`${d}/variables.tf`] = `variable "cidr" {
  type = string
}

variable "instances" {
  type    = number
  default = 1
}

variable "ssh_cidrs" {
  type    = list(string)
  default = []
}
`;
    f[`${d}/terraform.tfvars`] = `cidr      = "10.${env === 'prod' ? 60 : 50}.0.0/16"
instances = ${env === 'prod' ? 4 : 1}
ssh_cidrs = ["${env === 'prod' ? '10.0.0.0/8' : '0.0.0.0/0'}"]
`;
    f[`${d}/outputs.tf`] = `output "vpc_id" {
  value = module.vpc.vpc_id
}
`;
    f[`${d}/versions.tf`] = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}
`;
  }
  // A Lambda-based service with its own files, to reach a realistic spread of file kinds.
  f['services/reports/main.tf'] = `resource "aws_lambda_function" "reports" {
  function_name = "acme-reports"
  role          = aws_iam_role.reports.arn
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "\${path.module}/build/reports.zip"
  timeout       = 30
  environment {
    variables = {
      BUCKET = "acme-reports"
      STAGE  = var.stage
    }
  }
  tracing_config {
    mode = "PassThrough"
  }
}

resource "aws_iam_role" "reports" {
  name = "acme-reports"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_lambda_permission" "public" {
  statement_id  = "AllowAnyone"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.reports.function_name
  principal     = "*"
}

resource "aws_sqs_queue" "reports" {
  name                      = "acme-reports"
  message_retention_seconds = 86400
}
`;
  f['services/reports/variables.tf'] = `variable "stage" {
  type    = string
  default = "prod"
}
`;
  f['services/reports/api.tf'] = `resource "aws_api_gateway_rest_api" "reports" {
  name = "acme-reports"
}

resource "aws_api_gateway_resource" "r" {
  rest_api_id = aws_api_gateway_rest_api.reports.id
  parent_id   = aws_api_gateway_rest_api.reports.root_resource_id
  path_part   = "reports"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.reports.id
  resource_id   = aws_api_gateway_resource.r.id
  http_method   = "GET"
  authorization = "NONE"
}
`;
  f['services/reports/dynamo.tf'] = `resource "aws_dynamodb_table" "reports" {
  name         = "acme-reports"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = false
  }
}
`;
  f['services/reports/ecr.tf'] = `resource "aws_ecr_repository" "reports" {
  name                 = "acme/reports"
  image_tag_mutability = "MUTABLE"
  image_scanning_configuration {
    scan_on_push = false
  }
}
`;
  f['services/reports/outputs.tf'] = `output "function_arn" {
  value = aws_lambda_function.reports.arn
}
`;
  return f;
}

// ------------------------------------------------------------------ (b) many root modules

const INSTANCE_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm6i.large', 'c6i.xlarge'];
const PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 9200];

/** One resource file of a generated stack: 2-4 resources of varied kinds, some insecure. */
function genResourceFile(r, stack, n) {
  const L = [];
  const k = r.range(2, 4);
  for (let i = 0; i < k; i++) {
    const id = `r${n}_${i}`;
    const kind = r.weighted([[4, 'sg'], [3, 'bucket'], [3, 'instance'], [2, 'iam'], [2, 'db'], [2, 'logs'], [1, 'queue'], [1, 'ebs']]);
    if (kind === 'sg') {
      const port = r.pick(PORTS);
      const open = r.chance(0.3);
      L.push(`resource "aws_security_group" "${id}" {
  name        = "\${local.prefix}-${id}"
  description = "generated ${id}"
  vpc_id      = module.network.vpc_id

  dynamic "ingress" {
    for_each = toset(${r.chance(0.5) ? `[${port}, ${r.pick(PORTS)}]` : `[${port}]`})
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [${open ? '"0.0.0.0/0"' : 'var.internal_cidr'}]
    }
  }
}
`);
    } else if (kind === 'bucket') {
      L.push(`resource "aws_s3_bucket" "${id}" {
  bucket = "\${local.prefix}-${id.replace(/_/g, '-')}"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "${id}" {
  bucket                  = aws_s3_bucket.${id}.id
  block_public_acls       = ${r.chance(0.8)}
  block_public_policy     = ${r.chance(0.8)}
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`);
    } else if (kind === 'instance') {
      const n2 = r.range(1, 3);
      L.push(`resource "aws_instance" "${id}" {
  count                  = ${n2}
  ami                    = var.ami
  instance_type          = "${r.pick(INSTANCE_TYPES)}"
  subnet_id              = element(module.network.private_subnet_ids, count.index)
  monitoring             = ${r.chance(0.6)}
  metadata_options {
    http_tokens = "${r.chance(0.7) ? 'required' : 'optional'}"
  }
  root_block_device {
    encrypted = ${r.chance(0.7)}
  }
  tags = merge(local.tags, { Name = "\${local.prefix}-${id}-\${count.index}" })
}
`);
    } else if (kind === 'iam') {
      const wild = r.chance(0.25);
      L.push(`resource "aws_iam_policy" "${id}" {
  name = "\${local.prefix}-${id}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ${wild ? '"*"' : `["s3:GetObject", "s3:PutObject"]`}
      Resource = ${wild ? '"*"' : `"arn:aws:s3:::\${local.prefix}-data/*"`}
    }]
  })
}
`);
    } else if (kind === 'db') {
      L.push(`resource "aws_db_instance" "${id}" {
  identifier          = "\${local.prefix}-${id.replace(/_/g, '-')}"
  engine              = "${r.pick(['postgres', 'mysql'])}"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "app"
  manage_master_user_password = true
  storage_encrypted   = ${r.chance(0.75)}
  publicly_accessible = ${r.chance(0.15)}
  skip_final_snapshot = true
  backup_retention_period = ${r.pick([0, 1, 7, 14])}
}
`);
    } else if (kind === 'logs') {
      L.push(`resource "aws_cloudwatch_log_group" "${id}" {
  name              = "/${stack}/${id}"
  retention_in_days = ${r.pick([0, 7, 30, 365])}
}
`);
    } else if (kind === 'queue') {
      L.push(`resource "aws_sqs_queue" "${id}" {
  name                    = "\${local.prefix}-${id}"
  sqs_managed_sse_enabled = ${r.chance(0.7)}
}
`);
    } else {
      L.push(`resource "aws_ebs_volume" "${id}" {
  availability_zone = "eu-west-1a"
  size              = ${r.pick([10, 50, 100])}
  encrypted         = ${r.chance(0.7)}
}
`);
    }
  }
  return L.join('\n');
}

/** Root modules of ~40 files each, all calling the shared modules; the rest of the count in resource files. */
function largeFiles(total, seed) {
  const r = new Rng(`terraform-large-${seed}`);
  const f = {};
  for (const [m, files] of Object.entries(MODULES)) for (const [n, t] of Object.entries(files)) f[`modules/${m}/${n}`] = t;
  let left = total - Object.keys(f).length;
  let s = 0;
  while (left > 0) {
    const stack = `stack-${String(s).padStart(3, '0')}`;
    const d = `stacks/${stack}`;
    const fixed = {
      [`${d}/main.tf`]: `module "network" {
  source = "../../modules/vpc"
  name   = local.prefix
  cidr   = var.cidr
  tags   = local.tags
}

module "web_sg" {
  source  = "../../modules/sg"
  name    = "\${local.prefix}-web"
  vpc_id  = module.network.vpc_id
  ingress = [for p in var.web_ports : { description = "port \${p}", port = p, cidrs = var.web_cidrs }]
}

module "app" {
  source             = "../../modules/app"
  count              = var.with_app ? 1 : 0
  name               = "\${local.prefix}-app"
  instances          = var.app_instances
  subnet_ids         = module.network.private_subnet_ids
  security_group_ids = [module.web_sg.id]
}

module "data" {
  source       = "../../modules/bucket"
  for_each     = toset(var.bucket_names)
  name         = "\${local.prefix}-\${each.key}"
  block_public = each.key != "public"
  acl          = each.key == "public" ? "public-read" : null
}
`,
      [`${d}/variables.tf`]: `variable "cidr" {
  type = string
}

variable "ami" {
  type    = string
  default = "ami-0123456789abcdef0"
}

variable "internal_cidr" {
  type    = string
  default = "10.0.0.0/8"
}

variable "web_ports" {
  type    = list(number)
  default = [443]
}

variable "web_cidrs" {
  type    = list(string)
  default = ["0.0.0.0/0"]
}

variable "with_app" {
  type    = bool
  default = true
}

variable "app_instances" {
  type    = number
  default = 1
}

variable "bucket_names" {
  type    = list(string)
  default = []
}
`,
      [`${d}/locals.tf`]: `locals {
  prefix = "${stack}"
  tags = {
    Stack = "${stack}"
    Owner = "team-${s % 17}"
  }
}
`,
      [`${d}/terraform.tfvars`]: `cidr          = "10.${s % 250}.0.0/16"
web_ports     = [${r.chance(0.3) ? '22, 443' : '443'}]
app_instances = ${r.range(1, 3)}
bucket_names  = [${r.chance(0.3) ? '"public", ' : ''}"logs", "data"]
`,
      [`${d}/outputs.tf`]: `output "vpc_id" {
  value = module.network.vpc_id
}
`,
    };
    for (const [p, t] of Object.entries(fixed)) {
      if (left <= 0) break;
      f[p] = t;
      left--;
    }
    const perStack = Math.min(left, 35);
    for (let i = 0; i < perStack; i++) f[`${d}/res-${String(i).padStart(2, '0')}.tf`] = genResourceFile(r, stack, i);
    left -= perStack;
    s++;
  }
  return f;
}

function ensureCorpus(name, build) {
  const dir = join(CORPUS, name);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, 'utf8')) };
  rmSync(dir, { recursive: true, force: true });
  const files = build();
  const meta = writeTree(dir, files);
  meta.tf = Object.keys(files).filter((p) => p.endsWith('.tf')).length;
  meta.roots = new Set(Object.keys(files).filter((p) => p.endsWith('.tf') && !p.startsWith('modules/')).map((p) => dirname(p))).size;
  writeFileSync(marker, JSON.stringify(meta));
  return { dir, ...meta };
}

// ------------------------------------------------------------------ tools
function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 }).trim().split('\n')[0];
  } catch {
    return '?';
  }
}
function gitRev() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}
async function runRampart(dir) {
  const out = join(mkdtempSync(join(tmpdir(), 'rampart-bench-tf-')), 'report.json');
  // bin/rampart.js is the launcher of the built CLI (dist/cli/index.js only exports main()).
  const args = ['bin/rampart.js', 'scan', dir, '--scanners', 'iac', ...TIER, '--format', 'json', '--output', out, '--fail-on', 'none'];
  const m = await measureRuns(process.execPath, args);
  let findings = [];
  let issues = 0;
  try {
    const rep = JSON.parse(readFileSync(out, 'utf8'));
    findings = rep.findings ?? [];
    issues = rep.summary?.issues ?? 0;
  } catch (e) {
    m.error = `no report: ${String(e.message).slice(0, 200)} ${m.stderr.slice(0, 300)}`;
  }
  return {
    ...m,
    cmd: `node ${args.join(' ').replace(dir, '<dir>').replace(out, '<report.json>')}`,
    total: findings.length,
    issues,
    byRule: countBy(findings.map((f) => f.ruleId)),
    files: new Set(findings.map((f) => f.location?.path)).size,
  };
}
const CHECKOV = which('checkov', ['/tmp/checkov-venv/bin']);
async function runCheckov(dir) {
  const out = join(mkdtempSync(join(tmpdir(), 'rampart-bench-tf-')), 'checkov.json');
  // From inside the corpus with `-d .`, as bench/pipelines.mjs does: some checkov runners skip
  // paths under hidden directories (bench/.corpus/...).
  const args = ['-d', '.', '--framework', 'terraform', '--quiet', '--compact', '-o', 'json', '--skip-download'];
  const m = await measureRuns(CHECKOV, args, { stdoutFile: out, cwd: dir });
  const failed = [];
  let resources = null;
  try {
    let j = JSON.parse(readFileSync(out, 'utf8'));
    if (!Array.isArray(j)) j = [j];
    for (const rep of j) {
      failed.push(...(rep.results?.failed_checks ?? []));
      if (typeof rep.summary?.resource_count === 'number') resources = (resources ?? 0) + rep.summary.resource_count;
    }
  } catch {
    m.error = m.timedOut ? 'timed out' : `unparsable output: ${m.stderr.slice(0, 300)}`;
  }
  return { ...m, cmd: `(cd <dir> && checkov ${args.join(' ')})`, total: failed.length, resources, byRule: countBy(failed.map((f) => f.check_id)) };
}

// ------------------------------------------------------------------ main
const lines = [];
const say = (s = '') => {
  console.log(s);
  lines.push(s);
};
const HEAD = '| tool | version | wall s | CPU s | peak RSS MB | findings | exit |\n|---|---|---:|---:|---:|---:|---:|';
const row = (tool, ver, r) => `| ${tool} | ${ver} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.rssMb, 1)} | ${r.total} | ${r.exit}${r.timedOut ? ' (timeout)' : ''} |`;

if (!existsSync(join(ROOT, 'dist', 'cli', 'index.js'))) {
  console.error('dist/ missing: run `npm run build` first');
  process.exit(2);
}
const rev = gitRev();
const date = new Date().toISOString();
const ckVersion = CHECKOV && !flag('no-checkov') ? version(CHECKOV, ['--version']) : null;
say(`## ${date.slice(0, 19).replace('T', ' ')}Z — terraform: rampart 0.1.0 (${rev})`);
say('');
say(`Terraform scanning, \`node bench/terraform.mjs${argv.length ? ' ' + argv.join(' ') : ''}\`. Machine: ${cpus().length} × ${cpus()[0]?.model?.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load average at start ${loadavg()[0].toFixed(2)}. Median of ${RUNS} run(s); each run is a fresh \`node\` process (start-up included).`);
say('');

// Start-up alone (Node, CLI, rule registry, HCL grammar not loaded): what every figure below includes.
const emptyDir = join(CORPUS, 'empty');
mkdirSync(emptyDir, { recursive: true });
const base = await runRampart(emptyDir);
say(`Rampart on an empty directory (process start-up and report only): ${fmt(base.wall)} s wall, ${fmt(base.cpu)} CPU s, ${fmt(base.rssMb, 1)} MB peak RSS.`);
say('');

const corpora = [];
if (ONLY !== 'large') corpora.push(['project', `project-50${SEED === 1 ? '' : `-s${SEED}`}`, () => projectFiles(), GOALS.project, '50 files']);
if (ONLY !== 'project') corpora.push(['large', `large-${FILES}${SEED === 1 ? '' : `-s${SEED}`}`, () => largeFiles(FILES, SEED), GOALS.large, `${FILES.toLocaleString('en')} files`]);

for (const [key, name, build, goal, label] of corpora) {
  const c = ensureCorpus(name, build);
  const what = key === 'project'
    ? `realistic project: ${c.files} files (${c.tf} .tf), ${(c.bytes / 1024).toFixed(0)} KiB, ${c.roots} directories with configuration besides modules/, 6 local modules`
    : `generated: ${c.files} files (${c.tf} .tf), ${(c.bytes / 2 ** 20).toFixed(1)} MiB, ${c.roots} root modules calling 6 shared local modules`;
  say(`### ${label} — ${what}`);
  say('');
  const ram = await runRampart(c.dir);
  if (ram.error) say(`Rampart error: ${ram.error}`);
  let ck = null;
  let ckNote = '';
  if (flag('no-checkov')) ckNote = 'checkov: skipped (--no-checkov).';
  else if (!CHECKOV) ckNote = 'checkov: **not run**, not on PATH or in /tmp/checkov-venv/bin.';
  else ck = await runCheckov(c.dir);
  say(HEAD);
  say(row('rampart', `0.1.0 (${rev})`, ram));
  if (ck) say(row('checkov', ckVersion ?? '?', ck));
  say('');
  say(`Goal ${label} < ${goal} s: **${ram.wall < goal && !ram.error ? 'met' : 'not met'}** (${fmt(ram.wall)} s; ${fmt(ram.wall - base.wall)} s above the empty-directory run).`);
  if (ck && !ck.error) say(`Ratio checkov/rampart wall time: **${fmt(ck.wall / ram.wall)}x** (above 1: Rampart is faster); CPU ${fmt(ck.cpu / ram.cpu)}x; peak RSS rampart/checkov ${fmt(ram.rssMb / ck.rssMb)}x.`);
  if (ck?.error) say(`checkov: ${ck.error}`);
  if (ckNote) say(ckNote);
  say('');
  say(`Rampart findings by rule (${ram.total} in ${ram.files} files, ${ram.issues} issues): ${ram.byRule.slice(0, 25).map(([k, v]) => `${k.replace('iac/', '')} ${v}`).join(', ')}${ram.byRule.length > 25 ? `, … (${ram.byRule.length} rules)` : ''}.`);
  say('');
  if (ck && !ck.error) {
    say(`checkov failed checks (${ck.total}${ck.resources != null ? ` on ${ck.resources} resources` : ''}) by id: ${ck.byRule.slice(0, 25).map(([k, v]) => `${k} ${v}`).join(', ')}${ck.byRule.length > 25 ? `, … (${ck.byRule.length} checks)` : ''}.`);
    say('');
  }
  say('Commands:');
  say('');
  say(`    ${ram.cmd}`);
  if (ck) say(`    ${ck.cmd}`);
  say('');
}

if (WRITE) {
  // RESULTS.md is newest first: the section goes before the first existing one.
  const file = join(HERE, 'RESULTS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = old.indexOf('\n## ');
  const section = lines.join('\n') + '\n';
  writeFileSync(file, at < 0 ? old + '\n' + section : old.slice(0, at + 1) + section + '\n' + old.slice(at + 1));
  console.error('added to bench/RESULTS.md');
}
