import { isAbsent, isFalse, num } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

/** aws_iam_account_password_policy: each weak setting is its own rule (CIS AWS Foundations 1.x). */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy';
const GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html';

/** A required character class: the provider default is false, so leaving it out is weak too. */
function requireRule(attr: string, what: string): CloudRule {
  return {
    id: `iac/aws/iam-password-policy-${what}`,
    title: `IAM password policy does not require ${what}`,
    severity: 'medium',
    cwe: [521],
    description: `The account password policy does not require ${what}, so short-alphabet passwords that are easy to guess or crack are accepted.`,
    remediation: `Set \`${attr} = true\` in aws_iam_account_password_policy.`,
    references: [DOCS, GUIDE],
    provider: 'aws',
    types: ['aws_iam_account_password_policy'],
    check(r, report) {
      const v = r.attrs[attr];
      if (isFalse(v)) report(attr, `${attr} is false`);
      else if (isAbsent(v)) report(null, `${attr} is not set (defaults to false)`);
    },
  };
}

export const iamPasswordSymbols = requireRule('require_symbols', 'symbols');
export const iamPasswordNumbers = requireRule('require_numbers', 'numbers');
export const iamPasswordUppercase = requireRule('require_uppercase_characters', 'uppercase');
export const iamPasswordLowercase = requireRule('require_lowercase_characters', 'lowercase');

const MIN_LENGTH = 14;
const MIN_REUSE = 24;
const MAX_AGE = 90;

export const iamPasswordMinLength: CloudRule = {
  id: 'iac/aws/iam-password-policy-min-length',
  title: 'IAM password policy allows short passwords',
  severity: 'medium',
  cwe: [521],
  description: `Passwords shorter than ${MIN_LENGTH} characters are within reach of offline and online guessing; the provider default minimum is 6.`,
  remediation: `Set \`minimum_password_length = ${MIN_LENGTH}\` (or more) in aws_iam_account_password_policy.`,
  references: [DOCS, GUIDE],
  provider: 'aws',
  types: ['aws_iam_account_password_policy'],
  check(r, report) {
    const v = r.attrs['minimum_password_length'];
    const n = num(v);
    if (n !== undefined && n < MIN_LENGTH) report('minimum_password_length', `Minimum password length is ${n}, below ${MIN_LENGTH}`);
    else if (isAbsent(v)) report(null, `minimum_password_length is not set (defaults to 6, below ${MIN_LENGTH})`);
  },
};

export const iamPasswordReuse: CloudRule = {
  id: 'iac/aws/iam-password-policy-reuse',
  title: 'IAM password policy allows password reuse',
  severity: 'medium',
  cwe: [521],
  description: `Unless the last ${MIN_REUSE} passwords are remembered, users can cycle back to an old (possibly leaked) password.`,
  remediation: `Set \`password_reuse_prevention = ${MIN_REUSE}\` in aws_iam_account_password_policy.`,
  references: [DOCS, GUIDE],
  provider: 'aws',
  types: ['aws_iam_account_password_policy'],
  check(r, report) {
    const v = r.attrs['password_reuse_prevention'];
    const n = num(v);
    if (n !== undefined && n < MIN_REUSE) report('password_reuse_prevention', `Only the last ${n} passwords are remembered, below ${MIN_REUSE}`);
    else if (isAbsent(v)) report(null, 'password_reuse_prevention is not set: old passwords can be reused');
  },
};

export const iamPasswordMaxAge: CloudRule = {
  id: 'iac/aws/iam-password-policy-max-age',
  title: 'IAM password policy allows passwords older than 90 days',
  severity: 'low',
  cwe: [262],
  description: `A maximum password age above ${MAX_AGE} days lets a compromised password stay valid for months.`,
  remediation: `Set \`max_password_age\` to ${MAX_AGE} or less in aws_iam_account_password_policy.`,
  references: [DOCS, GUIDE],
  provider: 'aws',
  types: ['aws_iam_account_password_policy'],
  check(r, report) {
    // Only an explicit long age: NIST SP 800-63B advises against forced expiry, so absence is not flagged.
    const n = num(r.attrs['max_password_age']);
    if (n !== undefined && n > MAX_AGE) report('max_password_age', `Passwords may be ${n} days old, above ${MAX_AGE}`);
  },
};

export const iamPasswordPolicyRules: CloudRule[] = [
  iamPasswordMinLength,
  iamPasswordSymbols,
  iamPasswordNumbers,
  iamPasswordUppercase,
  iamPasswordLowercase,
  iamPasswordReuse,
  iamPasswordMaxAge,
];
