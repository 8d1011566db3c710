/** DynamoDB tables and DAX clusters. */
import { get, isFalse, isTrue } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isGiven, isOneOf, requireTrue, written } from './rds-util.js';

export const dynamodbPitrDisabled = awsRule({
  id: 'dynamodb-pitr-disabled',
  title: 'DynamoDB point-in-time recovery is off',
  severity: 'low',
  cwe: [693],
  description: 'Without point-in-time recovery, items deleted or overwritten by a bug, a bad deploy or an attacker cannot be restored (the provider default is off).',
  remediation: 'Add `point_in_time_recovery { enabled = true }`.',
  types: ['aws_dynamodb_table'],
  check(r, report) {
    requireTrue(r, 'point_in_time_recovery.0.enabled', report, `${r.address} has no point-in-time recovery`);
  },
});

export const dynamodbNoCmk = awsRule({
  id: 'dynamodb-table-no-cmk',
  title: 'DynamoDB table is not encrypted with a customer managed key',
  severity: 'low',
  cwe: [311],
  description: 'Without `server_side_encryption` the table uses an AWS owned key that you cannot audit, rotate or restrict with a key policy.',
  remediation: 'Add `server_side_encryption { enabled = true, kms_key_arn = aws_kms_key.x.arn }`.',
  types: ['aws_dynamodb_table'],
  check(r, report) {
    const enabled = get(r.attrs, 'server_side_encryption.0.enabled');
    if (isFalse(enabled) || enabled === undefined || enabled === null) {
      report('server_side_encryption.0.enabled', `${r.address} is encrypted only with an AWS owned key`);
    } else if (isTrue(enabled) && !isGiven(get(r.attrs, 'server_side_encryption.0.kms_key_arn'))) {
      // enabled without a key ARN selects the AWS managed key aws/dynamodb: auditable but not yours to restrict.
      report('server_side_encryption.0.enabled', `${r.address} uses the AWS managed key rather than a customer managed key`);
    }
  },
});

export const daxNotEncrypted = awsRule({
  id: 'dax-cluster-not-encrypted',
  title: 'DAX cluster is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'A DAX cluster caches table items on its nodes; without server-side encryption (off by default) that cache is stored unencrypted.',
  remediation: 'Add `server_side_encryption { enabled = true }` (set at creation).',
  types: ['aws_dax_cluster'],
  check(r, report) {
    requireTrue(r, 'server_side_encryption.0.enabled', report, `${r.address} does not encrypt its cache at rest`);
  },
});

export const daxEndpointPlaintext = awsRule({
  id: 'dax-cluster-endpoint-not-encrypted',
  title: 'DAX cluster endpoint does not use TLS',
  severity: 'medium',
  cwe: [319],
  description: 'With `cluster_endpoint_encryption_type = "NONE"` applications talk to the DAX cache without encryption, exposing cached items and requests on the network.',
  remediation: 'Set `cluster_endpoint_encryption_type = "TLS"` (only possible at creation).',
  types: ['aws_dax_cluster'],
  check(r, report) {
    if (written(r, 'cluster_endpoint_encryption_type') && isOneOf(r.attrs['cluster_endpoint_encryption_type'], 'NONE')) report('cluster_endpoint_encryption_type', `${r.address} serves clients without TLS`);
  },
});

export const dynamodbRules: CloudRule[] = [dynamodbPitrDisabled, dynamodbNoCmk, daxNotEncrypted, daxEndpointPlaintext];
