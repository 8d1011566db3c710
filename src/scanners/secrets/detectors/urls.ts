import type { Detector } from '../detector.js';
import { isPlaceholder } from '../filters.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  references: ['https://cwe.mitre.org/data/definitions/798.html'],
};

// Passwords that documentation and templates use as stand-ins.
const STAND_INS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'pw', 'secret', 'mypassword', 'yourpassword', 'user', 'username',
  'xxx', 'xxxx', '***', '****', 'redacted', 'hidden', 'masked', 'null', 'none', 'undefined', 'changeit',
]);

/** Hosts reserved for documentation (RFC 2606 / 6761). */
const DOC_HOST = /@[^/?#\s]*?(?:\bexample\.(?:com|org|net)|\.example|\.invalid|\.test)(?:[:/?#\s"'`]|$)/i;

/** A password written into a URL or connection string, not a template hole or a docs stand-in. */
export function realPassword(raw: string, match: string): boolean {
  let p = raw;
  try {
    p = decodeURIComponent(raw);
  } catch {
    /* keep raw */
  }
  if (p.length < 4) return false; // a:b@, x:y@ — documentation shapes, not passwords
  if (/\/\/anonymous:/i.test(match)) return false; // anonymous FTP/LDAP logins
  if (isPlaceholder(p)) return false;
  if (/^[$%]/.test(p)) return false; // $PASS, $env:PASS, %s, %(password)s, %PASS%
  if (/^[<{[(]/.test(p) || /[>}\])]$/.test(p)) return false;
  if (/[{}<>]/.test(p)) return false;
  if (STAND_INS.has(p.toLowerCase())) return false;
  if (/^\*+$|^x+$/i.test(p)) return false;
  if (DOC_HOST.test(match)) return false;
  return true;
}

const USER = `[^:@/\\s"'\`<>]{0,128}`;
const PASS = `([^@/\\s"'\`<>]{1,256})`;
const HOST = '@[A-Za-z0-9.\\[\\]_%:-]{1,255}';

function urlDetector(name: string, title: string, scheme: string, keywords: string[], what: string, remediation: string): Detector {
  return {
    ...common,
    id: `secrets/urls/${name}`,
    title,
    description: `A password written into a ${what} URL (scheme://user:password@host); anyone who reads the file can connect with it.`,
    remediation,
    keywords,
    pattern: `(?i:${scheme})://${USER}:${PASS}${HOST}`,
    maxLength: 680,
    check: realPassword,
  };
}

const DB_FIX = 'Change the database user\'s password, then inject the connection URL from a secrets manager or environment at runtime instead of committing it.';

export const detectors: Detector[] = [
  urlDetector('postgres-password', 'PostgreSQL password in connection URL', 'postgres(?:ql)?(?:\\+[a-z0-9]+)?', ['postgres'], 'PostgreSQL', DB_FIX),
  urlDetector('mysql-password', 'MySQL / MariaDB password in connection URL', '(?:mysql|mysqlx|mariadb)(?:\\+[a-z0-9]+)?', ['mysql', 'mariadb'], 'MySQL or MariaDB', DB_FIX),
  urlDetector('mongodb-password', 'MongoDB password in connection URL', 'mongodb(?:\\+srv)?', ['mongodb'], 'MongoDB', DB_FIX),
  urlDetector('redis-password', 'Redis password in connection URL', 'rediss?', ['redis'], 'Redis', 'Change the Redis password (requirepass / ACL user), then inject the URL from a secrets manager at runtime.'),
  urlDetector('amqp-password', 'AMQP (RabbitMQ) password in connection URL', 'amqps?', ['amqp'], 'AMQP broker', 'Change the broker user\'s password, then inject the URL from a secrets manager at runtime.'),
  urlDetector('sqlserver-password', 'SQL Server password in connection URL', '(?:mssql|sqlserver)(?:\\+[a-z0-9]+)?', ['mssql', 'sqlserver'], 'SQL Server', DB_FIX),
  urlDetector('ftp-password', 'FTP / SFTP password in URL', 's?ftps?', ['ftp'], 'FTP or SFTP', 'Change the account password (prefer SFTP with keys), then remove the URL from the repository.'),
  urlDetector('ldap-password', 'LDAP bind password in URL', 'ldaps?', ['ldap'], 'LDAP', 'Change the bind account password, then inject it from a secrets manager at runtime.'),
  urlDetector('smtp-password', 'SMTP password in URL', 'smtps?', ['smtp'], 'SMTP', 'Change the mail account password or app password, then inject it from a secrets manager at runtime.'),
  {
    ...urlDetector('http-basic-auth', 'Credentials in HTTP(S) URL', 'https?', ['http'], 'HTTP(S)', 'Change the password or revoke the token embedded in the URL, and pass credentials in a header from a secrets store instead.'),
    severity: 'medium',
  },
  {
    ...common,
    id: 'secrets/urls/jdbc-password',
    title: 'Password in JDBC URL',
    description: 'A JDBC URL with a password parameter (password=) or Oracle thin user/password@ form.',
    remediation: DB_FIX,
    keywords: ['jdbc:'],
    pattern:
      `jdbc:(?:oracle:thin:[^/\\s:@"'\`]{1,64}/|[a-z0-9]{2,20}:[^\\s"'\`<>]{0,300}?[?;&:](?i:password)=)` +
      `([^@&;\\s"'\`<>]{1,200})`,
    maxLength: 560,
    check: realPassword,
  },
  {
    ...common,
    id: 'secrets/urls/connection-string-password',
    title: 'Password in database connection string',
    description: 'An ADO.NET / ODBC style connection string (Server=...;Password=...) with a literal password.',
    remediation: DB_FIX,
    keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
    pattern:
      // Unbounded within one line: large counted repeats make RE2's DFA slow, and a line ends the match.
      '(?i:server|data source|host|address|addr)[ \\t]*=[ \\t]*[^;"\'\\n]+;[^"\'\\n]*?' +
      '(?i:password|pwd)[ \\t]*=[ \\t]*([^;"\'\\s]{1,128})',
    maxLength: 660,
    check: realPassword,
  },
];
