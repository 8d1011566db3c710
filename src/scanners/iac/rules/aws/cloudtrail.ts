import type { Resource } from '../../model/resource.js';
import { isAbsent, isFalse } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';

/** CloudTrail trails: coverage, integrity, encryption and delivery of the audit log. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail';
const BP = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html';

/** A boolean whose provider default is false: false or absent is a finding. */
function offByDefault(r: Resource, attr: string, report: CloudReport, message: string): void {
  const v = r.attrs[attr];
  if (isFalse(v)) report(attr, message);
  else if (isAbsent(v)) report(null, `${message} (${attr} defaults to false)`);
}

export const cloudtrailNotMultiRegion: CloudRule = {
  id: 'iac/aws/cloudtrail-not-multi-region',
  title: 'CloudTrail trail does not cover all regions',
  severity: 'medium',
  cwe: [778],
  description: 'A single-region trail misses API activity in every other region, where an attacker can create resources unobserved.',
  remediation: 'Set `is_multi_region_trail = true` on the aws_cloudtrail.',
  references: [DOCS, BP],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    offByDefault(r, 'is_multi_region_trail', report, 'The trail records only its own region');
  },
};

export const cloudtrailLogValidationDisabled: CloudRule = {
  id: 'iac/aws/cloudtrail-log-validation-disabled',
  title: 'CloudTrail log file validation is disabled',
  severity: 'medium',
  cwe: [354],
  description: 'Without log file validation there are no signed digest files, so deleted or altered log files cannot be detected.',
  remediation: 'Set `enable_log_file_validation = true` on the aws_cloudtrail.',
  references: [DOCS, 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html'],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    offByDefault(r, 'enable_log_file_validation', report, 'Log file integrity validation is off');
  },
};

export const cloudtrailNotKmsEncrypted: CloudRule = {
  id: 'iac/aws/cloudtrail-not-kms-encrypted',
  title: 'CloudTrail logs are not encrypted with a KMS key',
  severity: 'medium',
  cwe: [311],
  description: 'Without a KMS key the trail uses S3-managed encryption only, so anyone with read access to the bucket can read the logs; SSE-KMS adds a separate key permission and an audit trail of decryption.',
  remediation: 'Set `kms_key_id` on the aws_cloudtrail to a customer managed KMS key ARN.',
  references: [DOCS, 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html'],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    if (isUnset(r.attrs['kms_key_id'])) report(whereSet(r, 'kms_key_id'), 'The trail has no kms_key_id');
  },
};

export const cloudtrailNoCloudWatchLogs: CloudRule = {
  id: 'iac/aws/cloudtrail-no-cloudwatch-logs',
  title: 'CloudTrail trail is not sent to CloudWatch Logs',
  severity: 'low',
  cwe: [778],
  description: 'A trail that only writes to S3 cannot drive metric filters and alarms, so suspicious API calls (root logins, policy changes) go unnoticed until someone reads the files.',
  remediation: 'Set `cloud_watch_logs_group_arn` (with `cloud_watch_logs_role_arn`) on the aws_cloudtrail.',
  references: [DOCS, 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html'],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    if (isUnset(r.attrs['cloud_watch_logs_group_arn'])) report(whereSet(r, 'cloud_watch_logs_group_arn'), 'The trail has no cloud_watch_logs_group_arn');
  },
};

export const cloudtrailGlobalEventsDisabled: CloudRule = {
  id: 'iac/aws/cloudtrail-global-events-disabled',
  title: 'CloudTrail trail excludes global service events',
  severity: 'medium',
  cwe: [778],
  description: 'With include_global_service_events off, IAM, STS and CloudFront API calls are not recorded by the trail.',
  remediation: 'Remove `include_global_service_events = false` (the default is true).',
  references: [DOCS],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    if (isFalse(r.attrs['include_global_service_events'])) report('include_global_service_events', 'Global service events (IAM, STS) are excluded');
  },
};

export const cloudtrailLoggingDisabled: CloudRule = {
  id: 'iac/aws/cloudtrail-logging-disabled',
  title: 'CloudTrail trail logging is turned off',
  severity: 'high',
  cwe: [778],
  description: 'A trail with enable_logging = false records nothing, leaving no audit log of API activity.',
  remediation: 'Remove `enable_logging = false` (the default is true).',
  references: [DOCS],
  provider: 'aws',
  types: ['aws_cloudtrail'],
  check(r, report) {
    if (isFalse(r.attrs['enable_logging'])) report('enable_logging', 'The trail is not logging');
  },
};

export const cloudtrailRules: CloudRule[] = [
  cloudtrailNotMultiRegion,
  cloudtrailLogValidationDisabled,
  cloudtrailNotKmsEncrypted,
  cloudtrailNoCloudWatchLogs,
  cloudtrailGlobalEventsDisabled,
  cloudtrailLoggingDisabled,
];
