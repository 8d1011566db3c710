/** QLDB ledgers. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isOneOf } from './rds-util.js';

export const qldbAllowAll = awsRule({
  id: 'qldb-permissions-allow-all',
  title: 'QLDB ledger uses the ALLOW_ALL permissions mode',
  severity: 'medium',
  cwe: [732],
  description: 'In ALLOW_ALL mode anyone allowed `qldb:SendCommand` can run every PartiQL command on every table; table-level IAM permissions are ignored.',
  remediation: 'Set `permissions_mode = "STANDARD"` and grant table-level PartiQL permissions.',
  types: ['aws_qldb_ledger'],
  check(r, report) {
    if (isOneOf(r.attrs['permissions_mode'], 'ALLOW_ALL')) report('permissions_mode', `${r.address} ignores table-level permissions`);
  },
});

export const qldbRules: CloudRule[] = [qldbAllowAll];
