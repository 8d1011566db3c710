/** Glue security configurations and Data Catalog encryption settings. */
import { blocks, get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagFalse, isOneOf } from './rds-util.js';

export const glueSecurityConfigUnencrypted = awsRule({
  id: 'glue-security-configuration-encryption-disabled',
  title: 'Glue security configuration leaves data unencrypted',
  severity: 'medium',
  cwe: [311],
  description: 'Jobs and crawlers using this security configuration write S3 output, CloudWatch logs or job bookmarks without encryption.',
  remediation: 'Set `s3_encryption_mode = "SSE-KMS"`, `cloudwatch_encryption_mode = "SSE-KMS"` and `job_bookmarks_encryption_mode = "CSE-KMS"` with a KMS key.',
  types: ['aws_glue_security_configuration'],
  check(r, report) {
    const modes: [string, string, string][] = [
      ['s3_encryption', 's3_encryption_mode', 'S3 output'],
      ['cloudwatch_encryption', 'cloudwatch_encryption_mode', 'CloudWatch logs'],
      ['job_bookmarks_encryption', 'job_bookmarks_encryption_mode', 'job bookmarks'],
    ];
    for (const enc of blocks(r.attrs, 'encryption_configuration')) {
      for (const [name, attr, what] of modes) {
        for (const { block, path } of blocks(enc.block, name, enc.path)) {
          const mode = block[attr];
          if (isOneOf(mode, 'DISABLED')) report(`${path}.${attr}`, `${r.address} does not encrypt ${what}`);
          // Every mode defaults to DISABLED: a block that names only a key encrypts nothing.
          else if (mode === undefined || mode === null) report(path, `${r.address} does not set ${attr} (defaults to DISABLED), so ${what} stay unencrypted`);
        }
      }
    }
  },
});

const CATALOG = 'data_catalog_encryption_settings.0';

export const glueCatalogUnencrypted = awsRule({
  id: 'glue-data-catalog-encryption-disabled',
  title: 'Glue Data Catalog is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'Catalog metadata (table schemas, locations, connection details) is stored unencrypted when `catalog_encryption_mode` is DISABLED.',
  remediation: 'Set `encryption_at_rest { catalog_encryption_mode = "SSE-KMS", sse_aws_kms_key_id = ... }`.',
  types: ['aws_glue_data_catalog_encryption_settings'],
  check(r, report) {
    const path = `${CATALOG}.encryption_at_rest.0.catalog_encryption_mode`;
    if (isOneOf(get(r.attrs, path), 'DISABLED')) report(path, `${r.address} does not encrypt the Data Catalog`);
  },
});

export const glueConnectionPasswordsPlain = awsRule({
  id: 'glue-connection-passwords-not-encrypted',
  title: 'Glue connection passwords are returned unencrypted',
  severity: 'medium',
  cwe: [312],
  description: 'With `return_connection_password_encrypted = false`, GetConnection returns database passwords of Glue connections in clear text to anyone allowed to call it.',
  remediation: 'Set `connection_password_encryption { return_connection_password_encrypted = true, aws_kms_key_id = ... }`.',
  types: ['aws_glue_data_catalog_encryption_settings'],
  check(r, report) {
    flagFalse(r, `${CATALOG}.connection_password_encryption.0.return_connection_password_encrypted`, report, `${r.address} returns connection passwords in clear text`);
  },
});

export const glueRules: CloudRule[] = [glueSecurityConfigUnencrypted, glueCatalogUnencrypted, glueConnectionPasswordsPlain];
