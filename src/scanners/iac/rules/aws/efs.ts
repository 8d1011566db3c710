/** EFS file systems and file system policies. */
import type { CloudRule } from '../cloud/types.js';
import { openStatement } from './opensearch-policy.js';
import { awsRule, isGiven, requireTrue } from './rds-util.js';

export const efsNotEncrypted = awsRule({
  id: 'efs-not-encrypted',
  title: 'EFS file system is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'An EFS file system is encrypted at rest only if chosen at creation (the provider default is false); files and metadata are otherwise stored in clear text.',
  remediation: 'Set `encrypted = true` (optionally with `kms_key_id`).',
  types: ['aws_efs_file_system'],
  check(r, report) {
    if (isGiven(r.attrs['kms_key_id']) && r.attrs['encrypted'] === undefined) return;
    requireTrue(r, 'encrypted', report, `${r.address} is not encrypted at rest`);
  },
});

export const efsPublicPolicy = awsRule({
  id: 'efs-policy-public',
  title: 'EFS file system policy allows everyone',
  severity: 'high',
  cwe: [284],
  description: 'A file system policy statement allowing principal "*" without a condition lets any principal that reaches a mount target mount, read and write the file system.',
  remediation: 'Restrict principals to specific roles, or add conditions such as `elasticfilesystem:AccessedViaMountTarget` and `aws:PrincipalOrgID`.',
  types: ['aws_efs_file_system_policy'],
  check(r, report) {
    const s = openStatement(r.attrs['policy']);
    if (s) report('policy', `${r.address}: statement ${s.index} allows every principal`);
  },
});

export const efsRules: CloudRule[] = [efsNotEncrypted, efsPublicPolicy];
