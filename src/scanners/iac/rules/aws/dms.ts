/** Database Migration Service replication instances. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagTrue } from './rds-util.js';

export const dmsPublic = awsRule({
  id: 'dms-replication-instance-public',
  title: 'DMS replication instance is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A public replication instance has a public IP address while holding credentials for, and streaming data between, source and target databases.',
  remediation: 'Set `publicly_accessible = false` and reach on-premises sources over VPN or Direct Connect.',
  types: ['aws_dms_replication_instance'],
  check(r, report) {
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const dmsRules: CloudRule[] = [dmsPublic];
