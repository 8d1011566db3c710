/** EMR security configurations and account-level block public access. */
import { isUnknown, type Value } from '../../model/value.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, field, flagFalse, jsonDoc } from './rds-util.js';

/**
 * Whether a known security configuration leaves `EncryptionConfiguration.<key>` off: set to
 * false, or not there at all (no EncryptionConfiguration section means no encryption). Unknown
 * documents or sections are not off.
 */
function encryptionOff(config: Value | undefined, key: string): boolean {
  const doc = jsonDoc(config);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || isUnknown(doc)) return false;
  const enc = field(doc, 'EncryptionConfiguration');
  if (enc === undefined) return true;
  if (typeof enc !== 'object' || enc === null || isUnknown(enc)) return false;
  const v = field(enc, key);
  return v === undefined || v === false || v === 'false';
}

export const emrAtRestDisabled = awsRule({
  id: 'emr-at-rest-encryption-disabled',
  title: 'EMR security configuration does not encrypt data at rest',
  severity: 'medium',
  cwe: [311],
  description: 'Clusters using this security configuration, or launched without any (`aws_emr_cluster` with no `security_configuration`), write EMRFS data in S3 and local disks (HDFS, spill) without EMR encryption.',
  remediation: 'Set `"EnableAtRestEncryption": true` with `AtRestEncryptionConfiguration` (S3 and local disk), and attach the security configuration to every cluster with `security_configuration`.',
  types: ['aws_emr_security_configuration', 'aws_emr_cluster'],
  check(r, report) {
    if (r.type === 'aws_emr_cluster') {
      // No security configuration at all: neither at-rest nor in-transit encryption is turned on.
      const sc = r.attrs['security_configuration'];
      if (sc === undefined || sc === null) report(null, `${r.address} has no security_configuration, so local disks and EMRFS data are not encrypted by EMR`);
      return;
    }
    if (encryptionOff(r.attrs['configuration'], 'EnableAtRestEncryption')) report('configuration', `${r.address} disables at-rest encryption`);
  },
});

export const emrInTransitDisabled = awsRule({
  id: 'emr-in-transit-encryption-disabled',
  title: 'EMR security configuration does not encrypt data in transit',
  severity: 'medium',
  cwe: [319],
  description: 'Clusters using this security configuration move shuffle data, HDFS blocks and application traffic between nodes unencrypted.',
  remediation: 'Set `"EnableInTransitEncryption": true` with a TLS certificate provider.',
  types: ['aws_emr_security_configuration'],
  check(r, report) {
    if (encryptionOff(r.attrs['configuration'], 'EnableInTransitEncryption')) report('configuration', `${r.address} disables in-transit encryption`);
  },
});

export const emrBlockPublicAccessOff = awsRule({
  id: 'emr-block-public-access-disabled',
  title: 'EMR block public access is turned off',
  severity: 'high',
  cwe: [284],
  description: 'With block public access off, EMR launches clusters whose security groups allow inbound traffic from 0.0.0.0/0 on any port.',
  remediation: 'Set `block_public_security_group_rules = true` and list only the ports that must stay open (22 by default) in `permitted_public_security_group_rule_range`.',
  types: ['aws_emr_block_public_access_configuration'],
  check(r, report) {
    flagFalse(r, 'block_public_security_group_rules', report, `${r.address} lets clusters open ports to the internet`);
  },
});

export const emrRules: CloudRule[] = [emrAtRestDisabled, emrInTransitDisabled, emrBlockPublicAccessOff];
