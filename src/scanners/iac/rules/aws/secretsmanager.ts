import { str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

/** Secrets Manager secrets. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const secretsManagerNoCmk: CloudRule = {
  id: 'iac/aws/secretsmanager-secret-no-cmk',
  title: 'Secrets Manager secret uses the AWS managed key',
  severity: 'low',
  cwe: [284],
  description: 'A secret encrypted with the default aws/secretsmanager key can be decrypted by any principal in the account allowed to read the secret; a customer managed key adds its own key policy and cross-account control.',
  remediation: 'Set `kms_key_id` on the aws_secretsmanager_secret to a customer managed KMS key.',
  references: [`${DOCS}secretsmanager_secret`, 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html'],
  provider: 'aws',
  types: ['aws_secretsmanager_secret'],
  check(r, report) {
    const v = r.attrs['kms_key_id'];
    if (isUnset(v)) report(whereSet(r, 'kms_key_id'), 'The secret has no kms_key_id: it uses the AWS managed key');
    else if (str(v)?.trim() === 'alias/aws/secretsmanager') report('kms_key_id', 'The secret uses the AWS managed key alias/aws/secretsmanager');
  },
};

export const secretsManagerPolicyPublic: CloudRule = {
  id: 'iac/aws/secretsmanager-secret-policy-public',
  title: 'Secrets Manager secret policy allows any principal',
  severity: 'critical',
  cwe: [732],
  description: 'A resource policy statement allowing `Principal: "*"` without a restricting condition lets identities in any AWS account read or change the secret.',
  remediation: 'Name the allowed principals in the secret policy, or add an `aws:PrincipalOrgID` / `aws:PrincipalAccount` condition; set `block_public_policy = true` on aws_secretsmanager_secret_policy.',
  references: [`${DOCS}secretsmanager_secret_policy`, 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html'],
  provider: 'aws',
  types: ['aws_secretsmanager_secret_policy', 'aws_secretsmanager_secret'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The secret policy');
  },
};

export const secretsManagerRules: CloudRule[] = [secretsManagerNoCmk, secretsManagerPolicyPublic];
