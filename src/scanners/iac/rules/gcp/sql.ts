import type { Resource } from '../../model/resource.js';
import { isUnknown, type ObjectValue, type Value } from '../../model/value.js';
import { blocks, isAbsent, isFalse, isOpenToWorld, isTrue, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { GCP, docs, flagOff, flagOn, noBlock } from './util.js';

const TYPES = ['google_sql_database_instance'] as const;
const REF = docs('google_sql_database_instance');

type Engine = 'MYSQL' | 'POSTGRES' | 'SQLSERVER';

/** False only when database_version is known and names another engine. */
function mayBe(r: Resource, engine: Engine): boolean {
  const v = str(r.attrs.database_version);
  return v === undefined || v.toUpperCase().startsWith(engine);
}

const ipConfigs = (r: Resource) => blocks(r.attrs, 'settings').flatMap((s) => blocks(s.block, 'ip_configuration', s.path));

export const sqlPublicNetwork: CloudRule = {
  id: `${GCP}sql-public-authorized-network`,
  title: 'Cloud SQL instance open to the internet',
  severity: 'critical',
  cwe: [284],
  description: 'An authorized network of 0.0.0.0/0 on an instance with a public IPv4 address lets anyone on the internet connect to the database and try credentials.',
  remediation: 'Remove 0.0.0.0/0 from `settings.ip_configuration.authorized_networks`; use private IP (`ipv4_enabled = false`, `private_network`) or the Cloud SQL Auth Proxy.',
  references: [REF, 'https://cloud.google.com/sql/docs/mysql/configure-ip'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    for (const ip of ipConfigs(r)) {
      // Without a public address the authorized networks have nothing to open.
      if (isFalse(ip.block.ipv4_enabled) || isUnknown(ip.block.ipv4_enabled)) continue;
      for (const n of blocks(ip.block, 'authorized_networks', ip.path)) {
        const v = str(n.block.value);
        if (v !== undefined && isOpenToWorld(v)) report(`${n.path}.value`, `authorized network ${v} admits the whole internet`);
      }
    }
  },
};

const SSL_MODE_PLAIN = 'ALLOW_UNENCRYPTED_AND_ENCRYPTED';

/**
 * Whether clients can reach the instance without a Cloud SQL connector (Auth Proxy, language
 * connectors), which always use TLS: over private IP, Private Service Connect, or public IP from
 * an authorized network. Undefined when that depends on an unknown value.
 */
function directPath(ip: ObjectValue): boolean | undefined {
  const pn = ip.private_network;
  // Written as a reference or variable, private_network is unknown until apply, but it is set:
  // whatever network it names, the instance gets a private IP.
  if (typeof pn === 'string' ? pn.trim() !== '' : isUnknown(pn)) return true;
  let unknown = isUnknown(ip.psc_config) || isUnknown(ip.authorized_networks);
  for (const p of blocks(ip, 'psc_config')) {
    if (isTrue(p.block.psc_enabled)) return true;
    if (isUnknown(p.block.psc_enabled)) unknown = true;
  }
  if (blocks(ip, 'authorized_networks').length > 0) {
    if (isUnknown(ip.ipv4_enabled)) unknown = true;
    else if (!isFalse(ip.ipv4_enabled)) return true;
  }
  return unknown ? undefined : false;
}

export const sqlSsl: CloudRule = {
  id: `${GCP}sql-ssl-not-required`,
  title: 'Cloud SQL accepts unencrypted connections',
  severity: 'medium',
  cwe: [319],
  description:
    'Unless SSL/TLS is required, clients reaching the instance directly (private IP, Private Service Connect or an authorized network) may connect in plaintext, and credentials and data cross the network readable. ssl_mode defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED; an instance left at that default is reported when such a direct path exists (Cloud SQL connectors always encrypt), one that writes a plaintext-permitting setting always.',
  remediation: 'Set `settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY"` (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED; `require_ssl = true` on provider versions before 6).',
  references: [REF, 'https://cloud.google.com/sql/docs/mysql/configure-ssl-instance', 'https://cloud.google.com/sql/docs/mysql/connect-overview'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    // Without ip_configuration there is neither private IP nor an authorized network: only connectors, which use TLS, get in.
    for (const ip of ipConfigs(r)) {
      const mode = ip.block.ssl_mode;
      const req = ip.block.require_ssl;
      if (isUnknown(mode) || isUnknown(req)) continue;
      const m = typeof mode === 'string' ? mode.trim().toUpperCase() : '';
      if (m === SSL_MODE_PLAIN) {
        report(`${ip.path}.ssl_mode`, `ssl_mode is ${SSL_MODE_PLAIN}`);
        continue;
      }
      // An empty ssl_mode or SSL_MODE_UNSPECIFIED is the same as leaving it out: require_ssl decides.
      if (m !== '' && m !== 'SSL_MODE_UNSPECIFIED') continue;
      if (isFalse(req)) report(`${ip.path}.require_ssl`, 'require_ssl is false');
      else if (isAbsent(req)) {
        if (m !== '') report(`${ip.path}.ssl_mode`, 'ssl_mode is SSL_MODE_UNSPECIFIED and require_ssl is not set: unencrypted connections are allowed');
        else if (directPath(ip.block) === true) report(null, 'neither ssl_mode nor require_ssl is set and clients can connect directly: unencrypted connections are allowed');
      }
    }
  },
};

export const sqlBackups: CloudRule = {
  id: `${GCP}sql-backups-disabled`,
  title: 'Cloud SQL automated backups disabled',
  severity: 'low',
  cwe: [693],
  description: 'Without automated backups a deleted table, corrupted data or ransomware cannot be rolled back (backup_configuration.enabled defaults to false).',
  remediation: 'Add `settings { backup_configuration { enabled = true } }` (plus point_in_time_recovery_enabled or binary_log_enabled).',
  references: [REF, 'https://cloud.google.com/sql/docs/mysql/backup-recovery/backups'],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    const a = r.attrs;
    // Read replicas cannot have their own backups.
    if (!isAbsent(a.master_instance_name)) return;
    for (const s of blocks(a, 'settings')) {
      if (noBlock(s.block, 'backup_configuration')) report(null, 'no backup_configuration: automated backups are off');
      for (const b of blocks(s.block, 'backup_configuration', s.path)) {
        if (isFalse(b.block.enabled)) report(`${b.path}.enabled`, 'automated backups are disabled');
        else if (isAbsent(b.block.enabled)) report(null, 'backup_configuration.enabled is not set (defaults to false)');
      }
    }
  },
};

