/**
 * KMS, audit logging, messaging, secrets and account-service cases for the storage/identity
 * rules. Lines ending in `#!` are where the rule must report, exactly once each.
 */
import type { CloudCase } from './harness.js';

/** A trail with every control on; `extra` lines replace nothing, they are appended. */
const goodTrail = (name: string, extra = ''): string => `resource "aws_cloudtrail" "${name}" {
  name                          = "${name}"
  s3_bucket_name                = "example-trail-logs"
  is_multi_region_trail         = true
  enable_log_file_validation    = true
  include_global_service_events = true
  kms_key_id                    = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  cloud_watch_logs_group_arn    = "arn:aws:logs:eu-west-1:111122223333:log-group:trail:*"
  cloud_watch_logs_role_arn     = "arn:aws:iam::111122223333:role/trail-to-logs"
${extra}}
`;

/** A CloudFormation trail with every control on except the properties in `drop`, plus `extra`. */
const cfnTrail = (drop: string[], extra = ''): string => {
  const props: [string, string][] = [
    ['IsLogging', 'true'],
    ['S3BucketName', 'example-trail-logs'],
    ['IsMultiRegionTrail', 'true'],
    ['EnableLogFileValidation', 'true'],
    ['IncludeGlobalServiceEvents', 'true'],
    ['KMSKeyId', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['CloudWatchLogsLogGroupArn', 'arn:aws:logs:eu-west-1:111122223333:log-group:trail:*'],
    ['CloudWatchLogsRoleArn', 'arn:aws:iam::111122223333:role/trail-to-logs'],
  ];
  return `Resources:
  Trail:${drop.length > 0 ? ' #!' : ''}
    Type: AWS::CloudTrail::Trail
    Properties:
${props
  .filter(([k]) => !drop.includes(k))
  .map(([k, v]) => `      ${k}: '${v}'`)
  .join('\n')}
${extra}`;
};

/** A trail with one attribute dropped (the rule must report on the block line). */
const trailWithout = (attr: string): string =>
  goodTrail('main')
    .split('\n')
    .filter((l) => !l.trimStart().startsWith(`${attr} `))
    .join('\n')
    .replace('resource "aws_cloudtrail" "main" {', 'resource "aws_cloudtrail" "main" { #!');

const publicPolicy = (attr: string, action: string, resource: string): string => `  ${attr} = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "${action}"
      Resource  = "${resource}"
    }]
  })`;

const restrictedPolicy = (attr: string, action: string, resource: string, condition: string): string => `  ${attr} = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "${action}"
      Resource  = "${resource}"
      Condition = ${condition}
    }]
  })`;

export const kmsCases: CloudCase[] = [
  {
    rule: 'aws/kms-key-rotation-disabled',
    tf: {
      flagged: `variable "rotate" {
  type    = bool
  default = false
}

resource "aws_kms_key" "data" { #!
  description = "data key"
}

resource "aws_kms_key" "logs" {
  description         = "logs key"
  enable_key_rotation = var.rotate #!
}
`,
      clean: `variable "rotate" {
  type = bool
}

resource "aws_kms_key" "data" {
  description         = "data key"
  enable_key_rotation = true
}

resource "aws_kms_key" "signing" {
  description              = "asymmetric signing key"
  customer_master_key_spec = "RSA_2048"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "hmac" {
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_key" "unknown" {
  enable_key_rotation = var.rotate
}
`,
    },
    cfn: {
      flagged: `Resources:
  DataKey: #!
    Type: AWS::KMS::Key
    Properties:
      Description: data key
  LogsKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: false #!
`,
      clean: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
`,
    },
  },
  {
    rule: 'aws/kms-key-policy-public',
    tf: {
      flagged: `resource "aws_kms_key" "shared" {
  enable_key_rotation = true
${publicPolicy('policy', 'kms:*', '*')}
}

resource "aws_kms_key" "other" {
  enable_key_rotation = true
}

resource "aws_kms_key_policy" "other" {
  key_id = aws_kms_key.other.id
${publicPolicy('policy', 'kms:Decrypt', '*')}
}
`,
      clean: `resource "aws_kms_key" "shared" {
  enable_key_rotation = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
            "kms:ViaService"    = "s3.eu-west-1.amazonaws.com"
          }
        }
      }
    ]
  })
}
`,
    },
    cfn: {
      flagged: `Resources:
  Shared:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: kms:*
            Resource: '*'
