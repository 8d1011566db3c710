import type { CloudRule } from '../cloud/types.js';
import { actionMatches, type Statement } from './policy-document.js';
import { policiesOf, reportPublicStatements, statementPath } from './iam-policy-util.js';

/** Rules over role trust policies (who may assume a role). */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role';

export const iamRoleTrustPublic: CloudRule = {
  id: 'iac/aws/iam-role-trust-public',
  title: 'IAM role can be assumed by anyone',
  severity: 'critical',
  cwe: [284],
  description: 'A trust policy that allows `Principal: "*"` (or every account) with no restricting condition lets any AWS identity in any account assume the role and use its permissions.',
  remediation: 'Name the trusted account, role or service in the trust policy `Principal`, or add conditions such as `aws:PrincipalOrgID` or `sts:ExternalId`.',
  references: [DOCS, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy'],
  provider: 'aws',
  types: ['aws_iam_role'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['assume_role_policy']), report, 'The trust policy');
  },
};

const GITHUB = 'token.actions.githubusercontent.com';
const SUB = `${GITHUB}:sub`;

/** `*` or a `repo:*...` pattern: a subject that matches every GitHub repository. */
const matchesAnyRepo = (v: string): boolean => v.trim() === '*' || v.trim().startsWith('repo:*');

function condValues(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/** The `:sub` patterns of a GitHub OIDC statement: undefined when not constrained at all. */
function subjectPatterns(s: Statement): string[] | undefined {
  let found: string[] | undefined;
  for (const body of Object.values(s.condition)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return []; // odd shape: assume constrained
    for (const [key, values] of Object.entries(body as Record<string, unknown>)) {
      // GitHub Enterprise issuers add a path: `token.actions.githubusercontent.com/<enterprise>:sub`.
      const k = key.toLowerCase();
      if (!k.startsWith(GITHUB) || !k.endsWith(':sub')) continue;
      const list = condValues(values);
      // Values we cannot read (unknown) count as a constraint.
      if (list.length === 0) return [];
      found = [...(found ?? []), ...list];
    }
  }
  return found;
}

const isGitHubStatement = (s: Statement): boolean =>
  s.principals.some((p) => p.includes(GITHUB)) ||
  Object.values(s.condition).some((body) => typeof body === 'object' && body !== null && Object.keys(body).some((k) => k.toLowerCase().startsWith(GITHUB)));

export const iamRoleTrustGitHubAnyRepo: CloudRule = {
  id: 'iac/aws/iam-role-trust-github-any-repo',
  title: 'GitHub Actions OIDC role is not limited to a repository',
  severity: 'high',
  cwe: [863],
  description: 'A trust policy for the GitHub Actions OIDC provider without a `token.actions.githubusercontent.com:sub` condition naming your repositories lets a workflow in any GitHub repository assume the role.',
  remediation: 'Add a `StringEquals`/`StringLike` condition on `token.actions.githubusercontent.com:sub` such as `repo:my-org/my-repo:ref:refs/heads/main`.',
  references: [DOCS, 'https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services'],
  provider: 'aws',
  types: ['aws_iam_role'],
  check(r, report) {
    for (const p of policiesOf(r, ['assume_role_policy'])) {
      for (const s of p.statements) {
        if (s.effect !== 'Allow' || p.opaque.has(s.index) || !s.actions.some((a) => actionMatches(a.trim(), 'sts:AssumeRoleWithWebIdentity')) || !isGitHubStatement(s)) continue;
        const subs = subjectPatterns(s);
        if (subs === undefined) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} trusts GitHub Actions OIDC without a ${SUB} condition`);
        else if (subs.length > 0 && subs.every(matchesAnyRepo)) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} limits ${SUB} only to "${subs.join('", "')}", which matches every repository`);
      }
    }
  },
};

export const iamTrustRules: CloudRule[] = [iamRoleTrustPublic, iamRoleTrustGitHubAnyRepo];
