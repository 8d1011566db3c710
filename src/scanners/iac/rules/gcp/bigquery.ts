import type { ObjectValue } from '../../model/value.js';
import { blocks, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, isPublicPrincipal, noBlock, reportPublicGrants } from './util.js';

const REF = docs('google_bigquery_dataset');

/** One dataset access entry (`access` block or google_bigquery_dataset_access): public through special_group or iam_member. */
function reportPublicAccess(entry: ObjectValue, base: string, report: CloudReport): void {
  for (const k of ['special_group', 'iam_member']) {
    const v = str(entry[k]);
    if (v !== undefined && isPublicPrincipal(v)) {
      report(base ? `${base}.${k}` : k, `dataset access grants ${str(entry.role) ?? 'a role'} to ${v}`);
    }
  }
}

export const datasetPublic: CloudRule = {
  id: `${GCP}bigquery-dataset-public`,
  title: 'BigQuery data readable by anyone',
  severity: 'high',
  cwe: [284],
  description: 'A dataset or table access entry or IAM grant for allUsers or allAuthenticatedUsers lets anyone on the internet (or with any Google account) query the data.',
  remediation: 'Remove allUsers/allAuthenticatedUsers from `access` (special_group / iam_member) and from dataset/table IAM; grant specific groups instead.',
  references: [REF, 'https://cloud.google.com/bigquery/docs/control-access-to-resources-iam'],
  provider: 'gcp',
  types: [
    'google_bigquery_dataset',
    'google_bigquery_dataset_access',
    ...iamTypes('google_bigquery_dataset'),
    ...iamTypes('google_bigquery_table'),
  ],
  check(r, report) {
    if (r.type === 'google_bigquery_dataset') {
      for (const a of blocks(r.attrs, 'access')) reportPublicAccess(a.block, a.path, report);
    } else if (r.type === 'google_bigquery_dataset_access') {
      reportPublicAccess(r.attrs, '', report);
    } else {
      reportPublicGrants(r, report, r.type.includes('_table_') ? 'table' : 'dataset');
    }
  },
};

export const datasetCmek: CloudRule = {
  id: `${GCP}bigquery-dataset-no-cmek`,
  title: 'BigQuery dataset not encrypted with a customer-managed key',
  severity: 'low',
  cwe: [311],
  description: 'Without default_encryption_configuration, tables are encrypted with Google-managed keys, so you cannot revoke access to the data by disabling a key or audit key use.',
  remediation: 'Add `default_encryption_configuration { kms_key_name = google_kms_crypto_key.x.id }`.',
  references: [REF, 'https://cloud.google.com/bigquery/docs/customer-managed-encryption'],
  provider: 'gcp',
  types: ['google_bigquery_dataset'],
  check(r, report) {
    if (noBlock(r.attrs, 'default_encryption_configuration')) report(null, 'dataset has no default_encryption_configuration (CMEK)');
  },
};

export const bigqueryRules: CloudRule[] = [datasetPublic, datasetCmek];
