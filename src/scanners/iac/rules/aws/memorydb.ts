/** MemoryDB clusters. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagFalse, isOneOf } from './rds-util.js';

export const memorydbTlsDisabled = awsRule({
  id: 'memorydb-tls-disabled',
  title: 'MemoryDB cluster does not use TLS',
  severity: 'medium',
  cwe: [319],
  description: 'With `tls_enabled = false`, commands, data and passwords between clients and the cluster cross the network unencrypted.',
  remediation: 'Set `tls_enabled = true` (the default).',
  types: ['aws_memorydb_cluster'],
  check(r, report) {
    flagFalse(r, 'tls_enabled', report, `${r.address} does not encrypt client connections`);
  },
});

export const memorydbOpenAccess = awsRule({
  id: 'memorydb-open-access-acl',
  title: 'MemoryDB cluster uses the open-access ACL',
  severity: 'high',
  cwe: [306],
  description: 'The built-in `open-access` ACL lets any client that reaches the cluster run every command on every key without a password.',
  remediation: 'Create an `aws_memorydb_acl` with password-protected users and set `acl_name` to it.',
  types: ['aws_memorydb_cluster'],
  check(r, report) {
    if (isOneOf(r.attrs['acl_name'], 'open-access')) report('acl_name', `${r.address} lets clients in without authentication`);
  },
});

export const memorydbRules: CloudRule[] = [memorydbTlsDisabled, memorydbOpenAccess];
