import { isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isUnknown } from '../../model/value.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

/** KMS customer managed keys: rotation, key policy exposure, lockout safety check. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const kmsKeyRotationDisabled: CloudRule = {
  id: 'iac/aws/kms-key-rotation-disabled',
  title: 'KMS key rotation is not enabled',
  severity: 'medium',
  cwe: [324],
  description: 'A symmetric customer managed key without automatic rotation keeps the same key material forever, so a leaked or weakened key stays usable for all data it protects.',
  remediation: 'Set `enable_key_rotation = true` on the aws_kms_key (symmetric ENCRYPT_DECRYPT keys only).',
  references: [`${DOCS}kms_key`, 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
  provider: 'aws',
  types: ['aws_kms_key'],
  check(r, report) {
    // Automatic rotation exists only for symmetric encryption keys; anything else (or unknown) is out of scope.
    for (const attr of ['customer_master_key_spec', 'key_spec']) {
      const spec = r.attrs[attr];
      if (isUnknown(spec) || (str(spec) !== undefined && str(spec) !== 'SYMMETRIC_DEFAULT')) return;
    }
    // Keys in a custom key store (CloudHSM, external) cannot rotate automatically.
    if (!isAbsent(r.attrs['custom_key_store_id']) || !isAbsent(r.attrs['xks_key_id'])) return;
    const usage = r.attrs['key_usage'];
    if (isUnknown(usage) || (str(usage) !== undefined && str(usage) !== 'ENCRYPT_DECRYPT')) return;
    const v = r.attrs['enable_key_rotation'];
    if (isFalse(v)) report('enable_key_rotation', 'Key rotation is disabled');
    else if (isAbsent(v)) report(null, 'enable_key_rotation is not set (defaults to false)');
  },
};

export const kmsKeyPolicyPublic: CloudRule = {
  id: 'iac/aws/kms-key-policy-public',
  title: 'KMS key policy allows any principal',
  severity: 'critical',
  cwe: [732],
  description: 'A key policy statement that allows `Principal: "*"` without a condition such as kms:CallerAccount or aws:PrincipalOrgID lets any AWS account use or manage the key.',
  remediation: 'Name the account root or specific roles as `Principal` in the key policy, or add a `kms:CallerAccount` / `aws:PrincipalOrgID` condition.',
  references: [`${DOCS}kms_key_policy`, 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html'],
  provider: 'aws',
  types: ['aws_kms_key', 'aws_kms_key_policy'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The key policy');
  },
};

export const kmsKeyLockoutCheckBypassed: CloudRule = {
  id: 'iac/aws/kms-key-lockout-check-bypassed',
  title: 'KMS key policy lockout safety check bypassed',
  severity: 'low',
  cwe: [284],
  description: 'bypass_policy_lockout_safety_check skips the check that the caller can still manage the key, so a bad policy can make the key (and all data under it) unmanageable.',
  remediation: 'Remove `bypass_policy_lockout_safety_check = true` (the default is false).',
  references: [`${DOCS}kms_key`, 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-bypass-policy-lockout-safety-check'],
  provider: 'aws',
  types: ['aws_kms_key', 'aws_kms_key_policy'],
  check(r, report) {
    if (isTrue(r.attrs['bypass_policy_lockout_safety_check'])) report('bypass_policy_lockout_safety_check', 'The policy lockout safety check is bypassed');
  },
};

export const kmsRules: CloudRule[] = [kmsKeyRotationDisabled, kmsKeyPolicyPublic, kmsKeyLockoutCheckBypassed];