/** Calls `fn` with every known database flag and its value path. */
function eachFlag(r: Resource, fn: (name: string, value: Value, path: string) => void): void {
  for (const s of blocks(r.attrs, 'settings')) {
    for (const f of blocks(s.block, 'database_flags', s.path)) {
      const name = str(f.block.name);
      if (name !== undefined && f.block.value !== undefined) fn(name.trim().toLowerCase(), f.block.value, `${f.path}.value`);
    }
  }
}

/** A rule for one engine's database flag with a known insecure value. */
function flagRule(o: {
  id: string;
  engine: Engine;
  flag: string;
  bad: (v: Value) => boolean;
  severity: CloudRule['severity'];
  cwe: number[];
  title: string;
  description: string;
  remediation: string;
  doc: string;
  message: string;
}): CloudRule {
  return {
    id: `${GCP}${o.id}`,
    title: o.title,
    severity: o.severity,
    cwe: o.cwe,
    description: o.description,
    remediation: o.remediation,
    references: [REF, o.doc],
    provider: 'gcp',
    types: TYPES,
    check(r, report: CloudReport) {
      if (!mayBe(r, o.engine)) return;
      eachFlag(r, (name, value, path) => {
        if (name === o.flag && o.bad(value)) report(path, o.message);
      });
    },
  };
}

const MYSQL_FLAGS = 'https://cloud.google.com/sql/docs/mysql/flags';
const PG_FLAGS = 'https://cloud.google.com/sql/docs/postgres/flags';
const MSSQL_FLAGS = 'https://cloud.google.com/sql/docs/sqlserver/flags';

export const mysqlLocalInfile = flagRule({
  id: 'sql-mysql-local-infile',
  engine: 'MYSQL',
  flag: 'local_infile',
  bad: flagOn,
  severity: 'medium',
  cwe: [73],
  title: 'MySQL local_infile enabled',
  description: 'With local_infile on, LOAD DATA LOCAL lets the server read files from the client host; a malicious server or SQL injection can exfiltrate client files.',
  remediation: 'Set the `local_infile` database flag to "off" (or remove it).',
  doc: MYSQL_FLAGS,
  message: 'local_infile is on',
});

export const mysqlSkipShowDatabase = flagRule({
  id: 'sql-mysql-show-database-allowed',
  engine: 'MYSQL',
  flag: 'skip_show_database',
  bad: flagOff,
  severity: 'low',
  cwe: [200],
  title: 'MySQL skip_show_database turned off',
  description: 'With skip_show_database off, any user can run SHOW DATABASES and list every database on the instance, helping an attacker map it.',
  remediation: 'Set the `skip_show_database` database flag to "on".',
  doc: MYSQL_FLAGS,
  message: 'skip_show_database is off: every user can list all databases',
});

