import type { CloudRule } from '../cloud/types.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

export const glacierVaultPolicyPublic: CloudRule = {
  id: 'iac/aws/glacier-vault-policy-public',
  title: 'Glacier vault policy allows any principal',
  severity: 'high',
  cwe: [732],
  description: 'A vault access policy statement allowing `Principal: "*"` without a restricting condition lets anyone retrieve or delete archives in the vault.',
  remediation: 'Name the allowed accounts or roles in `access_policy`, or add a restricting condition such as `aws:PrincipalOrgID`.',
  references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/glacier_vault', 'https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html'],
  provider: 'aws',
  types: ['aws_glacier_vault'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['access_policy']), report, 'The vault access policy');
  },
};

export const glacierRules: CloudRule[] = [glacierVaultPolicyPublic];
