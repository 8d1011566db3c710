/** Neptune graph database clusters. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagExplicitFalse, flagTrue, isGiven, requireTrue } from './rds-util.js';

export const neptuneNotEncrypted = awsRule({
  id: 'neptune-storage-not-encrypted',
  title: 'Neptune cluster storage is not encrypted',
  severity: 'high',
  cwe: [311],
  description: 'Neptune storage, backups and snapshots stay unencrypted unless encryption is chosen at creation (the provider default is false).',
  remediation: 'Set `storage_encrypted = true` (optionally with `kms_key_arn`).',
  types: ['aws_neptune_cluster'],
  check(r, report) {
    for (const inherits of ['snapshot_identifier', 'replication_source_identifier', 'global_cluster_identifier']) if (isGiven(r.attrs[inherits])) return;
    if (isGiven(r.attrs['kms_key_arn']) && r.attrs['storage_encrypted'] === undefined) return;
    requireTrue(r, 'storage_encrypted', report, `${r.address} does not encrypt its storage`);
  },
});

export const neptuneIamAuthDisabled = awsRule({
  id: 'neptune-iam-auth-disabled',
  title: 'Neptune IAM database authentication is turned off',
  severity: 'medium',
  cwe: [306],
  description: 'Without IAM authentication, Neptune does not authenticate requests at all: any client that reaches the endpoint can query the graph.',
  remediation: 'Set `iam_database_authentication_enabled = true` and sign requests with SigV4.',
  types: ['aws_neptune_cluster'],
  check(r, report) {
    flagExplicitFalse(r, 'iam_database_authentication_enabled', report, `${r.address} turns IAM authentication off`);
  },
});

export const neptunePublicInstance = awsRule({
  id: 'neptune-instance-publicly-accessible',
  title: 'Neptune instance is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A publicly accessible Neptune instance gets an endpoint that resolves to a public IP address, so only its security group and IAM authentication stand between the graph and the internet.',
  remediation: 'Set `publicly_accessible = false` and reach the cluster from inside the VPC (VPN, bastion, or a private API in front of it).',
  types: ['aws_neptune_cluster_instance'],
  check(r, report) {
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const neptuneRules: CloudRule[] = [neptuneNotEncrypted, neptuneIamAuthDisabled, neptunePublicInstance];