`,
      clean: `Resources:
  Shared:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'}
            Action: kms:*
            Resource: '*'
`,
    },
  },
  {
    rule: 'aws/kms-key-lockout-check-bypassed',
    tf: {
      flagged: `resource "aws_kms_key" "data" {
  enable_key_rotation                = true
  bypass_policy_lockout_safety_check = true #!
}
`,
      clean: `resource "aws_kms_key" "data" {
  enable_key_rotation                = true
  bypass_policy_lockout_safety_check = false
}
`,
    },
    cfn: {
      flagged: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      BypassPolicyLockoutSafetyCheck: true #!
`,
      clean: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
`,
    },
  },
];

export const cloudtrailCases: CloudCase[] = [
  {
    rule: 'aws/cloudtrail-not-multi-region',
    tf: {
      flagged:
        trailWithout('is_multi_region_trail') +
        `
${goodTrail('second').replace('is_multi_region_trail         = true', 'is_multi_region_trail         = false #!')}`,
      clean: goodTrail('main'),
    },
    cfn: { flagged: cfnTrail(['IsMultiRegionTrail']), clean: cfnTrail([]) },
  },
  {
    rule: 'aws/cloudtrail-log-validation-disabled',
    tf: {
      flagged: trailWithout('enable_log_file_validation'),
      clean: goodTrail('main'),
    },
    cfn: { flagged: cfnTrail(['EnableLogFileValidation']), clean: cfnTrail([]) },
  },
  {
    rule: 'aws/cloudtrail-not-kms-encrypted',
    tf: {
      flagged: trailWithout('kms_key_id'),
      clean:
        goodTrail('main') +
        `
variable "key" {
  type = string
}
` +
        goodTrail('other').replace(/ {2}kms_key_id .*\n/, '  kms_key_id = var.key\n'),
    },
    cfn: { flagged: cfnTrail(['KMSKeyId']), clean: cfnTrail([]) },
  },
  {
    rule: 'aws/cloudtrail-no-cloudwatch-logs',
    tf: {
      flagged: trailWithout('cloud_watch_logs_group_arn'),
      clean: goodTrail('main'),
    },
    cfn: { flagged: cfnTrail(['CloudWatchLogsLogGroupArn']), clean: cfnTrail([]) },
  },
  {
    rule: 'aws/cloudtrail-global-events-disabled',
    tf: {
      flagged: goodTrail('main').replace('include_global_service_events = true', 'include_global_service_events = false #!'),
      clean: goodTrail('main') + trailWithout('include_global_service_events').replace(' #!', '').replace('"main"', '"defaults"'),
    },
    cfn: {
      flagged: cfnTrail([]).replace("IncludeGlobalServiceEvents: 'true'", 'IncludeGlobalServiceEvents: false #!'),
      clean: cfnTrail([]),
    },
  },
  {
    rule: 'aws/cloudtrail-logging-disabled',
    tf: {
      flagged: goodTrail('main', '  enable_logging = false #!\n'),
      clean: goodTrail('main', '  enable_logging = true\n'),
    },
    cfn: {
      flagged: cfnTrail([]).replace("IsLogging: 'true'", 'IsLogging: false #!'),
      clean: cfnTrail([]),
    },
  },
];

export const configCases: CloudCase[] = [
  {
    rule: 'aws/config-recorder-not-all-resources',
    tf: {
      flagged: `resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported  = false #!
    resource_types = ["AWS::EC2::Instance"]
  }
}
`,
      clean: `resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = true
  }
}

resource "aws_config_configuration_recorder" "defaults" {
  name     = "defaults"
  role_arn = "arn:aws:iam::111122223333:role/config"
}
`,
    },
    cfn: {
      flagged: `Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::111122223333:role/config
      RecordingGroup:
        AllSupported: false #!
        ResourceTypes: [AWS::EC2::Instance]
