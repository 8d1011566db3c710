/** DocumentDB clusters and cluster parameter groups. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isGiven, isOneOf, parameters, requireTrue } from './rds-util.js';

export const docdbNotEncrypted = awsRule({
  id: 'docdb-storage-not-encrypted',
  title: 'DocumentDB cluster storage is not encrypted',
  severity: 'high',
  cwe: [311],
  description: 'DocumentDB storage, backups and snapshots stay unencrypted unless encryption is chosen at creation (the provider default is false).',
  remediation: 'Set `storage_encrypted = true` (optionally with `kms_key_id`).',
  types: ['aws_docdb_cluster'],
  check(r, report) {
    for (const inherits of ['snapshot_identifier', 'global_cluster_identifier', 'restore_to_point_in_time']) if (isGiven(r.attrs[inherits])) return;
    if (isGiven(r.attrs['kms_key_id']) && r.attrs['storage_encrypted'] === undefined) return;
    requireTrue(r, 'storage_encrypted', report, `${r.address} does not encrypt its storage`);
  },
});

export const docdbLogsNotExported = awsRule({
  id: 'docdb-logs-not-exported',
  title: 'DocumentDB cluster exports no logs',
  severity: 'low',
  cwe: [778],
  description: 'Without audit or profiler log exports there is no record of authentication, DDL and slow operations to investigate misuse.',
  remediation: 'Set `enabled_cloudwatch_logs_exports = ["audit", "profiler"]` (and enable `audit_logs` in the parameter group).',
  types: ['aws_docdb_cluster'],
  check(r, report) {
    const v = r.attrs['enabled_cloudwatch_logs_exports'];
    if (v === undefined || v === null) report(null, `${r.address} exports no audit or profiler logs`);
    else if (Array.isArray(v) && v.length === 0) report('enabled_cloudwatch_logs_exports', `${r.address} exports no audit or profiler logs`);
  },
});

export const docdbTlsDisabled = awsRule({
  id: 'docdb-tls-disabled',
  title: 'DocumentDB parameter group turns TLS off',
  severity: 'medium',
  cwe: [319],
  description: 'With the `tls` parameter set to disabled, clients connect without encryption and send credentials and documents in clear text.',
  remediation: 'Set the `tls` parameter to `enabled` (or a `tls1.2+` value).',
  types: ['aws_docdb_cluster_parameter_group'],
  check(r, report) {
    const p = parameters(r).get('tls');
    if (p && isOneOf(p.value, 'disabled')) report(p.path, `${r.address} turns TLS off`);
  },
});

export const docdbRules: CloudRule[] = [docdbNotEncrypted, docdbLogsNotExported, docdbTlsDisabled];
