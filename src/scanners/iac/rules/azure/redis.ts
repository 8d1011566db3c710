import type { CloudRule } from '../cloud/types.js';
import { docs, explicitTrue, falseAt, find, isOldTls, openFirewallRule, trueAt } from './util.js';

const CACHE = 'azurerm_redis_cache';
const REF = [docs('redis_cache')];

const nonSsl: CloudRule = {
  id: 'iac/azure/redis-non-ssl-port-enabled',
  title: 'Redis cache non-TLS port enabled',
  severity: 'high',
  cwe: [319],
  description: 'The non-SSL port (6379) carries the access key and all cached data unencrypted.',
  remediation: 'Remove `non_ssl_port_enabled = true` (v4) / `enable_non_ssl_port = true` (v3); clients connect on 6380 with TLS.',
  references: REF,
  provider: 'azure',
  types: [CACHE],
  check(r, report) {
    const f = trueAt(r, ['non_ssl_port_enabled', 'enable_non_ssl_port']);
    if (f) report(f.path, 'the non-SSL port 6379 is enabled');
  },
};

const oldTls: CloudRule = {
  id: 'iac/azure/redis-tls-below-1-2',
  title: 'Redis cache allows TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'A minimum TLS version of 1.0 or 1.1 lets clients use deprecated protocols (Azure Cache for Redis has retired them).',
  remediation: 'Set `minimum_tls_version = "1.2"`.',
  references: [...REF, docs('redis_enterprise_cluster')],
  provider: 'azure',
  types: [CACHE, 'azurerm_redis_enterprise_cluster'],
  check(r, report) {
    const f = find(r, 'minimum_tls_version');
    if (f && isOldTls(f.value)) report(f.path, `minimum TLS version is ${String(f.value)}`);
  },
};

const noAuth: CloudRule = {
  id: 'iac/azure/redis-authentication-disabled',
  title: 'Redis cache authentication disabled',
  severity: 'high',
  cwe: [306],
  description: 'With authentication off, anything that can reach the cache endpoint can read and overwrite every key without a password.',
  remediation: 'Remove `authentication_enabled = false` (v4) / `enable_authentication = false` (v3) from `redis_configuration`.',
  references: REF,
  provider: 'azure',
  types: [CACHE],
  check(r, report) {
    const f = falseAt(r, ['redis_configuration.authentication_enabled', 'redis_configuration.enable_authentication']);
    if (f) report(f.path, 'Redis authentication is disabled');
  },
};

const publicAccess: CloudRule = {
  id: 'iac/azure/redis-public-network-access',
  title: 'Redis cache explicitly enables public network access',
  severity: 'medium',
  cwe: [284],
  description: 'A cache reachable from public networks is only protected by its access key; caches usually need to be reachable only from the application network.',
  remediation: 'Set `public_network_access_enabled = false` and use a private endpoint.',
  references: REF,
  provider: 'azure',
  types: [CACHE],
  check(r, report) {
    const f = explicitTrue(r, ['public_network_access_enabled']);
    if (f) report(f.path, 'public network access is enabled');
  },
};

const firewall = openFirewallRule({ id: 'redis-firewall-open-to-internet', service: 'Redis cache', types: ['azurerm_redis_firewall_rule'], doc: 'redis_firewall_rule' });

export const redisRules: CloudRule[] = [nonSsl, oldTls, noAuth, publicAccess, firewall];
