/** ElastiCache (Redis OSS, Valkey, Memcached) replication groups and clusters. */
import { get, isTrue, num } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagExplicitFalse, flagTrue, isGiven, isOneOf, requireTrue } from './rds-util.js';

const GROUP = 'aws_elasticache_replication_group';
const CLUSTER = 'aws_elasticache_cluster';

export const elasticacheAtRestDisabled = awsRule({
  id: 'elasticache-at-rest-encryption-disabled',
  title: 'ElastiCache replication group is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'Cached data, swap and backups are written unencrypted unless at-rest encryption is chosen at creation (the provider default is false for Redis OSS).',
  remediation: 'Set `at_rest_encryption_enabled = true` (optionally with `kms_key_id`).',
  types: [GROUP],
  check(r, report) {
    // Secondary members of a global datastore take the primary's encryption.
    if (isGiven(r.attrs['global_replication_group_id'])) return;
    // Valkey replication groups are encrypted at rest by default.
    if (isOneOf(r.attrs['engine'], 'valkey') && r.attrs['at_rest_encryption_enabled'] === undefined) return;
    requireTrue(r, 'at_rest_encryption_enabled', report, `${r.address} does not encrypt data at rest`);
  },
});

export const elasticacheTransitDisabled = awsRule({
  id: 'elasticache-transit-encryption-disabled',
  title: 'ElastiCache does not encrypt traffic in transit',
  severity: 'medium',
  cwe: [319],
  description: 'Without in-transit encryption, commands, cached values and AUTH passwords cross the network in clear text.',
  remediation: 'Set `transit_encryption_enabled = true` (and `transit_encryption_mode = "required"`).',
  types: [GROUP, CLUSTER],
  check(r, report) {
    if (r.type === GROUP) {
      if (isGiven(r.attrs['global_replication_group_id'])) return;
      requireTrue(r, 'transit_encryption_enabled', report, `${r.address} does not encrypt traffic in transit`);
      // "preferred" (used while migrating) still accepts plaintext clients.
      if (isTrue(r.attrs['transit_encryption_enabled']) && isOneOf(r.attrs['transit_encryption_mode'], 'preferred')) {
        report('transit_encryption_mode', `${r.address} still accepts unencrypted connections (transit_encryption_mode = "preferred")`);
      }
      return;
    }
    // Member clusters inherit the group's setting; standalone clusters: only an explicit false is known bad.
    if (isGiven(r.attrs['replication_group_id'])) return;
    flagExplicitFalse(r, 'transit_encryption_enabled', report, `${r.address} does not encrypt traffic in transit`);
  },
});

export const elasticacheNoAuth = awsRule({
  id: 'elasticache-redis-no-auth',
  title: 'ElastiCache Redis has no authentication',
  severity: 'medium',
  cwe: [306],
  description: 'With TLS on but neither an AUTH token nor RBAC user groups, any client that can reach the endpoint can read and write every key.',
  remediation: 'Set `auth_token` (from a secret) or `user_group_ids` with an RBAC user group.',
  types: [GROUP],
  check(r, report) {
    if (!isTrue(r.attrs['transit_encryption_enabled'])) return;
    if (isGiven(r.attrs['auth_token']) || isGiven(r.attrs['user_group_ids'])) return;
    report(null, `${r.address} accepts clients without an AUTH token or user group`);
  },
});

export const elasticacheNoSnapshots = awsRule({
  id: 'elasticache-redis-snapshots-disabled',
  title: 'ElastiCache Redis keeps no automatic snapshots',
  severity: 'low',
  cwe: [693],
  description: 'A snapshot retention limit of 0 (the default) turns off automatic backups, so a flush or node loss cannot be recovered from.',
  remediation: 'Set `snapshot_retention_limit` to 1 or more days.',
  types: [CLUSTER, GROUP],
  check(r, report) {
    if (r.type === CLUSTER) {
      // Memcached has no snapshots; group members are backed up by the group.
      if (!isOneOf(r.attrs['engine'], 'redis', 'valkey') || isGiven(r.attrs['replication_group_id'])) return;
    }
    const v = get(r.attrs, 'snapshot_retention_limit');
    if (num(v) === 0) report('snapshot_retention_limit', `${r.address} keeps no automatic snapshots`);
    else if (v === undefined && r.type === CLUSTER) report(null, `${r.address} keeps no automatic snapshots (snapshot_retention_limit defaults to 0)`);
  },
});

export const elasticacheUserNoPassword = awsRule({
  id: 'elasticache-user-no-password',
  title: 'ElastiCache RBAC user needs no password',
  severity: 'medium',
  cwe: [306],
  description: 'A user with no password required can be used by any client that reaches the cluster, with whatever commands and keys its access string grants.',
  remediation: 'Remove `no_password_required = true` and set `authentication_mode { type = "password" }` or `"iam"`.',
  types: ['aws_elasticache_user'],
  check(r, report) {
    flagTrue(r, 'no_password_required', report, `${r.address} requires no password`);
    if (isOneOf(get(r.attrs, 'authentication_mode.0.type'), 'no-password-required')) {
      report('authentication_mode.0.type', `${r.address} requires no password`);
    }
  },
});

export const elasticacheRules: CloudRule[] = [elasticacheAtRestDisabled, elasticacheTransitDisabled, elasticacheNoAuth, elasticacheNoSnapshots, elasticacheUserNoPassword];
