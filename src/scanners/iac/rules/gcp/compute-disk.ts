import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

export const diskNoCmek: CloudRule = {
  id: `${GCP}compute-disk-no-cmek`,
  title: 'Persistent disk not encrypted with a customer-managed or customer-supplied key',
  severity: 'low',
  cwe: [311],
  description: 'Without disk_encryption_key the disk is encrypted with Google-managed keys only, so the data owner cannot audit key use or revoke access to the data by disabling a key.',
  remediation: 'Add `disk_encryption_key { kms_key_self_link = google_kms_crypto_key.x.id }` (CMEK) or a customer-supplied key.',
  references: [docs('google_compute_disk'), 'https://cloud.google.com/compute/docs/disks/customer-managed-encryption'],
  provider: 'gcp',
  types: ['google_compute_disk', 'google_compute_region_disk'],
  check(r, report) {
    if (noBlock(r.attrs, 'disk_encryption_key')) report(null, 'disk has no disk_encryption_key: Google-managed encryption only');
  },
};

export const diskRules: CloudRule[] = [diskNoCmek];
