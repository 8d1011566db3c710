import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';

/** Long-lived user credentials whose secret Terraform would keep in its state. */

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

export const iamLoginProfilePlaintextPassword: CloudRule = {
  id: 'iac/aws/iam-login-profile-plaintext-password',
  title: 'IAM console password stored in plain text in Terraform state',
  severity: 'low',
  cwe: [312],
  description: 'Without `pgp_key`, the console password Terraform generates for the user is kept unencrypted in the state file (the `password` attribute), readable by anyone with state access.',
  remediation: 'Set `pgp_key` on aws_iam_user_login_profile and keep `password_reset_required = true`, or manage console access through IAM Identity Center instead.',
  references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_user_login_profile'],
  provider: 'aws',
  types: ['aws_iam_user_login_profile'],
  check(r, report) {
    // CloudFormation login profiles carry their password in the template; there is no Terraform state.
    if (r.source === 'cloudformation') return;
    if (isUnset(r.attrs['pgp_key'])) report(whereSet(r, 'pgp_key'), 'The login profile has no pgp_key: its password is stored in plain text in the state');
  },
};

export const iamAccessKeyRules: CloudRule[] = [iamAccessKeyPlaintextSecret, iamLoginProfilePlaintextPassword];
