import { str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { written } from './ec2-plan.js';
import { matchingElementPath } from './ec2-list-path.js';

const DOC = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/transfer_server';
const SERVER = ['aws_transfer_server'] as const;

/** Policies that still offer SHA-1 / CBC algorithms (the provider default is the 2018 one). */
const OUTDATED_POLICIES = new Set(['TransferSecurityPolicy-2018-11', 'TransferSecurityPolicy-2020-06', 'TransferSecurityPolicy-FIPS-2020-06']);

export const transferRules: CloudRule[] = [
  {
    id: 'iac/aws/transfer-server-public',
    title: 'Transfer Family server has a public endpoint',
    severity: 'medium',
    cwe: [668],
    description: 'A PUBLIC endpoint puts the SFTP server on the internet with no security group in front of it, open to credential stuffing from anywhere.',
    remediation: 'Set `endpoint_type = "VPC"` with `endpoint_details` (security groups, subnets, optional Elastic IPs for controlled internet access).',
    references: [`${DOC}#endpoint_type`],
    provider: 'aws',
    types: SERVER,
    check(r, report) {
      // Only a written PUBLIC: partner-facing SFTP on the default endpoint is the service's ordinary use.
      if (str(r.attrs['endpoint_type']) === 'PUBLIC' && written(r, 'endpoint_type')) report('endpoint_type', 'the server endpoint is public');
    },
  },
  {
    id: 'iac/aws/transfer-server-ftp',
    title: 'Transfer Family server allows plain FTP',
    severity: 'high',
    cwe: [319],
    description: 'FTP sends user names, passwords and files in cleartext over the network.',
    remediation: 'Set `protocols = ["SFTP"]` (or "FTPS" with a certificate).',
    references: [`${DOC}#protocols`],
    provider: 'aws',
    types: SERVER,
    check(r, report) {
      const at = matchingElementPath(r.attrs['protocols'], 'protocols', (p) => p === 'FTP');
      if (at) report(at, 'plain FTP is enabled');
    },
  },
  {
    id: 'iac/aws/transfer-outdated-security-policy',
    title: 'Transfer Family server uses an outdated security policy',
    severity: 'low',
    cwe: [327],
    description: 'The security policy still offers SHA-1 based or CBC algorithms for SSH and TLS sessions.',
    remediation: 'Set `security_policy_name = "TransferSecurityPolicy-2024-01"` (or a newer policy).',
    references: [`${DOC}#security_policy_name`, 'https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html'],
    provider: 'aws',
    types: SERVER,
    check(r, report) {
      const p = str(r.attrs['security_policy_name']);
      if (p !== undefined && OUTDATED_POLICIES.has(p) && written(r, 'security_policy_name')) report('security_policy_name', `${p} allows outdated algorithms`);
    },
  },
];