`,
      clean: `Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::111122223333:role/config
      RecordingGroup:
        AllSupported: true
        IncludeGlobalResourceTypes: true
`,
    },
  },
  {
    rule: 'aws/config-recorder-no-global-resources',
    tf: {
      flagged: `resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = false #!
  }
}
`,
      clean: `variable "global" {
  type = bool
}

resource "aws_config_configuration_recorder" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/config"
  recording_group {
    all_supported                 = true
    include_global_resource_types = var.global
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::111122223333:role/config
      RecordingGroup:
        AllSupported: true
        IncludeGlobalResourceTypes: false #!
`,
      clean: `Resources:
  Recorder:
    Type: AWS::Config::ConfigurationRecorder
    Properties:
      RoleARN: arn:aws:iam::111122223333:role/config
      RecordingGroup:
        AllSupported: true
        IncludeGlobalResourceTypes: true
`,
    },
  },
  {
    rule: 'aws/config-recorder-disabled',
    tf: {
      flagged: `resource "aws_config_configuration_recorder_status" "main" {
  name       = "main"
  is_enabled = false #!
}
`,
      clean: `resource "aws_config_configuration_recorder_status" "main" {
  name       = "main"
  is_enabled = true
}
`,
    },
  },
  {
    rule: 'aws/config-aggregator-not-all-regions',
    tf: {
      flagged: `resource "aws_config_configuration_aggregator" "org" {
  name = "org"
  organization_aggregation_source {
    regions  = ["eu-west-1", "us-east-1"] #!
    role_arn = "arn:aws:iam::111122223333:role/config-aggregator"
  }
}

resource "aws_config_configuration_aggregator" "accounts" {
  name = "accounts"
  account_aggregation_source {
    account_ids = ["111122223333"]
    all_regions = false #!
    regions     = ["eu-west-1"]
  }
}
`,
      clean: `resource "aws_config_configuration_aggregator" "org" {
  name = "org"
  organization_aggregation_source {
    all_regions = true
    role_arn    = "arn:aws:iam::111122223333:role/config-aggregator"
  }
}
`,
    },
    cfn: {
      flagged: `Resources:
  Org:
    Type: AWS::Config::ConfigurationAggregator
    Properties:
      ConfigurationAggregatorName: org
      OrganizationAggregationSource:
        RoleArn: arn:aws:iam::111122223333:role/config-aggregator
        AwsRegions: [eu-west-1, us-east-1] #!
  Accounts:
    Type: AWS::Config::ConfigurationAggregator
    Properties:
      AccountAggregationSources:
        - AccountIds: ['111122223333']
          AllAwsRegions: false #!
          AwsRegions: [eu-west-1]
`,
      clean: `Resources:
  Org:
    Type: AWS::Config::ConfigurationAggregator
    Properties:
      ConfigurationAggregatorName: org
      OrganizationAggregationSource:
        RoleArn: arn:aws:iam::111122223333:role/config-aggregator
        AllAwsRegions: true
`,
    },
  },
];

export const messagingCases: CloudCase[] = [
  {
    rule: 'aws/sns-topic-not-encrypted',
    tf: {
      flagged: `resource "aws_sns_topic" "alerts" { #!
  name = "alerts"
}

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = "" #!
}
`,
      clean: `variable "key" {
  type = string
}

resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "orders" {
  name              = "orders"
  kms_master_key_id = var.key
}
`,
    },
    cfn: {
      flagged: `Resources:
  Alerts: #!
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts
`,
      clean: `Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts
      KmsMasterKeyId: alias/aws/sns
`,
    },
  },
  {
    rule: 'aws/sns-topic-policy-public',
    tf: {
      flagged: `resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_policy" "events" {
  arn = aws_sns_topic.events.arn
${publicPolicy('policy', 'SNS:Publish', 'arn:aws:sns:eu-west-1:111122223333:events')}
}
`,
      clean: `resource "aws_sns_topic_policy" "events" {
  arn = "arn:aws:sns:eu-west-1:111122223333:events"
${restrictedPolicy('policy', 'SNS:Publish', 'arn:aws:sns:eu-west-1:111122223333:events', '{ StringEquals = { "AWS:SourceOwner" = "111122223333" } }')}
}
`,
    },
    cfn: {
      flagged: `Resources:
  EventsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [arn:aws:sns:eu-west-1:111122223333:events]
      PolicyDocument: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sns:Publish
            Resource: '*'
