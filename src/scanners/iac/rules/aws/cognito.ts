import { blocks, isTrue, num, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { written } from './ec2-plan.js';
import { matchingElementPath } from './ec2-list-path.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

export const cognitoRules: CloudRule[] = [
  {
    id: 'iac/aws/cognito-mfa-off',
    title: 'Cognito user pool has MFA turned off',
    severity: 'medium',
    cwe: [308],
    description: 'With `mfa_configuration = "OFF"` a stolen or guessed password is enough to take over a user account.',
    remediation: 'Set `mfa_configuration = "ON"` (or "OPTIONAL") and configure `software_token_mfa_configuration` or SMS.',
    references: [doc('cognito_user_pool#mfa_configuration')],
    provider: 'aws',
    types: ['aws_cognito_user_pool'],
    check(r, report) {
      if (str(r.attrs['mfa_configuration']) === 'OFF' && written(r, 'mfa_configuration')) report('mfa_configuration', 'multi-factor authentication is off');
    },
  },
  {
    id: 'iac/aws/cognito-weak-password-policy',
    title: 'Cognito user pool allows short passwords',
    severity: 'medium',
    cwe: [521],
    description: 'The password policy accepts passwords shorter than 8 characters, which fall quickly to guessing and credential stuffing.',
    remediation: 'Set `password_policy { minimum_length = 12 }` (at least 8) together with the character-class requirements.',
    references: [doc('cognito_user_pool#password_policy')],
    provider: 'aws',
    types: ['aws_cognito_user_pool'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'password_policy')) {
        const n = num(block['minimum_length']);
        if (n !== undefined && n < 8) report(`${path}.minimum_length`, `passwords may be ${n} characters long`);
      }
    },
  },
  {
    id: 'iac/aws/cognito-identity-pool-unauthenticated',
    title: 'Cognito identity pool gives credentials to unauthenticated users',
    severity: 'medium',
    cwe: [306],
    description: 'Unauthenticated identities receive AWS credentials for the pool\'s unauthenticated role without signing in; anything that role can do, anyone can do.',
    remediation: 'Set `allow_unauthenticated_identities = false`, or keep the unauthenticated role\'s policy to the minimum guest access.',
    references: [doc('cognito_identity_pool#allow_unauthenticated_identities')],
    provider: 'aws',
    types: ['aws_cognito_identity_pool'],
    check(r, report) {
      if (isTrue(r.attrs['allow_unauthenticated_identities'])) report('allow_unauthenticated_identities', 'guests get AWS credentials without signing in');
    },
  },
  {
    id: 'iac/aws/cognito-client-implicit-flow',
    title: 'Cognito app client allows the OAuth implicit grant',
    severity: 'medium',
    cwe: [522],
    description: 'The implicit grant returns tokens in the redirect URL fragment, where browser history, referrers and injected scripts can read them; OAuth 2.0 security best practice forbids it.',
    remediation: 'Use `allowed_oauth_flows = ["code"]` (authorization code with PKCE) instead of "implicit".',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool_client#allowed_oauth_flows', 'https://datatracker.ietf.org/doc/html/rfc9700'],
    provider: 'aws',
    types: ['aws_cognito_user_pool_client'],
    check(r, report) {
      const at = matchingElementPath(r.attrs['allowed_oauth_flows'], 'allowed_oauth_flows', (f) => f === 'implicit');
      if (at) report(at, 'the implicit grant hands tokens out in URLs');
    },
  },
  {
    id: 'iac/aws/cognito-client-user-existence-errors',
    title: 'Cognito app client reveals whether a user exists',
    severity: 'low',
    cwe: [204],
    description: 'With `prevent_user_existence_errors = "LEGACY"` sign-in and password-recovery answer UserNotFoundException for unknown users, letting attackers enumerate valid accounts.',
    remediation: 'Set `prevent_user_existence_errors = "ENABLED"`.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cognito_user_pool_client#prevent_user_existence_errors'],
    provider: 'aws',
    types: ['aws_cognito_user_pool_client'],
    check(r, report) {
      if (str(r.attrs['prevent_user_existence_errors']) === 'LEGACY' && written(r, 'prevent_user_existence_errors')) {
        report('prevent_user_existence_errors', 'authentication errors tell whether the user exists');
      }
    },
  },
];
