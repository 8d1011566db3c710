/** Redshift provisioned clusters and parameter groups. */
import { get, isFalse, isTrue, num } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, coveredBySeparate, flagExplicitFalse, flagTrue, isGiven, lower, parameters, requireTrue } from './rds-util.js';

const CLUSTER = 'aws_redshift_cluster';

export const redshiftNotEncrypted = awsRule({
  id: 'redshift-not-encrypted',
  title: 'Redshift cluster is not encrypted',
  severity: 'high',
  cwe: [311],
  description: 'An unencrypted warehouse keeps its data blocks, snapshots and backups in clear text on AWS storage.',
  remediation: 'Set `encrypted = true` (optionally with `kms_key_id`).',
  types: [CLUSTER],
  check(r, report) {
    // Restores take the snapshot's encryption.
    if (isGiven(r.attrs['snapshot_identifier']) || isGiven(r.attrs['snapshot_arn'])) return;
    if (isGiven(r.attrs['kms_key_id']) && r.attrs['encrypted'] === undefined) return;
    requireTrue(r, 'encrypted', report, `${r.address} is not encrypted`);
  },
});

export const redshiftPublic = awsRule({
  id: 'redshift-publicly-accessible',
  title: 'Redshift cluster is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A publicly accessible cluster gets a public IP address and answers on the internet wherever its security groups allow.',
  remediation: 'Set `publicly_accessible = false`.',
  types: [CLUSTER, 'aws_redshiftserverless_workgroup'],
  check(r, report) {
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const redshiftAuditLoggingDisabled = awsRule({
  id: 'redshift-audit-logging-disabled',
  title: 'Redshift audit logging is off',
  severity: 'low',
  cwe: [778],
  description: 'Without audit logging there is no record of connections, users and queries to investigate misuse.',
  remediation: 'Add an `aws_redshift_logging` resource (or the legacy `logging { enable = true }` block) sending logs to S3 or CloudWatch.',
  types: [CLUSTER],
  check(r, report, { graph }) {
    const enable = get(r.attrs, 'logging.0.enable');
    if (isTrue(enable)) return;
    if (coveredBySeparate(r, graph, 'aws_redshift_logging', 'cluster_identifier', 'cluster_identifier')) return;
    if (isFalse(enable)) report('logging.0.enable', `${r.address} turns audit logging off`);
    else if (enable === undefined) report(null, `${r.address} has no audit logging`);
  },
});

export const redshiftEnhancedVpcRoutingDisabled = awsRule({
  id: 'redshift-enhanced-vpc-routing-disabled',
  title: 'Redshift enhanced VPC routing is turned off',
  severity: 'low',
  cwe: [923],
  description: 'Without enhanced VPC routing, COPY and UNLOAD traffic bypasses the VPC, its endpoints, flow logs and network controls.',
  remediation: 'Set `enhanced_vpc_routing = true`.',
  types: [CLUSTER],
  check(r, report) {
    flagExplicitFalse(r, 'enhanced_vpc_routing', report, `${r.address} routes COPY/UNLOAD traffic outside the VPC`);
  },
});

export const redshiftSslNotRequired = awsRule({
  id: 'redshift-ssl-not-required',
  title: 'Redshift parameter group does not require SSL',
  severity: 'medium',
  cwe: [319],
  description: 'With `require_ssl` false, clients may connect without TLS and send credentials and query results in clear text.',
  remediation: 'Set the `require_ssl` parameter to `true`.',
  types: ['aws_redshift_parameter_group'],
  check(r, report) {
    const p = parameters(r).get('require_ssl');
    if (!p) return;
    const v = typeof p.value === 'boolean' ? String(p.value) : lower(p.value);
    if (v === 'false' || v === '0') report(p.path, `${r.address} sets require_ssl to false`);
  },
});

export const redshiftSnapshotsDisabled = awsRule({
  id: 'redshift-automated-snapshots-disabled',
  title: 'Redshift automated snapshots are disabled',
  severity: 'medium',
  cwe: [693],
  description: 'An automated snapshot retention period of 0 turns off automated snapshots, so dropped tables or a lost cluster cannot be restored.',
  remediation: 'Set `automated_snapshot_retention_period` to 1 or more days (the default is 1).',
  types: [CLUSTER],
  check(r, report) {
    if (num(r.attrs['automated_snapshot_retention_period']) === 0) report('automated_snapshot_retention_period', `${r.address} keeps no automated snapshots`);
  },
});

export const redshiftRules: CloudRule[] = [redshiftSnapshotsDisabled, redshiftNotEncrypted, redshiftPublic, redshiftAuditLoggingDisabled, redshiftEnhancedVpcRoutingDisabled, redshiftSslNotRequired];