`,
      clean: `Resources:
  EventsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [arn:aws:sns:eu-west-1:111122223333:events]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sns:Publish
            Resource: '*'
`,
    },
  },
  {
    rule: 'aws/sns-subscription-http',
    tf: {
      flagged: `resource "aws_sns_topic_subscription" "hook" {
  topic_arn = "arn:aws:sns:eu-west-1:111122223333:events"
  protocol  = "http" #!
  endpoint  = "http://hooks.example.com/events"
}
`,
      clean: `resource "aws_sns_topic_subscription" "hook" {
  topic_arn = "arn:aws:sns:eu-west-1:111122223333:events"
  protocol  = "https"
  endpoint  = "https://hooks.example.com/events"
}

resource "aws_sns_topic_subscription" "queue" {
  topic_arn = "arn:aws:sns:eu-west-1:111122223333:events"
  protocol  = "sqs"
  endpoint  = "arn:aws:sqs:eu-west-1:111122223333:events"
}
`,
    },
    cfn: {
      flagged: `Resources:
  Hook:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: arn:aws:sns:eu-west-1:111122223333:events
      Protocol: http #!
      Endpoint: http://hooks.example.com/events
`,
      clean: `Resources:
  Hook:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: arn:aws:sns:eu-west-1:111122223333:events
      Protocol: https
      Endpoint: https://hooks.example.com/events
`,
    },
  },
  {
    rule: 'aws/sqs-queue-not-encrypted',
    tf: {
      flagged: `resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false #!
}
`,
      clean: `variable "sse" {
  type = bool
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "from_var" {
  name                    = "from-var"
  sqs_managed_sse_enabled = var.sse
}

resource "aws_sqs_queue" "kms" {
  name                    = "kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = "alias/jobs"
}
`,
    },
    cfn: {
      flagged: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false #!
`,
      clean: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
`,
    },
  },
  {
    rule: 'aws/sqs-queue-policy-public',
    tf: {
      flagged: `resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = aws_sqs_queue.jobs.id
${publicPolicy('policy', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:jobs')}
}

resource "aws_sqs_queue" "events" {
  name = "events"
}

# The queue ARN is a reference known after apply.
resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy = jsonencode({ #!
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.events.arn
    }]
  })
}
`,
      clean: `resource "aws_sqs_queue" "events" {
  name = "events"
}

resource "aws_sns_topic" "events" {
  name              = "events"
  kms_master_key_id = "alias/aws/sns"
}

# Written as a heredoc with references: the source-ARN condition restricts who can send.
resource "aws_sqs_queue_policy" "events" {
  queue_url = aws_sqs_queue.events.id
  policy    = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": "*",
    "Action": "sqs:SendMessage",
    "Resource": "\${aws_sqs_queue.events.arn}",
    "Condition": {"ArnEquals": {"aws:SourceArn": "\${aws_sns_topic.events.arn}"}}
  }]
}
POLICY
}

resource "aws_sqs_queue_policy" "jobs" {
  queue_url = "https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"
${restrictedPolicy('policy', 'sqs:SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:jobs', '{ ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:111122223333:events" } }')}
}
`,
    },
    cfn: {
      flagged: `Resources:
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.eu-west-1.amazonaws.com/111122223333/jobs]
      PolicyDocument: #!
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sqs:*
            Resource: '*'
`,
      clean: `Resources:
  JobsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.eu-west-1.amazonaws.com/111122223333/jobs]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sqs:SendMessage
            Resource: '*'
            Condition:
              ArnEquals:
                aws:SourceArn: arn:aws:sns:eu-west-1:111122223333:events
`,
    },
  },
  {
    rule: 'aws/secretsmanager-secret-no-cmk',
    tf: {
      flagged: `resource "aws_secretsmanager_secret" "db" { #!
  name = "prod/db"
}

