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

/**
 * The `<issuer>:sub` patterns of a web-identity statement: undefined when there is no such
 * condition at all. `issuer` also matches issuers with a path (`<issuer>/<slug>:sub`, as GitHub
 * Enterprise uses).
 */
function subjectPatterns(s: Statement, issuer: string): string[] | undefined {
  let found: string[] | undefined;
  for (const body of Object.values(s.condition)) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return []; // odd shape: assume constrained
    for (const [key, values] of Object.entries(body as Record<string, unknown>)) {
      const k = key.toLowerCase();
      if (!k.startsWith(issuer) || !k.endsWith(':sub')) continue;
      const list = condValues(values);
      // Values we cannot read (unknown) count as a constraint.
      if (list.length === 0) return [];
      found = [...(found ?? []), ...list];
    }
  }
  return found;
}

/** A web-identity Allow for `issuer`, known by its federated principal or by its condition keys (the provider ARN is often computed). */
function trustsIssuer(s: Statement, issuer: string): boolean {
  if (s.effect !== 'Allow' || !s.actions.some((a) => actionMatches(a.trim(), 'sts:AssumeRoleWithWebIdentity'))) return false;
  return (
    s.principals.some((p) => p.includes(issuer)) ||
    Object.values(s.condition).some((body) => typeof body === 'object' && body !== null && Object.keys(body).some((k) => k.toLowerCase().startsWith(issuer)))
  );
}

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
        if (p.opaque.has(s.index) || !trustsIssuer(s, GITHUB)) continue;
        const subs = subjectPatterns(s, GITHUB);
        if (subs === undefined) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} trusts GitHub Actions OIDC without a ${SUB} condition`);
        else if (subs.length > 0 && subs.every(matchesAnyRepo)) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} limits ${SUB} only to "${subs.join('", "')}", which matches every repository`);
      }
    }
  },
};

/** Other CI/CD OIDC issuers whose tokens any customer of the service can obtain, and the subject patterns meaning "anyone". */
const CI_ISSUERS: { issuer: string; name: string; anyone: (v: string) => boolean }[] = [
  { issuer: 'gitlab.com', name: 'GitLab CI', anyone: (v) => v.trim() === '*' || v.trim().startsWith('project_path:*') },
  { issuer: 'app.terraform.io', name: 'HCP Terraform', anyone: (v) => v.trim() === '*' || v.trim().startsWith('organization:*') },
];

export const iamRoleTrustCiOidcAnySubject: CloudRule = {
  id: 'iac/aws/iam-role-trust-ci-oidc-any-subject',
  title: 'CI/CD OIDC role is not limited to a project or organization',
  severity: 'high',
  cwe: [863],
  description: 'A trust policy for the GitLab (gitlab.com) or HCP Terraform (app.terraform.io) OIDC provider without a `:sub` condition naming your project or organization lets pipelines and workspaces of any customer of that service assume the role.',
  remediation: 'Add a `StringLike` condition on `gitlab.com:sub` (e.g. `project_path:my-group/my-project:ref_type:branch:ref:main`) or `app.terraform.io:sub` (e.g. `organization:my-org:project:*:workspace:*:run_phase:*`).',
  references: [DOCS, 'https://docs.gitlab.com/ci/cloud_services/aws/', 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/aws-configuration'],
  provider: 'aws',
  types: ['aws_iam_role'],
  check(r, report) {
    for (const p of policiesOf(r, ['assume_role_policy'])) {
      for (const s of p.statements) {
        if (p.opaque.has(s.index)) continue;
        for (const ci of CI_ISSUERS) {
          if (!trustsIssuer(s, ci.issuer)) continue;
          const subs = subjectPatterns(s, ci.issuer);
          if (subs === undefined) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} trusts ${ci.name} OIDC without a ${ci.issuer}:sub condition`);
          else if (subs.length > 0 && subs.every(ci.anyone)) report(statementPath(p, s, 'Condition'), `Statement ${s.index + 1} limits ${ci.issuer}:sub only to "${subs.join('", "')}", which matches everyone`);
        }
      }
    }
  },
};

export const iamTrustRules: CloudRule[] = [iamRoleTrustPublic, iamRoleTrustGitHubAnyRepo, iamRoleTrustCiOidcAnySubject];
