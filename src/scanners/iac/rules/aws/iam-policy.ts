import type { Resource } from '../../model/resource.js';
import { baseAddress, type ResourceGraph } from '../../model/graph.js';
import type { CloudContext, CloudRule } from '../cloud/types.js';
import type { Statement } from './policy-document.js';
import {
  grantedNarrowly,
  isAdminStatement,
  isServiceWildcard,
  onAllResources,
  policiesOf,
  statementPath,
  type PolicyAt,
} from './iam-policy-util.js';

/** Rules over identity policies (what a user, group or role may do). */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';
const LEAST = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege';

/** Resources that carry identity policies, and where. */
const IDENTITY_TYPES = [
  'aws_iam_policy',
  'aws_iam_role_policy',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
  'aws_iam_role',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
] as const;

const identityPolicies = (r: Resource): PolicyAt[] =>
  r.type === 'aws_iam_role' ? policiesOf(r, [], true) : policiesOf(r, ['policy']);

/**
 * A managed policy used as a permissions boundary only caps what a role may do ("Allow *" plus
 * Denies is the usual boundary shape); it grants nothing, so grant rules skip it.
 */
function isBoundary(r: Resource, graph: ResourceGraph): boolean {
  if (r.type !== 'aws_iam_policy') return false;
  const self = baseAddress(r.address);
  const via = (attrs: readonly string[]) => graph.referrers(r).some((x) => attrs.some((a) => (x.refs.get(a) ?? []).includes(self)));
  // Also attached somewhere as a grant: then it does grant.
  return via(['permissions_boundary']) && !via(['policy_arn', 'policy_arns', 'managed_policy_arns']);
}

function eachStatement(r: Resource, ctx: CloudContext, fn: (p: PolicyAt, s: Statement) => void): void {
  if (isBoundary(r, ctx.graph)) return;
  // Statements with an unknown Effect or Condition cannot be judged.
  for (const p of identityPolicies(r)) for (const s of p.statements) if (!p.opaque.has(s.index)) fn(p, s);
}

export const iamPolicyAdmin: CloudRule = {
  id: 'iac/aws/iam-policy-admin',
  title: 'IAM policy grants full administrator access',
  severity: 'critical',
  cwe: [269],
  description: 'A statement allowing action "*" on resource "*" gives whoever holds the policy every permission in the account, including changing their own permissions.',
  remediation: 'List the actions and resource ARNs the workload needs instead of `"Action": "*"` with `"Resource": "*"`.',
  references: [`${DOCS}iam_policy`, LEAST],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (isAdminStatement(s)) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows every action on every resource`);
    });
  },
};

export const iamPolicyServiceWildcard: CloudRule = {
  id: 'iac/aws/iam-policy-service-wildcard',
  title: 'IAM policy grants every action of a service on all resources',
  severity: 'high',
  cwe: [269],
  description: 'A statement allowing `service:*` on resource "*" hands over every current and future action of that service account-wide, far more than any workload needs.',
  remediation: 'Replace `service:*` with the specific actions used, and scope `Resource` to the ARNs they act on.',
  references: [`${DOCS}iam_policy`, LEAST],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (s.effect !== 'Allow' || !onAllResources(s) || isAdminStatement(s)) return;
      const wild = s.actions.filter(isServiceWildcard);
      if (wild.length > 0) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows ${wild.join(', ')} on every resource`);
    });
  },
};

export const iamPolicyNotAction: CloudRule = {
  id: 'iac/aws/iam-policy-allow-not-action',
  title: 'IAM policy allows NotAction on all resources',
  severity: 'high',
  cwe: [269],
  description: 'An Allow statement with NotAction grants every action except the few listed, on every resource: effectively administrator access, including services added later.',
  remediation: 'Use `Action` with an explicit list of allowed actions instead of `NotAction` in Allow statements.',
  references: [`${DOCS}iam_policy`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html'],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (s.effect === 'Allow' && s.notActions.length > 0 && onAllResources(s)) report(statementPath(p, s, 'NotAction'), `Statement ${s.index + 1} allows everything except ${s.notActions.join(', ')} on every resource`);
    });
  },
};

