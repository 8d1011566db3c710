import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x0a11);
const pw = () => g.tok(CS.alnum, 16);

const schemeCases = (scheme: string, port: number, extra = '') => ({
  flagged: [
    `DATABASE_URL=${scheme}://app_user:${pw()}@db.internal:${port}/orders${extra}`,
    `  url: "${scheme}://svc:${encodeURIComponent(`${g.tok(CS.alnum, 10)}@!#`)}@10.0.4.12:${port}"`,
  ],
  clean: [
    `${scheme}://app_user:\${DB_PASSWORD}@db.internal:${port}/orders`,
    `${scheme}://app_user:$DB_PASSWORD@db.internal:${port}/orders`,
    `${scheme}://app_user:<password>@db.internal:${port}/orders`,
    `${scheme}://user:password@localhost:${port}/orders`,
    `${scheme}://app_user@db.internal:${port}/orders`,
    `${scheme}://app_user:${pw()}@db.example.com:${port}/orders`,
    `${scheme}://app_user:%s@db.internal:${port}/orders`,
  ],
});

export const cases: FamilyCases = {
  'secrets/urls/postgres-password': schemeCases('postgresql', 5432, '?sslmode=require'),
  'secrets/urls/mysql-password': schemeCases('mysql', 3306),
  'secrets/urls/mongodb-password': schemeCases('mongodb+srv', 27017, '?retryWrites=true'),
  'secrets/urls/redis-password': {
    flagged: [`REDIS_URL=redis://:${pw()}@cache.internal:6379/0`, `cache: rediss://default:${pw()}@cache.internal:6380`],
    clean: ['REDIS_URL=redis://localhost:6379/0', 'redis://:${REDIS_PASSWORD}@cache:6379', `redis://:xxxxxxxx@cache:6379`],
  },
  'secrets/urls/amqp-password': schemeCases('amqps', 5671),
  'secrets/urls/sqlserver-password': schemeCases('sqlserver', 1433),
  'secrets/urls/ftp-password': (() => {
    const c = schemeCases('sftp', 22);
    return { flagged: c.flagged, clean: [...c.clean, 'ftp://anonymous:guest2024@mirror.internal/pub'] };
  })(),
  'secrets/urls/ldap-password': schemeCases('ldaps', 636),
  'secrets/urls/smtp-password': schemeCases('smtps', 465),
  'secrets/urls/http-basic-auth': {
    flagged: [
      `git remote add origin https://x-access-token:${g.tok(CS.alnum, 24)}@git.internal.corp/org/repo.git`,
      `PROXY=http://proxyuser:${pw()}@10.1.2.3:3128`,
    ],
    clean: [
      'https://user:pass@example.com/path',
      'https://${USER}:${TOKEN}@git.internal.corp/org/repo.git',
      'https://git.internal.corp:8443/org/repo.git',
      'http://[::1]:8080/health',
      "href: 'https://a:b@xn--g6w251d/?abc#foo'",
    ],
  },
  'secrets/urls/jdbc-password': {
    flagged: [
      `spring.datasource.url=jdbc:postgresql://db.internal:5432/orders?user=app&password=${pw()}&ssl=true`,
      `url: jdbc:oracle:thin:scott/${pw()}@//ora.internal:1521/ORCL`,
      `jdbc:sqlserver://sql.internal:1433;databaseName=orders;user=app;password=${pw()};encrypt=true`,
    ],
    clean: [
      'jdbc:postgresql://db.internal:5432/orders?user=app&password=${DB_PASSWORD}',
      'jdbc:postgresql://db.internal:5432/orders?user=app',
      'jdbc:oracle:thin:@//ora.internal:1521/ORCL',
      'jdbc:mysql://db.internal/orders?user=app&password=changeme',
    ],
  },
  'secrets/urls/connection-string-password': {
    flagged: [
      `"Default": "Server=sql.internal,1433;Database=Orders;User Id=app;Password=${pw()};TrustServerCertificate=True"`,
      `ConnectionString = "Data Source=ora.internal;User ID=app;Pwd=${pw()};"`,
    ],
    clean: [
      '"Default": "Server=sql.internal;Database=Orders;Integrated Security=True"',
      '"Default": "Server=sql.internal;Database=Orders;User Id=app;Password={db_password}"',
      '"Default": "Server=sql.internal;Database=Orders;User Id=app;Password=;"',
      '"Default": "Server=sql.internal;Database=Orders;User Id=app;Password=%DB_PASSWORD%"',
    ],
  },
};
