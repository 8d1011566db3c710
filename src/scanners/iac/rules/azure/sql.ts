import type { Resource } from '../../model/resource.js';
import { num } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitTrue, falseAt, find, isOldTls, openFirewallRule } from './util.js';

const SERVER = 'azurerm_mssql_server';
const MANAGED = 'azurerm_mssql_managed_instance';

const publicAccess: CloudRule = {
  id: 'iac/azure/sql-server-public-network-access',
  title: 'Azure SQL server explicitly enables public network access',
  severity: 'medium',
  cwe: [284],
  description: 'A SQL server (or managed instance public data endpoint) open to public networks can be reached from the internet wherever a firewall rule lets it; private endpoints keep it off the internet entirely.',
  remediation: 'Set `public_network_access_enabled = false` (managed instance: `public_data_endpoint_enabled = false`) and connect through a private endpoint.',
  references: [docs('mssql_server'), docs('mssql_managed_instance')],
  provider: 'azure',
  types: [SERVER, MANAGED],
  check(r, report) {
    const f = explicitTrue(r, r.type === MANAGED ? ['public_data_endpoint_enabled'] : ['public_network_access_enabled']);
    if (f) report(f.path, r.type === MANAGED ? 'public data endpoint is enabled' : 'public network access is enabled');
  },
};

const oldTls: CloudRule = {
  id: 'iac/azure/sql-server-tls-below-1-2',
  title: 'Azure SQL server allows TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'A minimum TLS version of 1.0, 1.1 or Disabled lets clients connect with deprecated protocols whose weaknesses expose the session.',
  remediation: 'Set `minimum_tls_version = "1.2"` (the default in azurerm v3 and later).',
  references: [docs('mssql_server'), docs('mssql_managed_instance')],
  provider: 'azure',
  types: [SERVER, MANAGED],
  check(r, report) {
    const f = find(r, 'minimum_tls_version');
    if (f && (isOldTls(f.value) || eqi(f.value, 'Disabled'))) report(f.path, `minimum TLS version is ${String(f.value)}`);
  },
};

const firewall = openFirewallRule({ id: 'sql-firewall-open-to-internet', service: 'Azure SQL', types: ['azurerm_mssql_firewall_rule', 'azurerm_sql_firewall_rule'], doc: 'mssql_firewall_rule' });

const tdeOff: CloudRule = {
  id: 'iac/azure/sql-database-tde-disabled',
  title: 'Azure SQL database transparent data encryption is off',
  severity: 'high',
  cwe: [311],
  description: 'Without transparent data encryption the database files, backups and logs are stored unencrypted.',
  remediation: 'Remove `transparent_data_encryption_enabled = false` (TDE is on by default).',
  references: [docs('mssql_database')],
  provider: 'azure',
  types: ['azurerm_mssql_database'],
  check(r, report) {
    const f = falseAt(r, ['transparent_data_encryption_enabled']);
    if (f) report(f.path, 'transparent data encryption is disabled');
  },
};

const AUDIT_TYPES = ['azurerm_mssql_server_extended_auditing_policy', 'azurerm_mssql_database_extended_auditing_policy'];

const auditingOff: CloudRule = {
  id: 'iac/azure/sql-auditing-disabled',
  title: 'Azure SQL auditing policy is disabled',
  severity: 'low',
  cwe: [778],
  description: 'With auditing off, logins, queries and permission changes on the server or database leave no trail to detect or investigate misuse.',
  remediation: 'Set `enabled = true` (the default) on the extended auditing policy.',
  references: [docs('mssql_server_extended_auditing_policy')],
  provider: 'azure',
  types: AUDIT_TYPES,
  check(r, report) {
    const f = falseAt(r, ['enabled']);
    if (f) report(f.path, 'auditing is disabled');
  },
};

const auditRetention: CloudRule = {
  id: 'iac/azure/sql-auditing-retention-short',
  title: 'Azure SQL audit logs kept less than 90 days',
  severity: 'low',
  cwe: [778],
  description: 'Audit records deleted within weeks are gone before most breaches are found; CIS Azure asks for more than 90 days.',
  remediation: 'Set `retention_in_days` to 90 or more, or 0 to keep audit logs indefinitely.',
  references: [docs('mssql_server_extended_auditing_policy')],
  provider: 'azure',
  types: [...AUDIT_TYPES, SERVER, 'azurerm_sql_server'],
  check(r, report) {
    // Older providers took the policy inline on the server.
    const f = find(r, AUDIT_TYPES.includes(r.type) ? 'retention_in_days' : 'extended_auditing_policy.retention_in_days');
    const n = num(f?.value);
    if (f && n !== undefined && n > 0 && n < 90) report(f.path, `audit logs are kept for ${n} days`);
  },
};

const ALERT_POLICY = 'azurerm_mssql_server_security_alert_policy';

const threatDetection: CloudRule = {
  id: 'iac/azure/sql-security-alert-policy-disabled',
  title: 'Azure SQL threat detection alert policy is disabled',
  severity: 'low',
  cwe: [778],
  description: 'A disabled security alert (threat detection) policy turns off Defender for SQL alerts on SQL injection, anomalous logins and data exfiltration.',
  remediation: 'Set `state = "Enabled"` on `azurerm_mssql_server_security_alert_policy` (databases: `threat_detection_policy { state = "Enabled" }`).',
  references: [docs('mssql_server_security_alert_policy'), docs('mssql_database')],
  provider: 'azure',
  types: [ALERT_POLICY, 'azurerm_mssql_database', 'azurerm_sql_database'],
  check(r, report) {
    const f = find(r, r.type === ALERT_POLICY ? 'state' : 'threat_detection_policy.state');
    if (f && eqi(f.value, 'Disabled')) report(f.path, 'threat detection alerts are disabled');
  },
};

const AD_ADMIN = 'azurerm_sql_active_directory_administrator';

const noEntraAdmin: CloudRule = {
  id: 'iac/azure/sql-server-no-entra-admin',
  title: 'Azure SQL server has no Microsoft Entra administrator',
  severity: 'low',
  cwe: [287],
  description: 'Without an Entra ID (Azure AD) administrator the server only supports SQL logins: passwords that cannot use MFA, conditional access or central deprovisioning.',
  remediation: 'Add an `azuread_administrator { login_username = ..., object_id = ... }` block (optionally `azuread_authentication_only = true`).',
  references: [docs('mssql_server')],
  provider: 'azure',
  types: [SERVER, 'azurerm_sql_server'],
  check(r, report, ctx) {
    const inline = r.attrs.azuread_administrator;
    if (inline !== undefined && inline !== null && !(Array.isArray(inline) && inline.length === 0)) return;
    // The legacy separate resource names its server by reference or by literal name; one whose
    // server is unknown and unreferenced might be this one, so stay silent then.
    if (ctx.graph.referrers(r, [AD_ADMIN]).length > 0) return;
    const covers = (a: Resource): boolean => {
      const server = a.attrs.server_name;
      if (typeof server === 'string') return server === r.attrs.name;
      return (a.refs.get('server_name') ?? []).length === 0;
    };
    if (ctx.graph.ofType(AD_ADMIN).some(covers)) return;
    report(null, 'no Entra ID administrator is configured');
  },
};

export const sqlRules: CloudRule[] = [publicAccess, oldTls, firewall, tdeOff, auditingOff, auditRetention, threatDetection, noEntraAdmin];
