import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key';

export const iamAccessKeyPlaintextSecret: CloudRule = {
  id: 'iac/aws/iam-access-key-plaintext-secret',
  title: 'IAM access key secret stored in plain text in Terraform state',
  severity: 'low',
  cwe: [312],
  description: 'Without `pgp_key`, the secret access key Terraform creates is written unencrypted into the state file, where anyone who can read the state can use it.',
  remediation: 'Set `pgp_key` (a keybase:username or base64 public key) on aws_iam_access_key, or prefer roles and short-lived credentials over user access keys.',
  references: [DOCS],
  provider: 'aws',
  types: ['aws_iam_access_key'],
  check(r, report) {
    // CloudFormation returns the secret through GetAtt; there is no Terraform state to leak it.
    if (r.source === 'cloudformation' || r.attrs['status'] === 'Inactive') return;
    if (isUnset(r.attrs['pgp_key'])) report(whereSet(r, 'pgp_key'), 'The access key has no pgp_key: its secret is stored in plain text in the state');
  },
};

export const iamAccessKeyRules: CloudRule[] = [iamAccessKeyPlaintextSecret];
