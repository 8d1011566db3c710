import { str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

/** Rules over where policies are attached: straight onto users, and the AdministratorAccess managed policy. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';
const GROUPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions';

export const iamUserInlinePolicy: CloudRule = {
  id: 'iac/aws/iam-user-inline-policy',
  title: 'IAM user has an inline policy',
  severity: 'low',
  cwe: [269],
  description: 'Permissions written inline on individual users drift apart and are hard to review or revoke; AWS and CIS recommend granting permissions through groups or roles.',
  remediation: 'Move the statements into an aws_iam_policy attached to an aws_iam_group (or a role) and add the user to the group.',
  references: [`${DOCS}iam_user_policy`, GROUPS],
  provider: 'aws',
  // AWS::IAM::UserPolicy (CloudFormation, untranslated) is the same thing.
  types: ['aws_iam_user_policy', 'AWS::IAM::UserPolicy'],
  check(_r, report) {
    report(null, 'An inline policy is attached directly to an IAM user');
  },
};

export const iamUserPolicyAttachment: CloudRule = {
  id: 'iac/aws/iam-user-policy-attachment',
  title: 'Managed policy attached directly to an IAM user',
  severity: 'low',
  cwe: [269],
  description: 'Attaching managed policies to individual users instead of groups or roles makes permissions hard to review and to take away when people change jobs.',
  remediation: 'Attach the policy to an aws_iam_group (aws_iam_group_policy_attachment) and add the user to that group.',
  references: [`${DOCS}iam_user_policy_attachment`, GROUPS],
  provider: 'aws',
  types: ['aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'],
  check(r, report) {
    if (r.type === 'aws_iam_user_policy_attachment') {
      report(null, 'A managed policy is attached directly to an IAM user');
      return;
    }
    // The user names may be computed; a non-empty list is enough to know users are attached.
    const users = r.attrs['users'];
    if (Array.isArray(users) ? users.length > 0 : typeof users === 'string') report('users', 'The policy attachment lists IAM users');
  },
};

const isAdministratorAccess = (arn: string): boolean => arn.trim().endsWith(':iam::aws:policy/AdministratorAccess');

export const iamAdministratorAccessAttached: CloudRule = {
  id: 'iac/aws/iam-administrator-access-attached',
  title: 'AdministratorAccess policy attached',
  severity: 'high',
  cwe: [269],
  description: 'The AWS managed AdministratorAccess policy grants every action on every resource; a user, group or role holding it can do anything in the account.',
  remediation: 'Attach a policy listing only the actions the principal needs instead of arn:aws:iam::aws:policy/AdministratorAccess; keep administrator access to a few break-glass roles behind MFA.',
  references: [`${DOCS}iam_role_policy_attachment`, 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html'],
  provider: 'aws',
  types: [
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_iam_policy_attachment',
    'aws_iam_role',
    'aws_iam_role_policy_attachments_exclusive',
    'aws_iam_user_policy_attachments_exclusive',
    'aws_iam_group_policy_attachments_exclusive',
  ],
  check(r, report) {
    const one = str(r.attrs['policy_arn']);
    if (one !== undefined && isAdministratorAccess(one)) report('policy_arn', 'AdministratorAccess is attached');
    for (const attr of ['managed_policy_arns', 'policy_arns']) {
      if (strings(r.attrs[attr]).some(isAdministratorAccess)) report(attr, 'AdministratorAccess is attached');
    }
  },
};

export const iamAttachmentRules: CloudRule[] = [iamUserInlinePolicy, iamUserPolicyAttachment, iamAdministratorAccessAttached];
