import type { Resource } from '../../model/resource.js';
import { isFalse, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitFalse, explicitTrue, find, findAny, type Found, isOldTls, openFirewallRule } from './util.js';

/**
 * Azure Database for PostgreSQL, MySQL and MariaDB: the single-server resources share one schema
 * (ssl_enforcement_enabled, ssl_minimal_tls_version_enforced), flexible servers move TLS into
 * server configuration resources.
 */
interface Engine {
  key: 'postgresql' | 'mysql' | 'mariadb';
  name: string;
  single: string;
  flexible?: string;
}

const PG: Engine = { key: 'postgresql', name: 'PostgreSQL', single: 'azurerm_postgresql_server', flexible: 'azurerm_postgresql_flexible_server' };
const MYSQL: Engine = { key: 'mysql', name: 'MySQL', single: 'azurerm_mysql_server', flexible: 'azurerm_mysql_flexible_server' };
const MARIADB: Engine = { key: 'mariadb', name: 'MariaDB', single: 'azurerm_mariadb_server' };

/** SSL enforcement switched off: `ssl_enforcement_enabled = false` (v2+) or `ssl_enforcement = "Disabled"` (v1). */
function sslOff(r: Resource): Found | undefined {
  const f = findAny(r, ['ssl_enforcement_enabled', 'ssl_enforcement']);
  return f && (isFalse(f.value) || eqi(f.value, 'Disabled')) ? f : undefined;
}

function sslRule(e: Engine): CloudRule {
  return {
    id: `iac/azure/${e.key}-server-ssl-disabled`,
    title: `${e.name} server does not enforce SSL`,
    severity: 'high',
    cwe: [319],
    description: `With SSL enforcement off the ${e.name} server accepts unencrypted connections, exposing credentials and query data on the network.`,
    remediation: 'Set `ssl_enforcement_enabled = true`.',
    references: [docs(e.single.replace('azurerm_', ''))],
    provider: 'azure',
    types: [e.single],
    check(r, report) {
      const f = sslOff(r);
      if (f) report(f.path, 'SSL enforcement is disabled');
    },
  };
}

function tlsRule(e: Engine): CloudRule {
  return {
    id: `iac/azure/${e.key}-server-tls-below-1-2`,
    title: `${e.name} server allows TLS older than 1.2`,
    severity: 'medium',
    cwe: [327],
    description: `A minimal TLS version of 1.0 or 1.1 lets clients reach the ${e.name} server over deprecated protocols.`,
    remediation: 'Set `ssl_minimal_tls_version_enforced = "TLS1_2"` (the default).',
    references: [docs(e.single.replace('azurerm_', ''))],
    provider: 'azure',
    types: [e.single],
    check(r, report) {
      const f = find(r, 'ssl_minimal_tls_version_enforced');
      if (!f) return;
      // TLSEnforcementDisabled goes with SSL enforcement off, which the SSL rule already reports.
      const disabled = eqi(f.value, 'TLSEnforcementDisabled') && !sslOff(r);
      if (isOldTls(f.value) || disabled) report(f.path, `minimal TLS version is ${String(f.value)}`);
    },
  };
}

function publicRule(e: Engine): CloudRule {
  const types = e.flexible ? [e.single, e.flexible] : [e.single];
  return {
    id: `iac/azure/${e.key}-server-public-network-access`,
    title: `${e.name} server explicitly enables public network access`,
    severity: 'medium',
    cwe: [284],
    description: `The ${e.name} server accepts connections from public networks, so every firewall rule is an internet exposure; private access keeps it off the internet.`,
    remediation: 'Set `public_network_access_enabled = false` and use a private endpoint or VNet integration (`delegated_subnet_id` for flexible servers).',
    references: types.map((t) => docs(t.replace('azurerm_', ''))),
    provider: 'azure',
    types,
    check(r, report) {
      const f = explicitTrue(r, ['public_network_access_enabled']);
      if (f) report(f.path, 'public network access is enabled');
    },
  };
}

function firewallRule(e: Engine): CloudRule {
  const types = [`azurerm_${e.key}_firewall_rule`, ...(e.flexible ? [`${e.flexible}_firewall_rule`] : [])];
  return openFirewallRule({ id: `${e.key}-firewall-open-to-internet`, service: e.name, types, doc: `${e.key}_firewall_rule` });
}

