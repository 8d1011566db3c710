/** RDS and Aurora: instances, clusters, snapshots and parameter groups. */
import { isSet, isTrue, num, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagExplicitFalse, flagFalse, flagTrue, isGiven, isOneOf, lower, parameters, requireTrue } from './rds-util.js';

const INSTANCE = 'aws_db_instance';
const CLUSTER = 'aws_rds_cluster';

export const rdsPublicAccess = awsRule({
  id: 'rds-publicly-accessible',
  title: 'RDS database is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A publicly accessible RDS instance gets a public DNS name and IP address; only its security group then stands between the database and the internet.',
  remediation: 'Set `publicly_accessible = false` and reach the database from inside the VPC (bastion, VPN, SSM port forwarding).',
  types: [INSTANCE, 'aws_rds_cluster_instance', CLUSTER],
  check(r, report) {
    // CloudFormation passes an omitted PubliclyAccessible on to the RDS API, which makes an instance
    // created without a DB subnet group public (it lands in the default VPC, whose internet gateway
    // comes with it). The Terraform provider sends false instead. Read replicas follow their source.
    if (r.source === 'cloudformation' && r.type === INSTANCE) {
      const absent = (k: string) => r.attrs[k] === undefined || r.attrs[k] === null;
      if (absent('publicly_accessible') && absent('db_subnet_group_name') && absent('replicate_source_db')) {
        report(null, `${r.address} has neither DBSubnetGroupName nor PubliclyAccessible, so it is created public in the default VPC`);
        return;
      }
    }
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const rdsStorageNotEncrypted = awsRule({
  id: 'rds-storage-not-encrypted',
  title: 'RDS storage is not encrypted',
  severity: 'high',
  cwe: [311],
  description: 'RDS storage, automated backups, snapshots and read replicas stay unencrypted unless encryption is chosen at creation (the provider default is false), and it cannot be turned on later without a restore.',
  remediation: 'Set `storage_encrypted = true` (optionally with `kms_key_id` for a customer managed key).',
  types: [INSTANCE, CLUSTER, 'aws_rds_global_cluster'],
  check(r, report) {
    const a = r.attrs;
    // Replicas, restores and global-cluster members take their encryption from the source.
    for (const inherits of ['replicate_source_db', 'snapshot_identifier', 'replication_source_identifier', 'global_cluster_identifier', 'restore_to_point_in_time', 's3_import', 'source_db_cluster_identifier']) {
      if (isGiven(a[inherits])) return;
    }
    // Aurora instances are encrypted by their cluster; Aurora Serverless v1 clusters are always encrypted.
    if (r.type === INSTANCE && (lower(a['engine'])?.startsWith('aurora') || isGiven(a['cluster_identifier']))) return;
    if (r.type === CLUSTER && isOneOf(a['engine_mode'], 'serverless')) return;
    // SQL Server Express cannot be encrypted at rest at all: nothing to set.
    if (isOneOf(a['engine'], 'sqlserver-ex')) return;
    // A KMS key without the flag is rejected by the API; treat it as intent to encrypt.
    if (isGiven(a['kms_key_id']) && !isSet(a['storage_encrypted'])) return;
    requireTrue(r, 'storage_encrypted', report, `${r.address} does not encrypt its storage`);
  },
});

export const rdsBackupDisabled = awsRule({
  id: 'rds-backups-disabled',
  title: 'RDS automated backups are disabled',
  severity: 'medium',
  cwe: [693],
  description: 'A backup retention period of 0 turns off automated backups and point-in-time recovery, so deleted or corrupted data cannot be restored.',
  remediation: 'Set `backup_retention_period` to at least 7 days.',
  types: [INSTANCE],
  check(r, report) {
    // Read replicas commonly run without their own backups.
    if (isGiven(r.attrs['replicate_source_db'])) return;
    // Aurora members (CloudFormation DBClusterIdentifier) are backed up by their cluster.
    if (isGiven(r.attrs['cluster_identifier'])) return;
    if (num(r.attrs['backup_retention_period']) === 0) report('backup_retention_period', `${r.address} keeps no automated backups`);
  },
});

export const rdsDeletionProtectionDisabled = awsRule({
  id: 'rds-deletion-protection-disabled',
  title: 'RDS deletion protection is turned off',
  severity: 'low',
  cwe: [693],
  description: 'Without deletion protection a single API call or a mistaken `terraform destroy` deletes the database.',
  remediation: 'Set `deletion_protection = true` on production databases.',
  types: [INSTANCE, CLUSTER],
  check(r, report) {
    flagExplicitFalse(r, 'deletion_protection', report, `${r.address} can be deleted without first turning off deletion protection`);
  },
});

export const rdsIamAuthDisabled = awsRule({
  id: 'rds-iam-auth-disabled',
  title: 'RDS IAM database authentication is turned off',
  severity: 'low',
  cwe: [287],
  description: 'IAM database authentication replaces long-lived database passwords with short-lived tokens tied to IAM identities.',
  remediation: 'Set `iam_database_authentication_enabled = true` (MySQL, MariaDB, PostgreSQL and Aurora).',
  types: [INSTANCE, CLUSTER],
  check(r, report) {
    const engine = lower(r.attrs['engine']);
    // Oracle, SQL Server and Db2 do not support IAM authentication at all.
    if (engine && /^(?:oracle|sqlserver|db2|custom)/.test(engine)) return;
    flagExplicitFalse(r, 'iam_database_authentication_enabled', report, `${r.address} turns off IAM database authentication`);
  },
});

export const rdsAutoMinorUpgradeDisabled = awsRule({
  id: 'rds-auto-minor-upgrade-disabled',
  title: 'RDS automatic minor version upgrades are turned off',
  severity: 'low',
  cwe: [1104],
  description: 'Minor engine versions carry security fixes; turning off automatic upgrades leaves known vulnerabilities in place until someone upgrades by hand.',
  remediation: 'Set `auto_minor_version_upgrade = true` (the default) and pick a maintenance window.',
  types: [INSTANCE, 'aws_rds_cluster_instance'],
  check(r, report) {
    flagFalse(r, 'auto_minor_version_upgrade', report, `${r.address} does not apply minor version upgrades`);
  },
});

export const rdsPerformanceInsightsNoCmk = awsRule({
  id: 'rds-performance-insights-no-cmk',
  title: 'RDS Performance Insights uses the AWS managed key',
  severity: 'low',
  cwe: [311],
  description: 'Performance Insights stores query text, which can contain sensitive data; without a customer managed key its access cannot be limited by key policy.',
  remediation: 'Set `performance_insights_kms_key_id` to a customer managed KMS key.',
  types: [INSTANCE, 'aws_rds_cluster_instance', CLUSTER],
  check(r, report) {
    if (!isTrue(r.attrs['performance_insights_enabled'])) return;
    if (isGiven(r.attrs['performance_insights_kms_key_id'])) return;
    report(null, `${r.address} enables Performance Insights without a customer managed KMS key`);
  },
});

export const rdsSnapshotPublic = awsRule({
  id: 'rds-snapshot-public',
  title: 'RDS snapshot is shared publicly',
  severity: 'critical',
  cwe: [200],
  description: 'A snapshot shared with `all` can be copied and restored by any AWS account, exposing every row of the database.',
  remediation: 'Remove `all` from `shared_accounts`; share only with specific account ids.',
  types: ['aws_db_snapshot', 'aws_db_cluster_snapshot', 'aws_db_snapshot_copy', 'aws_rds_cluster_snapshot_copy'],
  check(r, report) {
    if (strings(r.attrs['shared_accounts']).some((s) => s.toLowerCase() === 'all')) {
      report('shared_accounts', `${r.address} is shared with every AWS account`);
    }
  },
});

/** Engine family of a parameter group (`postgres14`, `aurora-mysql8.0`) → the parameter that forces TLS. */
function sslParameter(family: string): { name: string; off: readonly string[] } | undefined {
  if (family.startsWith('postgres') || family.startsWith('aurora-postgresql')) return { name: 'rds.force_ssl', off: ['0', 'false', 'off'] };
  if (family.startsWith('mysql') || family.startsWith('mariadb') || family.startsWith('aurora-mysql') || family.startsWith('aurora5')) {
    return { name: 'require_secure_transport', off: ['0', 'off', 'false'] };
  }
  if (family.startsWith('sqlserver')) return { name: 'rds.force_ssl', off: ['0', 'false', 'off'] };
  return undefined;
}

export const rdsParameterGroupNoTls = awsRule({
  id: 'rds-parameter-group-tls-not-required',
  title: 'RDS parameter group allows unencrypted connections',
  severity: 'medium',
  cwe: [319],
  description: 'With `rds.force_ssl` or `require_secure_transport` turned off, clients may connect without TLS and credentials and data cross the network in clear text.',
  remediation: 'Set `rds.force_ssl = 1` (PostgreSQL, SQL Server) or `require_secure_transport = ON` (MySQL, MariaDB) in the parameter group.',
  types: ['aws_db_parameter_group', 'aws_rds_cluster_parameter_group'],
  doc: 'db_parameter_group',
  check(r, report) {
    const family = lower(r.attrs['family']);
    if (!family) return;
    const want = sslParameter(family);
    if (!want) return;
    const p = parameters(r).get(want.name);
    if (!p) return;
    const v = p.value;
    const s = typeof v === 'number' || typeof v === 'boolean' ? String(v) : lower(v);
    if (s !== undefined && want.off.includes(s.toLowerCase())) report(p.path, `${r.address} sets ${want.name} to ${s}: clients may connect without TLS`);
  },
});

/** CA bundles AWS retired: rds-ca-2015 in 2020, rds-ca-2019 in August 2024. */
const RETIRED_CAS = ['rds-ca-2015', 'rds-ca-2019'];

export const rdsRetiredCa = awsRule({
  id: 'rds-retired-ca-certificate',
  title: 'RDS instance uses a retired CA certificate',
  severity: 'medium',
  cwe: [295],
  description: 'The instance serves a TLS certificate signed by a CA that AWS has retired; clients either fail to verify it or are configured to skip verification, which enables man-in-the-middle attacks.',
  remediation: 'Set `ca_cert_identifier = "rds-ca-rsa2048-g1"` (or another current CA) and update client trust stores.',
  types: [INSTANCE, 'aws_rds_cluster_instance'],
  check(r, report) {
    const ca = lower(r.attrs['ca_cert_identifier']);
    if (ca !== undefined && RETIRED_CAS.includes(ca)) report('ca_cert_identifier', `${r.address} uses the retired CA ${ca}`);
  },
});

export const rdsProxyTlsNotRequired = awsRule({
  id: 'rds-proxy-tls-not-required',
  title: 'RDS Proxy does not require TLS',
  severity: 'medium',
  cwe: [319],
  description: 'With `require_tls = false` clients may connect to the proxy without encryption and send database credentials and queries in clear text.',
  remediation: 'Set `require_tls = true`.',
  types: ['aws_db_proxy'],
  check(r, report) {
    flagFalse(r, 'require_tls', report, `${r.address} accepts unencrypted client connections`);
  },
});

export const rdsRules: CloudRule[] = [
  rdsPublicAccess,
  rdsStorageNotEncrypted,
  rdsBackupDisabled,
  rdsDeletionProtectionDisabled,
  rdsIamAuthDisabled,
  rdsAutoMinorUpgradeDisabled,
  rdsPerformanceInsightsNoCmk,
  rdsSnapshotPublic,
  rdsParameterGroupNoTls,
  rdsRetiredCa,
  rdsProxyTlsNotRequired,
];

