import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

/** AWS Backup vaults. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const backupVaultNoCmk: CloudRule = {
  id: 'iac/aws/backup-vault-no-cmk',
  title: 'Backup vault is not encrypted with a customer managed key',
  severity: 'low',
  cwe: [284],
  description: 'Without kms_key_arn the vault uses the AWS managed aws/backup key, whose policy you cannot restrict; a customer managed key lets you control and audit who can decrypt recovery points.',
  remediation: 'Set `kms_key_arn` on the aws_backup_vault to a customer managed KMS key.',
  references: [`${DOCS}backup_vault`, 'https://docs.aws.amazon.com/aws-backup/latest/devguide/encryption.html'],
  provider: 'aws',
  types: ['aws_backup_vault'],
  check(r, report) {
    if (isUnset(r.attrs['kms_key_arn'])) report(whereSet(r, 'kms_key_arn'), 'The backup vault has no kms_key_arn');
  },
};

export const backupVaultPolicyPublic: CloudRule = {
  id: 'iac/aws/backup-vault-policy-public',
  title: 'Backup vault policy allows any principal',
  severity: 'high',
  cwe: [732],
  description: 'A vault access policy statement allowing `Principal: "*"` without a restricting condition lets any AWS account act on the recovery points (copy, restore or delete them).',
  remediation: 'Name the allowed principals or add an `aws:PrincipalOrgID` condition; use Deny statements to protect recovery points.',
  references: [`${DOCS}backup_vault_policy`, 'https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html'],
  provider: 'aws',
  types: ['aws_backup_vault_policy'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The vault policy');
  },
};

export const backupRules: CloudRule[] = [backupVaultNoCmk, backupVaultPolicyPublic];