resource "aws_secretsmanager_secret" "api" {
  name       = "prod/api"
  kms_key_id = "alias/aws/secretsmanager" #!
}
`,
      clean: `variable "key" {
  type = string
}

resource "aws_secretsmanager_secret" "db" {
  name       = "prod/db"
  kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_secretsmanager_secret" "api" {
  name       = "prod/api"
  kms_key_id = var.key
}
`,
    },
    cfn: {
      flagged: `Resources:
  Db: #!
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/db
`,
      clean: `Resources:
  Db:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: prod/db
      KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  },
  {
    rule: 'aws/secretsmanager-secret-policy-public',
    tf: {
      flagged: `resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db"
${publicPolicy('policy', 'secretsmanager:GetSecretValue', '*')}
}
`,
      clean: `resource "aws_secretsmanager_secret_policy" "db" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db"
${restrictedPolicy('policy', 'secretsmanager:GetSecretValue', '*', '{ StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }')}
}
`,
    },
    cfn: {
      flagged: `Resources:
  DbPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db
      ResourcePolicy: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: secretsmanager:GetSecretValue
            Resource: '*'
`,
      clean: `Resources:
  DbPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db
      BlockPublicPolicy: true
      ResourcePolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: arn:aws:iam::111122223333:role/app}
            Action: secretsmanager:GetSecretValue
            Resource: '*'
`,
    },
  },
  {
    rule: 'aws/logs-group-not-kms-encrypted',
    tf: {
      flagged: `resource "aws_cloudwatch_log_group" "app" { #!
  name              = "/app/api"
  retention_in_days = 365
}

variable "log_key" {
  type    = string
  default = ""
}

resource "aws_cloudwatch_log_group" "worker" {
  name       = "/app/worker"
  kms_key_id = var.log_key #!
}
`,
      clean: `variable "key_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
  kms_key_id        = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_cloudwatch_log_group" "worker" {
  name       = "/app/worker"
  kms_key_id = var.key_arn
}
`,
    },
    cfn: {
      flagged: `Resources:
  Api: #!
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/api
      RetentionInDays: 365
`,
      clean: `Resources:
  Api:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/api
      KmsKeyId: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  },
  {
    rule: 'aws/ssm-parameter-secret-not-securestring',
    tf: {
      flagged: `locals {
  params = {
    "/prod/db/password" = "String"
    "/prod/db/host"     = "String"
  }
}

resource "aws_ssm_parameter" "p" {
  for_each = local.params
  name     = each.key
  type     = each.value #!
  value    = "placeholder"
}

resource "aws_ssm_parameter" "token" {
  name  = "/ci/GITHUB_TOKEN"
  type  = "StringList" #!
  value = "a,b"
}
`,
      clean: `variable "type" {
  type = string
}

resource "aws_ssm_parameter" "password" {
  name  = "/prod/db/password"
  type  = "SecureString"
  value = "placeholder"
}

resource "aws_ssm_parameter" "secret_arn" {
  name  = "/prod/db/secret_arn"
  type  = "String"
  value = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db"
}

resource "aws_ssm_parameter" "host" {
  name  = "/prod/db/host"
  type  = "String"
  value = "db.internal"
}

resource "aws_ssm_parameter" "unknown" {
  name  = "/prod/api/token"
  type  = var.type
  value = "placeholder"
}
`,
    },
    cfn: {
      flagged: `Resources:
  DbPassword:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /prod/db/password
      Type: String #!
      Value: placeholder
`,
      clean: `Parameters:
  ParamType:
    Type: String
Resources:
  DbHost:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /prod/db/host
      Type: String
      Value: db.internal
  ApiToken:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /prod/api/token
      Type: !Ref ParamType
      Value: placeholder
`,
    },
  },
  {
    rule: 'aws/ssm-document-public',
    tf: {
      flagged: `resource "aws_ssm_document" "setup" {
  name          = "setup"
  document_type = "Command"
  content       = "{}"
  permissions = {
    type        = "Share"
    account_ids = "All" #!
  }
}
`,
      clean: `resource "aws_ssm_document" "setup" {
  name          = "setup"
  document_type = "Command"
  content       = "{}"
  permissions = {
    type        = "Share"
    account_ids = "111122223333,444455556666"
  }
}
`,
    },
  },
  {
    rule: 'aws/guardduty-detector-disabled',
    tf: {
      flagged: `resource "aws_guardduty_detector" "main" {
  enable = false #!
}
`,
      clean: `variable "enabled" {
  type = bool
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector" "defaults" {}

resource "aws_guardduty_detector" "from_var" {
  enable = var.enabled
}
`,
    },
    cfn: {
      flagged: `Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: false #!
`,
      clean: `Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: true
`,
    },
  },
  {
    rule: 'aws/guardduty-s3-protection-disabled',
    tf: {
      flagged: `resource "aws_guardduty_detector" "main" {
  enable = true
  datasources {
    s3_logs {
      enable = false #!
    }
  }
}

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.main.id
  name        = "S3_DATA_EVENTS"
  status      = "DISABLED" #!
}
`,
      clean: `resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "s3" {
  detector_id = aws_guardduty_detector.main.id
  name        = "S3_DATA_EVENTS"
  status      = "ENABLED"
}

resource "aws_guardduty_detector_feature" "eks" {
  detector_id = aws_guardduty_detector.main.id
  name        = "EKS_AUDIT_LOGS"
  status      = "DISABLED"
}
`,
    },
    cfn: {
      flagged: `Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: true
      DataSources:
        S3Logs:
          Enable: false #!
`,
      clean: `Resources:
  Detector:
    Type: AWS::GuardDuty::Detector
    Properties:
      Enable: true
      DataSources:
        S3Logs:
          Enable: true
`,
    },
  },
  {
    rule: 'aws/backup-vault-no-cmk',
    tf: {
      flagged: `resource "aws_backup_vault" "main" { #!
  name = "main"
}
`,
      clean: `variable "key_arn" {
  type = string
}

resource "aws_backup_vault" "main" {
  name        = "main"
  kms_key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_backup_vault" "dr" {
  name        = "dr"
  kms_key_arn = var.key_arn
}
`,
    },
    cfn: {
      flagged: `Resources:
  Vault: #!
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: main
`,
      clean: `Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: main
      EncryptionKeyArn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`,
    },
  },
  {
    rule: 'aws/backup-vault-policy-public',
    tf: {
      flagged: `resource "aws_backup_vault_policy" "main" {
  backup_vault_name = "main"
${publicPolicy('policy', 'backup:CopyIntoBackupVault', '*')}
}
`,
      clean: `resource "aws_backup_vault_policy" "main" {
  backup_vault_name = "main"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"]
      Resource  = "*"
    }]
  })
}
`,
    },
    cfn: {
      flagged: `Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: main
      EncryptionKeyArn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
      AccessPolicy: #!
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: backup:CopyIntoBackupVault
            Resource: '*'
