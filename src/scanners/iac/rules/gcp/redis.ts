import { isUnknown } from '../../model/value.js';
import { isAbsent, isFalse, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs } from './util.js';

const TYPES = ['google_redis_instance'] as const;
const REF = docs('google_redis_instance');

export const redisAuth: CloudRule = {
  id: `${GCP}redis-auth-disabled`,
  title: 'Memorystore Redis without AUTH',
  severity: 'medium',
  cwe: [306],
  description: 'Without AUTH (auth_enabled defaults to false), any client that can reach the instance on the VPC can read and overwrite every key.',
  remediation: 'Set `auth_enabled = true` and give clients the AUTH string from Secret Manager.',
  references: [REF, 'https://cloud.google.com/memorystore/docs/redis/about-redis-auth'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    const v = r.attrs.auth_enabled;
    if (isFalse(v)) report('auth_enabled', 'auth_enabled is false');
    else if (isAbsent(v)) report(null, 'auth_enabled is not set (defaults to false)');
  },
};

export const redisTransit: CloudRule = {
  id: `${GCP}redis-transit-encryption-disabled`,
  title: 'Memorystore Redis without in-transit encryption',
  severity: 'medium',
  cwe: [319],
  description: 'With transit_encryption_mode DISABLED (the default), Redis traffic including the AUTH string and cached data crosses the network in plaintext.',
  remediation: 'Set `transit_encryption_mode = "SERVER_AUTHENTICATION"`.',
  references: [REF, 'https://cloud.google.com/memorystore/docs/redis/about-in-transit-encryption'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    const v = r.attrs.transit_encryption_mode;
    if (isUnknown(v)) return;
    if (isAbsent(v)) report(null, 'transit_encryption_mode is not set (defaults to DISABLED)');
    else if (str(v)?.trim().toUpperCase() === 'DISABLED') report('transit_encryption_mode', 'transit_encryption_mode is DISABLED');
  },
};

export const redisRules: CloudRule[] = [redisAuth, redisTransit];