/** Flexible servers: `require_secure_transport = off` in a server configuration resource. */
function secureTransportRule(e: Engine & { flexible: string }): CloudRule {
  const type = `${e.flexible}_configuration`;
  return {
    id: `iac/azure/${e.key}-flexible-secure-transport-off`,
    title: `${e.name} flexible server allows unencrypted connections`,
    severity: 'high',
    cwe: [319],
    description: `Setting the server parameter require_secure_transport to OFF lets clients connect to the ${e.name} flexible server without TLS.`,
    remediation: 'Remove the configuration or set its `value = "ON"` (the default).',
    references: [docs(type.replace('azurerm_', ''))],
    provider: 'azure',
    types: [type],
    check(r, report) {
      if (!eqi(r.attrs.name, 'require_secure_transport')) return;
      const f = find(r, 'value');
      if (f && eqi(f.value, 'off')) report(f.path, 'require_secure_transport is OFF');
    },
  };
}

/** `TLSv1`, `TLSv1.1` in the comma-separated tls_version server parameter of MySQL flexible servers. */
const OLD_MYSQL_TLS = /^tlsv1(\.[01])?$/i;

const mysqlFlexTls: CloudRule = {
  id: 'iac/azure/mysql-flexible-tls-below-1-2',
  title: 'MySQL flexible server accepts TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'Listing TLSv1 or TLSv1.1 in the tls_version server parameter lets clients connect to the MySQL flexible server with deprecated protocols.',
  remediation: 'Set the `tls_version` configuration `value = "TLSv1.2"` (or `"TLSv1.2,TLSv1.3"`).',
  references: [docs('mysql_flexible_server_configuration')],
  provider: 'azure',
  types: ['azurerm_mysql_flexible_server_configuration'],
  check(r, report) {
    if (!eqi(r.attrs.name, 'tls_version')) return;
    const f = find(r, 'value');
    const v = str(f?.value);
    if (f && v !== undefined && v.split(',').some((x) => OLD_MYSQL_TLS.test(x.trim()))) report(f.path, `tls_version allows ${v}`);
  },
};

/** PostgreSQL server parameters CIS Azure wants on for connection and checkpoint logging. */
const PG_LOG_PARAMS = ['log_checkpoints', 'log_connections', 'log_disconnections', 'connection_throttling', 'connection_throttle.enable'];

const pgLogging: CloudRule = {
  id: 'iac/azure/postgresql-logging-parameter-off',
  title: 'PostgreSQL connection or checkpoint logging turned off',
  severity: 'low',
  cwe: [778],
  description: 'Turning off log_connections, log_disconnections, log_checkpoints or connection throttling removes the records used to spot brute-force attempts and investigate access.',
  remediation: 'Remove the configuration or set its `value = "on"`.',
  references: [docs('postgresql_configuration'), docs('postgresql_flexible_server_configuration')],
  provider: 'azure',
  types: ['azurerm_postgresql_configuration', 'azurerm_postgresql_flexible_server_configuration'],
  check(r, report) {
    const name = str(r.attrs.name)?.toLowerCase();
    if (name === undefined || !PG_LOG_PARAMS.includes(name)) return;
    const f = find(r, 'value');
    if (f && eqi(f.value, 'off')) report(f.path, `${name} is off`);
  },
};

function geoBackupRule(e: Engine): CloudRule {
  const types = e.flexible ? [e.single, e.flexible] : [e.single];
  return {
    id: `iac/azure/${e.key}-geo-redundant-backup-disabled`,
    title: `${e.name} server explicitly disables geo-redundant backups`,
    severity: 'low',
    cwe: [693],
    description: `Backups kept only in the server's region are lost with the region; geo-redundant backups let the ${e.name} server be restored elsewhere after a regional outage.`,
    remediation: 'Set `geo_redundant_backup_enabled = true` (chosen at creation; not offered on the Basic/Burstable tiers).',
    references: types.map((t) => docs(t.replace('azurerm_', ''))),
    provider: 'azure',
    types,
    check(r, report) {
      const f = explicitFalse(r, ['geo_redundant_backup_enabled']);
      if (f) report(f.path, 'geo-redundant backup is disabled');
    },
  };
}

export const openSourceDatabaseRules: CloudRule[] = [
  sslRule(PG),
  tlsRule(PG),
  publicRule(PG),
  firewallRule(PG),
  secureTransportRule({ ...PG, flexible: 'azurerm_postgresql_flexible_server' }),
  pgLogging,
  geoBackupRule(PG),
  sslRule(MYSQL),
  tlsRule(MYSQL),
  publicRule(MYSQL),
  firewallRule(MYSQL),
  secureTransportRule({ ...MYSQL, flexible: 'azurerm_mysql_flexible_server' }),
  geoBackupRule(MYSQL),
  mysqlFlexTls,
  sslRule(MARIADB),
  tlsRule(MARIADB),
  publicRule(MARIADB),
  firewallRule(MARIADB),
  geoBackupRule(MARIADB),
];