`,
      clean: `Resources:
  Vault:
    Type: AWS::Backup::BackupVault
    Properties:
      BackupVaultName: main
      EncryptionKeyArn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
      AccessPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: backup:CopyIntoBackupVault
            Resource: '*'
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`,
    },
  },
  {
    rule: 'aws/glacier-vault-policy-public',
    tf: {
      flagged: `resource "aws_glacier_vault" "archive" {
  name = "archive"
${publicPolicy('access_policy', 'glacier:InitiateJob', 'arn:aws:glacier:eu-west-1:111122223333:vaults/archive')}
}
`,
      clean: `variable "vault_policy" {
  type = string
}

resource "aws_glacier_vault" "archive" {
  name = "archive"
${restrictedPolicy('access_policy', 'glacier:InitiateJob', 'arn:aws:glacier:eu-west-1:111122223333:vaults/archive', '{ IpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] } }')}
}

resource "aws_glacier_vault" "other" {
  name          = "other"
  access_policy = var.vault_policy
}
`,
    },
  },
  {
    rule: 'aws/cloudwatch-event-bus-public',
    tf: {
      flagged: `resource "aws_cloudwatch_event_permission" "any" {
  principal    = "*" #!
  statement_id = "AnyAccount"
}

resource "aws_cloudwatch_event_bus_policy" "bus" {
  event_bus_name = "orders"
${publicPolicy('policy', 'events:PutEvents', 'arn:aws:events:eu-west-1:111122223333:event-bus/orders')}
}
`,
      clean: `resource "aws_cloudwatch_event_permission" "org" {
  principal    = "*"
  statement_id = "Org"
  condition {
    key   = "aws:PrincipalOrgID"
    type  = "StringEquals"
    value = "o-a1b2c3d4e5"
  }
}

