/**
 * S3, account-level S3 and IAM cases for the storage/identity rules. Lines ending in `#!` are
 * where the rule must report, exactly once each. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

/** A customer managed policy (aws_iam_policy) whose jsonencode'd statement list is `statements`. */
const iamPolicy = (name: string, statements: string, mark = true): string => `resource "aws_iam_policy" "${name}" {
  name = "${name}"
  policy = jsonencode({${mark ? ' #!' : ''}
    Version = "2012-10-17"
    Statement = [
${statements}
    ]
  })
}
`;

export const s3Cases: CloudCase[] = [
  {
    rule: 'aws/s3-bucket-public-acl',
    tf: {
      flagged: `variable "site_acl" {
  type    = string
  default = "public-read"
}

resource "aws_s3_bucket" "site" {
  bucket = "example-site-assets"
}

resource "aws_s3_bucket_acl" "site" {
  bucket = aws_s3_bucket.site.id
  acl    = var.site_acl #!
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy-uploads"
  acl    = "public-read-write" #!
}

resource "aws_s3_bucket_acl" "grants" {
  bucket = aws_s3_bucket.site.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" #!
      }
      permission = "READ"
    }
    owner {
      id = "5a8e7b3c0f"
    }
  }
}
`,
      clean: `variable "acl" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_acl" "data" {
  bucket = aws_s3_bucket.data.id
  acl    = "private"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.data.id
  acl    = "log-delivery-write"
}

resource "aws_s3_bucket_acl" "from_var" {
  bucket = aws_s3_bucket.data.id
  acl    = var.acl
}

resource "aws_s3_bucket_acl" "grants" {
  bucket = aws_s3_bucket.data.id
  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }
    owner {
      id = "5a8e7b3c0f"
    }
  }
}
`,
    },
    cfn: {
      flagged: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-site
      AccessControl: PublicRead #!
`,
      clean: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Acl:
    Type: String
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
  Other:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !Ref Acl
`,
    },
  },
  {
    rule: 'aws/s3-object-public-acl',
    tf: {
      flagged: `resource "aws_s3_object" "index" {
  bucket       = "example-site"
  key          = "index.html"
  source       = "site/index.html"
  content_type = "text/html"
  acl          = "public-read" #!
}

resource "aws_s3_bucket_object" "old" {
  bucket = "example-site"
  key    = "old.html"
  acl    = "authenticated-read" #!
}
`,
      clean: `variable "object_acl" {
  type = string
}

resource "aws_s3_object" "report" {
  bucket = "example-reports"
  key    = "q3.pdf"
  source = "q3.pdf"
  acl    = "private"
}

resource "aws_s3_object" "plain" {
  bucket = "example-reports"
  key    = "q4.pdf"
  source = "q4.pdf"
}

resource "aws_s3_object" "unknown" {
  bucket = "example-reports"
  key    = "q5.pdf"
  acl    = var.object_acl
}
`,
    },
  },
  {
    rule: 'aws/s3-bucket-policy-public',
    tf: {
      flagged: `resource "aws_s3_bucket" "site" {
  bucket = "example-public-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-public-site/*"
      Condition = { StringLike = { "aws:Referer" = ["https://example.com/*"] } }
    }]
  })
}

data "aws_iam_policy_document" "open" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::example-open", "arn:aws:s3:::example-open/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "open" {
  bucket = "example-open"
  policy = data.aws_iam_policy_document.open.json #!
}

# The bucket ARN is known only after apply; the statement is still public.
resource "aws_s3_bucket_policy" "by_ref" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = ["*"] }
      Action    = ["s3:GetObject"]
      Resource  = "\${aws_s3_bucket.site.arn}/*"
    }]
  })
}
`,
      clean: `variable "policy" {
  type = string
}

resource "aws_s3_bucket_policy" "account" {
  bucket = "example-private"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/reader" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::example-private/*"
    }]
  })
}

resource "aws_s3_bucket_policy" "vpce" {
  bucket = "example-internal"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "s3:GetObject"
        Resource  = "arn:aws:s3:::example-internal/*"
        Condition = { StringEquals = { "aws:SourceVpce" = "vpce-0a1b2c3d" } }
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["arn:aws:s3:::example-internal", "arn:aws:s3:::example-internal/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_s3_bucket_policy" "unknown" {
  bucket = "example-other"
  policy = var.policy
}

variable "vpce_id" {
  type = string
}

# A heredoc with interpolations: the endpoint condition restricts, even with its value unknown.
resource "aws_s3_bucket_policy" "heredoc" {
  bucket = "example-internal"
  policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::example-internal/*",
    "Condition": {"StringEquals": {"aws:SourceVpce": "\${var.vpce_id}"}}
  }]
}
POLICY
}
`,
    },
    cfn: {
      flagged: `Resources:
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: example-public-site
      PolicyDocument: #!
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-public-site/*
`,
      clean: `Resources:
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: example-site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: cloudfront.amazonaws.com}
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-site/*
            Condition:
              StringEquals:
                AWS:SourceArn: arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE
          - Effect: Deny
            Principal: '*'
            Action: s3:*
            Resource: arn:aws:s3:::example-site/*
            Condition:
              Bool:
                aws:SecureTransport: 'false'
`,
    },
  },
  {
    rule: 'aws/s3-bucket-versioning-disabled',
    tf: {
      flagged: `locals {
  versioning_status = "Suspended"
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = local.versioning_status #!
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
  versioning {
    enabled = false #!
  }
}
`,
      clean: `variable "status" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_versioning" "other" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = var.status
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"
  versioning {
    enabled = true
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Suspended #!
`,
      clean: `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
`,
    },
  },
  {
    rule: 'aws/s3-bucket-cors-any-origin-write',
    tf: {
      flagged: `resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["GET"]
    allowed_origins = ["*"]
  }
  cors_rule {
    allowed_headers = ["*"]
    allowed_methods = ["PUT", "POST"]
    allowed_origins = ["*"] #!
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy-uploads"
  cors_rule {
    allowed_methods = ["DELETE"]
    allowed_origins = ["https://app.example.com", "*"] #!
  }
}
`,
      clean: `variable "origins" {
  type = list(string)
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = "example-uploads"
  cors_rule {
    allowed_methods = ["PUT", "POST"]
    allowed_origins = ["https://app.example.com"]
  }
  cors_rule {
    allowed_methods = ["GET", "HEAD"]
    allowed_origins = ["*"]
  }
  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = var.origins
  }
}
`,
    },
  },
  {
    rule: 'aws/s3-bucket-public-access-block-missing',
    tf: {
      flagged: `resource "aws_s3_bucket" "covered" {
  bucket = "example-covered"
}

resource "aws_s3_bucket_public_access_block" "covered" {
  bucket                  = aws_s3_bucket.covered.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "exposed" { #!
  bucket = "example-exposed"
}
`,
      clean: `variable "bucket_names" {
  type    = set(string)
  default = ["alpha", "beta"]
}

variable "other_bucket" {
  type = string
}

resource "aws_s3_bucket" "each" {
  for_each = var.bucket_names
  bucket   = "example-\${each.key}"
}

resource "aws_s3_bucket_public_access_block" "each" {
  for_each                = aws_s3_bucket.each
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "by_name" {
  bucket = "example-by-name"
}

resource "aws_s3_bucket_public_access_block" "by_name" {
  bucket                  = "example-by-name"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "unclear" {
  bucket = "example-unclear"
}

resource "aws_s3_bucket_public_access_block" "unclear" {
  bucket                  = var.other_bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    },
    cfn: {
      flagged: `Resources:
  Exposed: #!
    Type: AWS::S3::Bucket
    Properties:
      BucketName: example-exposed
  Covered:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
`,
      clean: `Resources:
  Covered:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
`,
    },
  },
  {
    rule: 'aws/s3-bucket-public-access-block-missing',
    tf: {
      flagged: {
        'main.tf': `module "assets" {
  source = "./modules/bucket"
  name   = "example-assets"
}

module "guarded" {
  source  = "./modules/bucket"
  name    = "example-guarded"
  guarded = true
}
`,
        'modules/bucket/main.tf': `variable "name" {
  type = string
}

variable "guarded" {
  type    = bool
  default = false
}

resource "aws_s3_bucket" "this" { #!
  bucket = var.name
}

resource "aws_s3_bucket_public_access_block" "this" {
  count                   = var.guarded ? 1 : 0
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
      },
      clean: {
        'main.tf': `module "guarded" {
  source = "./modules/bucket"
  name   = "example-guarded"
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "root" {
  bucket = "example-root"
}
`,
        'modules/bucket/main.tf': `variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  bucket = var.name
}
`,
      },
    },
  },
  ...(
    [
      ['block_public_acls', 'BlockPublicAcls'],
      ['block_public_policy', 'BlockPublicPolicy'],
      ['ignore_public_acls', 'IgnorePublicAcls'],
      ['restrict_public_buckets', 'RestrictPublicBuckets'],
    ] as const
  ).map(([flag, cfnFlag]): CloudCase => {
    const others = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].filter((f) => f !== flag);
    const cfnAll = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];
    return {
      rule: `aws/s3-${flag.replace(/_/g, '-')}-disabled`,
      tf: {
        flagged: `resource "aws_s3_bucket" "a" {
  bucket = "example-a"
}

resource "aws_s3_bucket_public_access_block" "a" {
  bucket = aws_s3_bucket.a.id
  ${flag} = false #!
${others.map((f) => `  ${f} = true`).join('\n')}
}

resource "aws_s3_bucket_public_access_block" "b" { #!
  bucket = "example-b"
${others.map((f) => `  ${f} = true`).join('\n')}
}
`,
        clean: `variable "strict" {
  type = bool
}

resource "aws_s3_bucket_public_access_block" "a" {
  bucket                  = "example-a"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket = "example-b"
  ${flag} = var.strict
${others.map((f) => `  ${f} = true`).join('\n')}
}
`,
      },
      cfn: {
        flagged: `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
${cfnAll.map((f) => `        ${f}: ${f === cfnFlag ? 'false #!' : 'true'}`).join('\n')}
`,
        clean: `Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
${cfnAll.map((f) => `        ${f}: true`).join('\n')}
`,
      },
    };
  }),
  {
    rule: 'aws/account-s3-public-access-block-disabled',
    tf: {
      flagged: `resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = false #!
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
      clean: `resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`,
    },
  },
  {
    rule: 'aws/account-s3-public-access-block-disabled',
    tf: {
      flagged: `resource "aws_s3_account_public_access_block" "this" { #!
  block_public_acls   = true
  block_public_policy = true
}
`,
      clean: `variable "restrict" {
  type = bool
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = var.restrict
}
`,
    },
  },
];

export const iamCases: CloudCase[] = [
  {
    rule: 'aws/iam-policy-admin',
    tf: {
      flagged:
        iamPolicy(
          'admin',
          `      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }`,
        ) +
        `
resource "aws_iam_role" "ops" {
  name = "ops"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
  inline_policy {
    name = "everything"
    policy = jsonencode({ #!
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["*:*"], Resource = ["*"] }]
    })
  }
}
`,
      clean:
        iamPolicy(
          'scoped',
          `      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::example-data/*"
      },
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "arn:aws:s3:::example-scratch/*"
      },
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }
      }`,
          false,
        ) +
        `
variable "doc" {
  type = string
}

resource "aws_iam_policy" "from_var" {
  name   = "from-var"
  policy = var.doc
}
`,
    },
    cfn: {
      flagged: `Resources:
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
`,
      clean: `Resources:
  Reader:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-data/*
`,
    },
  },
  {
    rule: 'aws/iam-policy-admin',
    tf: {
      flagged: `resource "aws_iam_policy" "everything" {
  name = "everything"
  policy = jsonencode({ #!
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "dev" {
  role       = "dev"
  policy_arn = aws_iam_policy.everything.arn
}
`,
      clean: `# A permissions boundary caps a role; "Allow *" minus the Denies is its usual shape.
resource "aws_iam_policy" "boundary" {
  name = "developer-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "*", Resource = "*" },
      { Effect = "Deny", Action = ["iam:CreateUser", "iam:DeleteRolePermissionsBoundary", "organizations:*"], Resource = "*" }
    ]
  })
}

resource "aws_iam_role" "developer" {
  name                 = "developer"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })
}
`,
    },
  },
  {
    rule: 'aws/iam-policy-service-wildcard',
    tf: {
      flagged: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["s3:*", "cloudformation:DescribeStacks"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = "deployer"
  policy = data.aws_iam_policy_document.deploy.json #!
}

resource "aws_iam_group_policy" "ops" {
  name  = "ops"
  group = "ops"
  policy = jsonencode({ #!
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:*", Resource = "*" }]
  })
}

resource "aws_sqs_queue" "work" {
  name = "work"
}

# One statement names a computed ARN; the other still grants a whole service.
resource "aws_iam_role_policy" "worker" {
  name = "worker"
  role = "worker"
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource = aws_sqs_queue.work.arn },
      { Effect = "Allow", Action = "dynamodb:*", Resource = "*" }
    ]
  })
}
`,
      clean: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::example-artifacts", "arn:aws:s3:::example-artifacts/*"]
  }
  statement {
    actions   = ["ec2:Describe*", "cloudformation:DescribeStacks"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = "deployer"
  policy = data.aws_iam_policy_document.deploy.json
}
`,
    },
    cfn: {
      flagged: `Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: deploy
          PolicyDocument: #!
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: dynamodb:*
                Resource: '*'
`,
      clean: `Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: dynamodb:*
                Resource: arn:aws:dynamodb:eu-west-1:111122223333:table/orders
`,
    },
  },
  {
    rule: 'aws/iam-policy-allow-not-action',
    tf: {
      flagged: iamPolicy(
        'almost-admin',
        `      {
        Effect    = "Allow"
        NotAction = ["iam:*", "organizations:*"]
        Resource  = "*"
      }`,
      ),
      clean: iamPolicy(
        'guard',
        `      {
        Effect    = "Deny"
        NotAction = ["s3:GetObject"]
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        NotAction = ["s3:DeleteObject"]
        Resource  = "arn:aws:s3:::example-data/*"
      }`,
        false,
      ),
    },
    cfn: {
      flagged: `Resources:
  AlmostAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            NotAction: iam:*
            Resource: '*'
`,
      clean: `Resources:
  Guard:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Deny
            NotAction: [s3:GetObject]
            Resource: '*'
`,
    },
  },
  {
    rule: 'aws/iam-policy-passrole-wildcard',
    tf: {
      flagged: iamPolicy(
        'launcher',
        `      {
        Effect   = "Allow"
        Action   = ["ec2:RunInstances", "iam:PassRole"]
        Resource = "*"
      }`,
      ),
      clean: iamPolicy(
        'launcher',
        `      {
        Effect   = "Allow"
        Action   = "iam:PassRole"
        Resource = "arn:aws:iam::111122223333:role/app-instance"
      },
      {
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "*"
        Condition = { StringEquals = { "iam:PassedToService" = "ec2.amazonaws.com" } }
      }`,
        false,
      ),
    },
    cfn: {
      flagged: `Resources:
  Launcher:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: launch
          PolicyDocument: #!
            Statement:
              - Effect: Allow
                Action: [ec2:RunInstances, iam:PassRole]
                Resource: '*'
`,
      clean: `Parameters:
  InstanceRoleArn:
    Type: String
Resources:
  Launcher:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: launch
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: !Ref InstanceRoleArn
`,
    },
  },
  {
    rule: 'aws/iam-policy-privilege-escalation',
    tf: {
      flagged:
        iamPolicy(
          'policy-admin',
          `      {
        Effect   = "Allow"
        Action   = ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"]
        Resource = "*"
      }`,
        ) +
        `
data "aws_iam_policy_document" "helpdesk" {
  statement {
    sid       = "Keys"
    actions   = ["iam:CreateAccessKey", "iam:Put*"]
    resources = ["*"]
  }
}

resource "aws_iam_user_policy" "helpdesk" {
  name   = "helpdesk"
  user   = "helpdesk"
  policy = data.aws_iam_policy_document.helpdesk.json #!
}
`,
      clean: iamPolicy(
        'self-service',
        `      {
        Effect   = "Allow"
        Action   = ["iam:CreateAccessKey", "iam:UpdateLoginProfile"]
        Resource = "arn:aws:iam::111122223333:user/$\${aws:username}"
      },
      {
        Effect   = "Allow"
        Action   = ["iam:Get*", "iam:List*"]
        Resource = "*"
      }`,
        false,
      ),
    },
    cfn: {
      flagged: `Resources:
  Escalate:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: escalate
      Roles: [app]
      PolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [iam:AttachRolePolicy, iam:PutRolePolicy]
            Resource: '*'
`,
      clean: `Resources:
  Scoped:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: scoped
      Roles: [app]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [iam:AttachRolePolicy]
            Resource: arn:aws:iam::111122223333:role/app-*
`,
    },
  },
  {
    rule: 'aws/iam-policy-assume-any-role',
    tf: {
      flagged: iamPolicy(
        'hopper',
        `      {
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = "*"
      }`,
      ),
      clean: iamPolicy(
        'hopper',
        `      {
        Effect   = "Allow"
        Action   = "sts:AssumeRole"
        Resource = ["arn:aws:iam::444455556666:role/deploy"]
      }`,
        false,
      ),
    },
    cfn: {
      flagged: `Resources:
  Hopper:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: hopper
      Roles: [ci]
      PolicyDocument: #!
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: '*'
`,
      clean: `Resources:
  Hopper:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: hopper
      Roles: [ci]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: arn:aws:iam::444455556666:role/deploy
`,
    },
  },
  {
    rule: 'aws/iam-policy-secrets-read-all',
    tf: {
      flagged: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json #!
}

resource "aws_iam_policy" "params" {
  name = "params"
  policy = jsonencode({ #!
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ssm:GetParameters*", Resource = "*" }]
  })
}
`,
      clean: `data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/*"]
  }
  statement {
    actions   = ["ssm:DescribeParameters", "secretsmanager:ListSecrets"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "app" {
  name   = "app"
  role   = "app"
  policy = data.aws_iam_policy_document.app.json
}
`,
    },
    cfn: {
      flagged: `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: #!
        Statement:
          - Effect: Allow
            Action: [ssm:GetParameter, ssm:GetParametersByPath]
            Resource: '*'
`,
      clean: `Resources:
  AppPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [ssm:GetParameter]
            Resource: !Sub 'arn:aws:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/app/*'
`,
    },
  },
  {
    rule: 'aws/iam-user-inline-policy',
    tf: {
      flagged: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_user_policy" "ci" { #!
  name = "ci-read"
  user = aws_iam_user.ci.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-artifacts/*" }]
  })
}
`,
      clean: `resource "aws_iam_group" "ci" {
  name = "ci"
}

resource "aws_iam_group_policy" "ci" {
  name  = "ci-read"
  group = aws_iam_group.ci.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::example-artifacts/*" }]
  })
}
`,
    },
    cfn: {
      flagged: `Resources:
  Ci:
    Type: AWS::IAM::User
    Properties:
      UserName: ci
      Policies:
        - PolicyName: ci-read #!
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource: arn:aws:s3:::example-artifacts/*
`,
      clean: `Resources:
  Ci:
    Type: AWS::IAM::User
    Properties:
      UserName: ci
      Groups: [ci]
`,
    },
  },
  {
    rule: 'aws/iam-user-policy-attachment',
    tf: {
      flagged: `resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_policy_attachment" "alice" { #!
  user       = aws_iam_user.alice.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  users      = [aws_iam_user.alice.name] #!
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
      clean: `resource "aws_iam_group_policy_attachment" "readers" {
  group      = "readers"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "roles" {
  name       = "roles"
  roles      = ["app"]
  users      = []
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
    },
    cfn: {
      flagged: `Resources:
  Shared:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: shared
      Users: [alice] #!
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-artifacts/*
`,
      clean: `Resources:
  Shared:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: shared
      Groups: [readers]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-artifacts/*
`,
    },
  },
  {
    rule: 'aws/iam-administrator-access-attached',
    tf: {
      flagged: `locals {
  admin_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = "ops"
  policy_arn = local.admin_arn #!
}

resource "aws_iam_role" "break_glass" {
  name                = "break-glass"
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] #!
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = "arn:aws:iam::111122223333:root" } }]
  })
}
`,
      clean: `variable "policy_arn" {
  type = string
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = "ops"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "custom" {
  role       = "ops"
  policy_arn = var.policy_arn
}
`,
    },
    cfn: {
      flagged: `Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::111122223333:root}
            Action: sts:AssumeRole
      ManagedPolicyArns: #!
        - arn:aws:iam::aws:policy/AdministratorAccess
`,
      clean: `Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::111122223333:root}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
`,
    },
  },
  {
    rule: 'aws/iam-role-trust-public',
    tf: {
      flagged: `resource "aws_iam_role" "shared" {
  name = "shared"
  assume_role_policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
    }]
  })
}
`,
      clean: `resource "aws_iam_role" "org" {
  name = "org-shared"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }
    }]
  })
}

resource "aws_iam_role" "lambda" {
  name = "fn"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}
`,
    },
    cfn: {
      flagged: `Resources:
  Shared:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sts:AssumeRole
`,
      clean: `Resources:
  Fn:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
`,
    },
  },
  {
    rule: 'aws/iam-role-trust-github-any-repo',
    tf: {
      flagged: `data "aws_iam_policy_document" "gha" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "gha" {
  name               = "github-deploy"
  assume_role_policy = data.aws_iam_policy_document.gha.json #!
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# The provider ARN is known only after apply; the audience condition still says GitHub.
data "aws_iam_policy_document" "gha_ref" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "gha_ref" {
  name               = "github-ref"
  assume_role_policy = data.aws_iam_policy_document.gha_ref.json #!
}

resource "aws_iam_role" "gha_wide" {
  name = "github-wide"
  assume_role_policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
      Condition = { StringLike = { "token.actions.githubusercontent.com:sub" = "repo:*" } }
    }]
  })
}
`,
      clean: `data "aws_iam_policy_document" "gha" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:example-org/infra:ref:refs/heads/main"]
    }
  }
}

resource "aws_iam_role" "gha" {
  name               = "github-deploy"
  assume_role_policy = data.aws_iam_policy_document.gha.json
}

# A GitHub Enterprise issuer puts the enterprise slug in the condition keys.
resource "aws_iam_role" "gha_enterprise" {
  name = "github-enterprise"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/example-ent" }
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com/example-ent:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com/example-ent:sub" = "repo:example-ent/infra:*" }
      }
    }]
  })
}
`,
    },
    cfn: {
      flagged: `Resources:
  GitHubDeploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
`,
      clean: `Resources:
  GitHubDeploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal:
              Federated: !Sub arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com
            Condition:
              StringEquals:
                token.actions.githubusercontent.com:aud: sts.amazonaws.com
              StringLike:
                token.actions.githubusercontent.com:sub: repo:example-org/infra:*
`,
    },
  },
  {
    rule: 'aws/iam-role-trust-ci-oidc-any-subject',
    tf: {
      flagged: `resource "aws_iam_role" "gitlab" {
  name = "gitlab-deploy"
  assume_role_policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/gitlab.com" }
      Condition = { StringEquals = { "gitlab.com:aud" = "https://gitlab.com" } }
    }]
  })
}

data "aws_iam_policy_document" "tfc" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/app.terraform.io"]
    }
    condition {
      test     = "StringEquals"
      variable = "app.terraform.io:aud"
      values   = ["aws.workload.identity"]
    }
    condition {
      test     = "StringLike"
      variable = "app.terraform.io:sub"
      values   = ["organization:*"]
    }
  }
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-plan"
  assume_role_policy = data.aws_iam_policy_document.tfc.json #!
}
`,
      clean: `resource "aws_iam_role" "gitlab" {
  name = "gitlab-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/gitlab.com" }
      Condition = {
        StringEquals = { "gitlab.com:aud" = "https://gitlab.com" }
        StringLike   = { "gitlab.com:sub" = "project_path:example-group/infra:ref_type:branch:ref:main" }
      }
    }]
  })
}

data "aws_iam_policy_document" "tfc" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/app.terraform.io"]
    }
    condition {
      test     = "StringLike"
      variable = "app.terraform.io:sub"
      values   = ["organization:example-org:project:*:workspace:*:run_phase:*"]
    }
  }
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-plan"
  assume_role_policy = data.aws_iam_policy_document.tfc.json
}
`,
    },
    cfn: {
      flagged: `Resources:
  GitLabDeploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal: {Federated: arn:aws:iam::111122223333:oidc-provider/gitlab.com}
            Condition:
              StringLike:
                gitlab.com:sub: 'project_path:*'
`,
      clean: `Resources:
  GitLabDeploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sts:AssumeRoleWithWebIdentity
            Principal: {Federated: arn:aws:iam::111122223333:oidc-provider/gitlab.com}
            Condition:
              StringLike:
                gitlab.com:sub: 'project_path:example-group/*'
`,
    },
  },
  {
    rule: 'aws/iam-password-policy-min-length',
    tf: {
      flagged: `variable "min_length" {
  type    = number
  default = 8
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = var.min_length #!
  require_symbols                = true
  require_numbers                = true
  require_uppercase_characters   = true
  require_lowercase_characters   = true
  password_reuse_prevention      = 24
}
`,
      clean: `resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length      = 16
  require_symbols              = true
  require_numbers              = true
  require_uppercase_characters = true
  require_lowercase_characters = true
  password_reuse_prevention    = 24
}
`,
    },
  },
  {
    rule: 'aws/iam-password-policy-min-length',
    tf: {
      flagged: `resource "aws_iam_account_password_policy" "default_length" { #!
  require_symbols = true
}
`,
      clean: `variable "min_length" {
  type = number
}

resource "aws_iam_account_password_policy" "from_var" {
  minimum_password_length = var.min_length
}
`,
    },
  },
  ...(
    [
      ['require_symbols', 'symbols'],
      ['require_numbers', 'numbers'],
      ['require_uppercase_characters', 'uppercase'],
      ['require_lowercase_characters', 'lowercase'],
    ] as const
  ).map(([attr, what]): CloudCase => ({
    rule: `aws/iam-password-policy-${what}`,
    tf: {
      flagged: `resource "aws_iam_account_password_policy" "explicit" {
  minimum_password_length = 14
  ${attr} = false #!
}

resource "aws_iam_account_password_policy" "omitted" { #!
  minimum_password_length = 14
}
`,
      clean: `variable "required" {
  type = bool
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  ${attr} = true
}

resource "aws_iam_account_password_policy" "from_var" {
  ${attr} = var.required
}
`,
    },
  })),
  {
    rule: 'aws/iam-password-policy-reuse',
    tf: {
      flagged: `resource "aws_iam_account_password_policy" "short_memory" {
  minimum_password_length   = 14
  password_reuse_prevention = 5 #!
}

resource "aws_iam_account_password_policy" "omitted" { #!
  minimum_password_length = 14
}
`,
      clean: `resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length   = 14
  password_reuse_prevention = 24
}
`,
    },
  },
  {
    rule: 'aws/iam-password-policy-max-age',
    tf: {
      flagged: `resource "aws_iam_account_password_policy" "old" {
  minimum_password_length = 14
  max_password_age        = 365 #!
}
`,
      clean: `resource "aws_iam_account_password_policy" "ninety" {
  minimum_password_length = 14
  max_password_age        = 90
}

resource "aws_iam_account_password_policy" "nist" {
  minimum_password_length = 14
}
`,
    },
  },
  {
    rule: 'aws/iam-access-key-plaintext-secret',
    tf: {
      flagged: `resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci" { #!
  user = aws_iam_user.ci.name
}
`,
      clean: `variable "pgp_key" {
  type = string
}

resource "aws_iam_access_key" "ci" {
  user    = "ci"
  pgp_key = "keybase:example_ops"
}

resource "aws_iam_access_key" "from_var" {
  user    = "deploy"
  pgp_key = var.pgp_key
}

resource "aws_iam_access_key" "retired" {
  user   = "old"
  status = "Inactive"
}
`,
    },
  },
  {
    rule: 'aws/iam-login-profile-plaintext-password',
    tf: {
      flagged: `resource "aws_iam_user" "dev" {
  name = "dev"
}

resource "aws_iam_user_login_profile" "dev" { #!
  user                    = aws_iam_user.dev.name
  password_reset_required = true
}
`,
      clean: `resource "aws_iam_user_login_profile" "dev" {
  user                    = "dev"
  pgp_key                 = "keybase:example_ops"
  password_reset_required = true
}
`,
    },
  },
];
