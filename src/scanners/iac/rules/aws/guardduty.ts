import { get, isFalse, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

/** GuardDuty detectors. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const guarddutyDetectorDisabled: CloudRule = {
  id: 'iac/aws/guardduty-detector-disabled',
  title: 'GuardDuty detector is disabled',
  severity: 'medium',
  cwe: [778],
  description: 'A disabled GuardDuty detector produces no threat findings, so compromised credentials, crypto-mining and reconnaissance go undetected.',
  remediation: 'Set `enable = true` on the aws_guardduty_detector (the default).',
  references: [`${DOCS}guardduty_detector`],
  provider: 'aws',
  types: ['aws_guardduty_detector'],
  check(r, report) {
    if (isFalse(r.attrs['enable'])) report('enable', 'The GuardDuty detector is disabled');
  },
};

export const guarddutyS3ProtectionDisabled: CloudRule = {
  id: 'iac/aws/guardduty-s3-protection-disabled',
  title: 'GuardDuty S3 protection is turned off',
  severity: 'low',
  cwe: [778],
  description: 'Without S3 protection GuardDuty does not analyse S3 data events, so unusual reads or deletions in buckets (data exfiltration) raise no finding.',
  remediation: 'Set `status = "ENABLED"` on the aws_guardduty_detector_feature named S3_DATA_EVENTS (or `datasources { s3_logs { enable = true } }` on the detector).',
  references: [`${DOCS}guardduty_detector_feature`, 'https://docs.aws.amazon.com/guardduty/latest/ug/s3-protection.html'],
  provider: 'aws',
  types: ['aws_guardduty_detector', 'aws_guardduty_detector_feature'],
  check(r, report) {
    if (r.type === 'aws_guardduty_detector') {
      if (isFalse(get(r.attrs, 'datasources.0.s3_logs.0.enable'))) report('datasources.0.s3_logs.0.enable', 'S3 protection is disabled');
      return;
    }
    if (str(r.attrs['name']) === 'S3_DATA_EVENTS' && str(r.attrs['status']) === 'DISABLED') report('status', 'S3 protection is disabled');
  },
};

export const guarddutyRules: CloudRule[] = [guarddutyDetectorDisabled, guarddutyS3ProtectionDisabled];
