import { describe, expect, it } from 'vitest';
import { isSecretName } from '../../../../src/scanners/iac/rules/dockerfile/secret-names.js';

describe('secret variable names', () => {
  it.each([
    'DB_PASSWORD', 'PASSWORD', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASS', 'MYSQL_PWD', 'PASSWD', 'JWT_SECRET', 'SECRET_KEY',
    'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'NPM_TOKEN', 'API_KEY', 'APIKEY', 'STRIPE_API_KEY', 'CLIENT_SECRET',
    'PRIVATE_KEY', 'ACCESS_TOKEN', 'NEXTAUTH_SECRET', 'ENCRYPTION_KEY', 'db_password', 'BASIC_AUTH',
  ])('%s is a secret name', (n) => expect(isSecretName(n)).toBe(true));

  it.each([
    'PASSWORD_FILE', 'DB_PASSWORD_FILE', 'TOKEN_URL', 'AUTH_TYPE', 'SECRET_NAME', 'API_KEY_HEADER', 'PASSWORD_MIN_LENGTH',
    'AWS_ACCESS_KEY_ID', 'GPG_KEY', 'KEY', 'NODE_ENV', 'PATH', 'TOKEN_TTL', 'AUTH_ENABLED', 'PASSPORT_VERSION',
  ])('%s is not a secret name', (n) => expect(isSecretName(n)).toBe(false));
});
