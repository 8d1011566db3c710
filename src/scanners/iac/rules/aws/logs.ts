import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group';

export const logsGroupNotKmsEncrypted: CloudRule = {
  id: 'iac/aws/logs-group-not-kms-encrypted',
  title: 'CloudWatch log group is not encrypted with a KMS key',
  severity: 'low',
  cwe: [311],
  description: 'Log groups without a KMS key use service-managed encryption only, so any principal allowed to read logs can read them; logs often carry tokens and personal data.',
  remediation: 'Set `kms_key_id` on the aws_cloudwatch_log_group to a customer managed KMS key ARN (its key policy must allow the logs service).',
  references: [DOCS, 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html'],
  provider: 'aws',
  types: ['aws_cloudwatch_log_group'],
  check(r, report) {
    if (isUnset(r.attrs['kms_key_id'])) report(whereSet(r, 'kms_key_id'), 'The log group has no kms_key_id');
  },
};

export const logsRules: CloudRule[] = [logsGroupNotKmsEncrypted];