resource "aws_cloudwatch_event_permission" "partner" {
  principal    = "444455556666"
  statement_id = "Partner"
}

variable "principal" {
  type = string
}

resource "aws_cloudwatch_event_permission" "from_var" {
  principal    = var.principal
  statement_id = "FromVar"
}
`,
    },
    cfn: {
      flagged: `Resources:
  AnyAccount:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: AnyAccount
      Action: events:PutEvents
      Principal: '*' #!
  WithStatement:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: Open
      Statement:
        Effect: Allow
        Principal: '*' #!
        Action: events:PutEvents
        Resource: arn:aws:events:eu-west-1:111122223333:event-bus/default
`,
      clean: `Resources:
  Org:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: Org
      Action: events:PutEvents
      Principal: '*'
      Condition:
        Type: StringEquals
        Key: aws:PrincipalOrgID
        Value: o-a1b2c3d4e5
  Partner:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: Partner
      Action: events:PutEvents
      Principal: '444455556666'
`,
    },
  },
];

/** Source-IP conditions of 0.0.0.0/0 do not restrict anyone. */
export const edgeCases: CloudCase[] = [
  {
    rule: 'aws/s3-bucket-policy-public',
    tf: {
      flagged: `resource "aws_s3_bucket_policy" "ip" {
  bucket = "example-ip"
${restrictedPolicy('policy', 's3:GetObject', 'arn:aws:s3:::example-ip/*', '{ IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }').replace('jsonencode({', 'jsonencode({ #!')}
}
`,
      clean: `resource "aws_s3_bucket_policy" "ip" {
  bucket = "example-ip"
${restrictedPolicy('policy', 's3:GetObject', 'arn:aws:s3:::example-ip/*', '{ IpAddress = { "aws:SourceIp" = "198.51.100.0/24" } }')}
}
`,
    },
  },
];

/** CloudFormation inline-policy types (2023) that stay raw: their bare PolicyDocument is read. */
export const rawPolicyCases: CloudCase[] = [
  {
    rule: 'aws/iam-policy-admin',
    cfn: {
      flagged: `Resources:
  OpsAdmin:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: ops
      PolicyName: admin
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: '*' #!
            Resource: '*'
`,
      clean: `Resources:
  OpsRead:
    Type: AWS::IAM::GroupPolicy
    Properties:
      GroupName: ops
      PolicyName: read
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: [s3:GetObject]
            Resource: arn:aws:s3:::example-data/*
`,
    },
  },
  {
    rule: 'aws/iam-user-inline-policy',
    cfn: {
      flagged: `Resources:
  CiRead: #!
    Type: AWS::IAM::UserPolicy
    Properties:
      UserName: ci
      PolicyName: read
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-artifacts/*
`,
      clean: `Resources:
  CiRead:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: ci
      PolicyName: read
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-artifacts/*
`,
    },
  },
  {
    rule: 'aws/sqs-queue-policy-public',
    cfn: {
      flagged: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
  JobsPolicy:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Jobs
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*' #!
            Action: sqs:SendMessage
            Resource: !GetAtt Jobs.Arn
`,
      clean: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
  JobsPolicy:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref Jobs
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: sns.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Jobs.Arn
`,
    },
  },
  {
    rule: 'aws/sns-topic-policy-public',
    cfn: {
      flagged: `Resources:
  Events:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  EventsPolicy:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      TopicArn: !Ref Events
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'} #!
            Action: sns:Subscribe
            Resource: !Ref Events
`,
      clean: `Resources:
  Events:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  EventsPolicy:
    Type: AWS::SNS::TopicInlinePolicy
    Properties:
      TopicArn: !Ref Events
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: '*'}
            Action: sns:Subscribe
            Resource: !Ref Events
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`,
    },
  },
];
