import { isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isUnset } from './kms-util.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

/** SQS queues. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const sqsQueueNotEncrypted: CloudRule = {
  id: 'iac/aws/sqs-queue-not-encrypted',
  title: 'SQS queue encryption is turned off',
  severity: 'medium',
  cwe: [311],
  description: 'With SQS-managed encryption switched off and no KMS key, messages sit unencrypted at rest in the queue.',
  remediation: 'Remove `sqs_managed_sse_enabled = false` (SSE-SQS is on by default) or set `kms_master_key_id`.',
  references: [`${DOCS}sqs_queue`, 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html'],
  provider: 'aws',
  types: ['aws_sqs_queue'],
  check(r, report) {
    // New queues get SSE-SQS unless it is explicitly turned off.
    if (isFalse(r.attrs['sqs_managed_sse_enabled']) && isUnset(r.attrs['kms_master_key_id'])) report('sqs_managed_sse_enabled', 'Server-side encryption is disabled and no KMS key is set');
  },
};

export const sqsQueuePolicyPublic: CloudRule = {
  id: 'iac/aws/sqs-queue-policy-public',
  title: 'SQS queue policy allows any principal',
  severity: 'high',
  cwe: [732],
  description: 'A queue policy statement allowing `Principal: "*"` with no condition such as aws:SourceArn lets anyone send, read or delete messages.',
  remediation: 'Name the allowed principals, or add an `aws:SourceArn` / `aws:SourceAccount` condition (e.g. the SNS topic or S3 bucket that sends to the queue).',
  references: [`${DOCS}sqs_queue_policy`, 'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html'],
  provider: 'aws',
  types: ['aws_sqs_queue_policy', 'aws_sqs_queue', 'AWS::SQS::QueueInlinePolicy'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The queue policy');
  },
};

export const sqsRules: CloudRule[] = [sqsQueueNotEncrypted, sqsQueuePolicyPublic];