const PG_LOG_FLAGS = ['log_connections', 'log_disconnections', 'log_checkpoints', 'log_lock_waits'];

export const postgresLogging: CloudRule = {
  id: `${GCP}sql-postgres-logging-off`,
  title: 'PostgreSQL connection/activity logging turned off',
  severity: 'low',
  cwe: [778],
  description: 'Turning off log_connections, log_disconnections, log_checkpoints or log_lock_waits removes the records needed to detect brute force and investigate incidents or stalls.',
  remediation: 'Set the database flags log_connections, log_disconnections, log_checkpoints and log_lock_waits to "on".',
  references: [REF, PG_FLAGS],
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    if (!mayBe(r, 'POSTGRES')) return;
    eachFlag(r, (name, value, path) => {
      if (PG_LOG_FLAGS.includes(name) && flagOff(value)) report(path, `${name} is off`);
    });
  },
};

export const sqlServerContainedAuth = flagRule({
  id: 'sql-sqlserver-contained-db-auth',
  engine: 'SQLSERVER',
  flag: 'contained database authentication',
  bad: flagOn,
  severity: 'medium',
  cwe: [287],
  title: 'SQL Server contained database authentication enabled',
  description: 'Contained databases carry their own users that authenticate without a server login, bypassing instance-level access control and auditing.',
  remediation: 'Set the `contained database authentication` database flag to "off".',
  doc: MSSQL_FLAGS,
  message: 'contained database authentication is on',
});

export const sqlServerCrossDbChaining = flagRule({
  id: 'sql-sqlserver-cross-db-ownership-chaining',
  engine: 'SQLSERVER',
  flag: 'cross db ownership chaining',
  bad: flagOn,
  severity: 'medium',
  cwe: [269],
  title: 'SQL Server cross db ownership chaining enabled',
  description: 'Cross-database ownership chaining lets a user with rights in one database reach objects in another through ownership chains, skipping permission checks.',
  remediation: 'Set the `cross db ownership chaining` database flag to "off".',
  doc: MSSQL_FLAGS,
  message: 'cross db ownership chaining is on',
});

export const sqlServerExternalScripts = flagRule({
  id: 'sql-sqlserver-external-scripts',
  engine: 'SQLSERVER',
  flag: 'external scripts enabled',
  bad: flagOn,
  severity: 'medium',
  cwe: [94],
  title: 'SQL Server external scripts enabled',
  description: 'External scripts let T-SQL run R/Python code outside the database engine, widening what a SQL injection or malicious user can execute.',
  remediation: 'Set the `external scripts enabled` database flag to "off".',
  doc: MSSQL_FLAGS,
  message: 'external scripts enabled is on',
});

export const sqlServerRemoteAccess = flagRule({
  id: 'sql-sqlserver-remote-access',
  engine: 'SQLSERVER',
  flag: 'remote access',
  bad: flagOn,
  severity: 'low',
  cwe: [284],
  title: 'SQL Server remote access enabled',
  description: 'The remote access option lets stored procedures run from and on remote servers, which can be abused to launch attacks or denial of service from the instance.',
  remediation: 'Set the `remote access` database flag to "off".',
  doc: MSSQL_FLAGS,
  message: 'remote access is on',
});

export const sqlHardcodedPassword: CloudRule = {
  id: `${GCP}sql-hardcoded-password`,
  title: 'Cloud SQL password written in the configuration',
  severity: 'high',
  cwe: [798],
  description: 'A literal database password (in the resource or a variable default) sits in version control and in plain text in Terraform state, readable by everyone with access to either.',
  remediation: 'Generate it (random_password) and store it in Secret Manager, or pass it in through a variable without a default, marked sensitive.',
  references: [docs('google_sql_user'), 'https://cloud.google.com/sql/docs/mysql/create-manage-users'],
  provider: 'gcp',
  types: ['google_sql_user', ...TYPES],
  check(r, report) {
    const key = r.type === 'google_sql_user' ? 'password' : 'root_password';
    const v = r.attrs[key];
    // Evaluation turned references (random_password, secrets, variables without defaults) into Unknowns: a string here was written down.
    if (typeof v === 'string' && v.trim() !== '') report(key, `${key} is written in the configuration`);
  },
};

export const sqlRules: CloudRule[] = [
  sqlPublicNetwork,
  sqlSsl,
  sqlBackups,
  mysqlLocalInfile,
  mysqlSkipShowDatabase,
  postgresLogging,
  sqlServerContainedAuth,
  sqlServerCrossDbChaining,
  sqlServerExternalScripts,
  sqlServerRemoteAccess,
  sqlHardcodedPassword,
];
