/** Database Migration Service replication instances. */
import { str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagTrue, isOneOf, written } from './rds-util.js';

export const dmsPublic = awsRule({
  id: 'dms-replication-instance-public',
  title: 'DMS replication instance is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A public replication instance has a public IP address while holding credentials for, and streaming data between, source and target databases.',
  remediation: 'Set `publicly_accessible = false` (CloudFormation: `PubliclyAccessible: false`) and reach on-premises sources over VPN or Direct Connect.',
  types: ['aws_dms_replication_instance'],
  check(r, report) {
    // The DMS API defaults PubliclyAccessible to true. The Terraform provider always sends its
    // own false when the argument is omitted; CloudFormation leaves it out and takes the API's default.
    if (r.source === 'cloudformation' && r.attrs['publicly_accessible'] === undefined) {
      report(null, `${r.address} does not set PubliclyAccessible, which defaults to true`);
      return;
    }
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const dmsEndpointNoSsl = awsRule({
  id: 'dms-endpoint-ssl-disabled',
  title: 'DMS endpoint connects without SSL',
  severity: 'medium',
  cwe: [319],
  description: 'With `ssl_mode = "none"` the replication instance reads from or writes to the database unencrypted, exposing every migrated row and the endpoint credentials on the network.',
  remediation: 'Set `ssl_mode = "verify-full"` (or at least "require") and provide `certificate_arn`.',
  types: ['aws_dms_endpoint'],
  check(r, report) {
    if (written(r, 'ssl_mode') && isOneOf(r.attrs['ssl_mode'], 'none')) report('ssl_mode', `${r.address} connects to ${str(r.attrs['engine_name']) ?? 'its database'} without SSL`);
  },
});

export const dmsRules: CloudRule[] = [dmsPublic, dmsEndpointNoSsl];
