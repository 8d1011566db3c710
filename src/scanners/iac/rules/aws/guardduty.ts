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
  // AWS::GuardDuty::Detector has no translation: its raw `Enable` is read.
  types: ['aws_guardduty_detector', 'AWS::GuardDuty::Detector'],
  check(r, report) {
    const key = r.type === 'AWS::GuardDuty::Detector' ? 'Enable' : 'enable';
    if (isFalse(r.attrs[key])) report(key, 'The GuardDuty detector is disabled');
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
  types: ['aws_guardduty_detector', 'aws_guardduty_detector_feature', 'AWS::GuardDuty::Detector'],
  check(r, report) {
    if (r.type === 'AWS::GuardDuty::Detector') {
      if (isFalse(get(r.attrs, 'DataSources.S3Logs.Enable'))) report('DataSources.S3Logs.Enable', 'S3 protection is disabled');
      const features = r.attrs['Features'];
      if (Array.isArray(features)) {
        features.forEach((f, i) => {
          if (str(get(f, 'Name')) === 'S3_DATA_EVENTS' && str(get(f, 'Status')) === 'DISABLED') report(`Features.${i}.Status`, 'S3 protection is disabled');
        });
      }
      return;
    }
    if (r.type === 'aws_guardduty_detector') {
      if (isFalse(get(r.attrs, 'datasources.0.s3_logs.0.enable'))) report('datasources.0.s3_logs.0.enable', 'S3 protection is disabled');
      return;
    }
    if (str(r.attrs['name']) === 'S3_DATA_EVENTS' && str(r.attrs['status']) === 'DISABLED') report('status', 'S3 protection is disabled');
  },
};

export const guarddutyRules: CloudRule[] = [guarddutyDetectorDisabled, guarddutyS3ProtectionDisabled];
