import { get, str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

/** SSM parameters and documents. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

/** Name words that mark a value as a credential. */
const SECRET_WORDS = ['password', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'private_key', 'private-key', 'privatekey', 'credential', 'access_key', 'access-key', 'accesskey'];
/** Trailing words meaning the parameter holds metadata about a secret, not the secret itself. */
const METADATA_SUFFIXES = [
  'arn', 'name', 'id', 'url', 'uri', 'path', 'ttl', 'expiry', 'length', 'version', 'enabled',
  'endpoint', 'type', 'format', 'region', 'header', 'issuer', 'audience', 'scope', 'policy',
];

/** True when the parameter name suggests a credential (`/prod/db/password`, `API_TOKEN`). */
export function looksSecret(name: string): boolean {
  const n = name.toLowerCase();
  if (!SECRET_WORDS.some((w) => n.includes(w))) return false;
  const last = n.slice(n.lastIndexOf('/') + 1);
  const sep = Math.max(last.lastIndexOf('_'), last.lastIndexOf('-'), last.lastIndexOf('.'));
  const tail = sep >= 0 ? last.slice(sep + 1) : '';
  return !METADATA_SUFFIXES.includes(tail);
}

export const ssmParameterSecretNotSecure: CloudRule = {
  id: 'iac/aws/ssm-parameter-secret-not-securestring',
  title: 'Secret-looking SSM parameter is not a SecureString',
  severity: 'high',
  cwe: [312],
  description: 'A String or StringList parameter is stored and shown in plain text (console, API, Terraform state); a parameter named like a password or token should be a KMS-encrypted SecureString.',
  remediation: 'Set `type = "SecureString"` (optionally with `key_id`) on the aws_ssm_parameter.',
  references: [`${DOCS}ssm_parameter`, 'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-securestring.html'],
  provider: 'aws',
  types: ['aws_ssm_parameter'],
  check(r, report) {
    const type = str(r.attrs['type']);
    const name = str(r.attrs['name']);
    if ((type === 'String' || type === 'StringList') && name !== undefined && looksSecret(name)) report('type', `Parameter "${name}" looks like a secret but is stored as ${type}`);
  },
};

export const ssmDocumentPublic: CloudRule = {
  id: 'iac/aws/ssm-document-public',
  title: 'SSM document is shared publicly',
  severity: 'high',
  cwe: [200],
  description: 'A document shared with account_ids "All" is public: anyone can read its content, which often reveals scripts, resource names and sometimes credentials.',
  remediation: 'Share the document with specific account IDs in `permissions.account_ids`, or remove `permissions`.',
  references: [`${DOCS}ssm_document`, 'https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html'],
  provider: 'aws',
  types: ['aws_ssm_document'],
  check(r, report) {
    const ids = strings(get(r.attrs, 'permissions.account_ids')).flatMap((s) => s.split(','));
    if (ids.some((id) => id.trim().toLowerCase() === 'all')) report('permissions.account_ids', 'The document is shared with all AWS accounts');
  },
};

export const ssmRules: CloudRule[] = [ssmParameterSecretNotSecure, ssmDocumentPublic];