export const iamPolicyPassRoleWildcard: CloudRule = {
  id: 'iac/aws/iam-policy-passrole-wildcard',
  title: 'IAM policy allows iam:PassRole on any role',
  severity: 'high',
  cwe: [269],
  description: 'iam:PassRole on resource "*" lets the holder hand any role in the account, including administrator roles, to a service it controls (EC2, Lambda) and act with that role.',
  remediation: 'Scope `Resource` to the ARNs of the roles the workload passes, and add an `iam:PassedToService` condition.',
  references: [`${DOCS}iam_policy`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (!onAllResources(s) || s.hasCondition) return;
      if (grantedNarrowly(s, ['iam:PassRole']).length > 0) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows iam:PassRole on every role`);
    });
  },
};

/** Single actions that let a principal raise its own privileges when allowed on "*". */
const ESCALATION_ACTIONS = [
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePolicy',
  'iam:AddUserToGroup',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
];

export const iamPolicyPrivilegeEscalation: CloudRule = {
  id: 'iac/aws/iam-policy-privilege-escalation',
  title: 'IAM policy allows privilege escalation',
  severity: 'high',
  cwe: [269],
  description: 'Actions such as iam:CreatePolicyVersion, iam:Attach*Policy, iam:Put*Policy or iam:CreateAccessKey on resource "*" let the holder grant itself (or take over) any permission in the account.',
  remediation: 'Remove these IAM write actions, or scope `Resource` to the specific users, groups, roles or policies they must manage (with a permissions boundary).',
  references: [`${DOCS}iam_policy`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (!onAllResources(s) || s.hasCondition) return;
      const hit = grantedNarrowly(s, ESCALATION_ACTIONS);
      if (hit.length > 0) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows ${hit.join(', ')} on every resource`);
    });
  },
};

export const iamPolicyAssumeAnyRole: CloudRule = {
  id: 'iac/aws/iam-policy-assume-any-role',
  title: 'IAM policy allows assuming any role',
  severity: 'medium',
  cwe: [269],
  description: 'sts:AssumeRole on resource "*" lets the holder assume every role whose trust policy admits the account, which often includes privileged roles.',
  remediation: 'Scope `Resource` to the ARNs of the roles the principal needs to assume.',
  references: [`${DOCS}iam_policy`, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html'],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (!onAllResources(s) || s.hasCondition) return;
      if (grantedNarrowly(s, ['sts:AssumeRole']).length > 0) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows sts:AssumeRole on every role`);
    });
  },
};

/** Reads that return stored credentials. */
const SECRET_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'];

export const iamPolicySecretsReadAll: CloudRule = {
  id: 'iac/aws/iam-policy-secrets-read-all',
  title: 'IAM policy can read every secret and parameter',
  severity: 'medium',
  cwe: [200],
  description: 'secretsmanager:GetSecretValue or ssm:GetParameter* on resource "*" lets the holder read every secret and SecureString in the account, so one compromised workload exposes all stored credentials.',
  remediation: 'Scope `Resource` to the ARNs (or a name prefix such as `arn:aws:secretsmanager:*:*:secret:app/*`) of the secrets and parameters the workload reads.',
  references: [`${DOCS}iam_policy`, 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html'],
  provider: 'aws',
  types: IDENTITY_TYPES,
  check(r, report, ctx) {
    eachStatement(r, ctx, (p, s) => {
      if (!onAllResources(s) || s.hasCondition) return;
      const hit = grantedNarrowly(s, SECRET_READ_ACTIONS);
      if (hit.length > 0) report(statementPath(p, s, 'Action'), `Statement ${s.index + 1} allows ${hit.join(', ')} on every resource`);
    });
  },
};

export const iamPolicyRules: CloudRule[] = [
  iamPolicyAdmin,
  iamPolicyServiceWildcard,
  iamPolicyNotAction,
  iamPolicyPassRoleWildcard,
  iamPolicyPrivilegeEscalation,
  iamPolicyAssumeAnyRole,
  iamPolicySecretsReadAll,
];
