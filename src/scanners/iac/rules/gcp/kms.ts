import { isUnknown } from '../../model/value.js';
import { blocks, isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, durationSeconds, legacyDocs, iamTypes, reportPublicGrants } from './util.js';

const REF = docs('google_kms_crypto_key');
/** 90 days: the rotation period CIS and Google's guidance accept for symmetric keys. */
const MAX_ROTATION = 90 * 24 * 3600;

export const keyRotation: CloudRule = {
  id: `${GCP}kms-key-rotation`,
  title: 'KMS key not rotated at least every 90 days',
  severity: 'medium',
  cwe: [324],
  description: 'A symmetric key without rotation_period (or rotated less often than every 90 days) keeps encrypting new data under the same key material, widening the impact of a compromised key version.',
  remediation: 'Set `rotation_period = "7776000s"` (90 days) or shorter.',
  references: [REF, 'https://cloud.google.com/kms/docs/key-rotation'],
  provider: 'gcp',
  types: ['google_kms_crypto_key'],
  check(r, report) {
    const purpose = r.attrs.purpose;
    // Automatic rotation exists only for symmetric ENCRYPT_DECRYPT keys (the default purpose).
    if (isUnknown(purpose) || (!isAbsent(purpose) && str(purpose)?.toUpperCase() !== 'ENCRYPT_DECRYPT')) return;
    // Keys held in an external key manager (EXTERNAL, EXTERNAL_VPC) are rotated there, not by Cloud KMS.
    const level = blocks(r.attrs, 'version_template')[0]?.block.protection_level;
    if (isUnknown(level) || str(level)?.toUpperCase().startsWith('EXTERNAL')) return;
    const p = r.attrs.rotation_period;
    if (isAbsent(p)) {
      report(null, 'no rotation_period: the key is never rotated automatically');
      return;
    }
    const s = durationSeconds(p);
    if (s !== undefined && s > MAX_ROTATION) report('rotation_period', `rotation_period ${String(p)} is longer than 90 days`);
  },
};

export const kmsPublic: CloudRule = {
  id: `${GCP}kms-key-public`,
  title: 'KMS key usable by anyone',
  severity: 'high',
  cwe: [284],
  description: 'An IAM grant on a crypto key or key ring to allUsers or allAuthenticatedUsers lets anyone use or manage the key, decrypting data it protects.',
  remediation: 'Remove allUsers/allAuthenticatedUsers from the key and key ring IAM; grant the specific service accounts that need the key.',
  references: [legacyDocs('google_kms_crypto_key_iam'), 'https://cloud.google.com/kms/docs/iam'],
  provider: 'gcp',
  types: [...iamTypes('google_kms_crypto_key'), ...iamTypes('google_kms_key_ring')],
  check(r, report) {
    reportPublicGrants(r, report, r.type.includes('key_ring') ? 'key ring' : 'crypto key');
  },
};

export const kmsRules: CloudRule[] = [keyRotation, kmsPublic];
