/**
 * Heuristics for credentials written in clear text in environment variables (ECS container
 * definitions, CodeBuild projects): a credential-like name with a value that is not a
 * placeholder or a reference to a secret store.
 */

/** Names that say the value is a credential (DB_PASSWORD, apiKey, GITHUB_TOKEN, aws_secret_access_key). */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (/(?:public|publish|path|file|arn|name|id|url|uri|endpoint|host|user|length|rotation|ttl|type|mode|enabled|timeout|expiry|expiration|header|region|version|format|prefix|dir|location|policy|provider|issuer|audience|scope)$/.test(n)) return false;
  return /(?:password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|credential|authkey|clientsecret)/.test(n);
}

/**
 * A plaintext value that looks like a real credential rather than a placeholder, a reference to a
 * secret store, or an empty string.
 */
export function looksLikeSecretValue(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  if (s.length < 4) return false;
  if (/^arn:/i.test(s) || /^\{\{resolve:/i.test(s) || /^\$\{/.test(s)) return false;
  const l = s.toLowerCase();
  if (['changeme', 'change-me', 'placeholder', 'none', 'null', 'false', 'true', 'xxxx', 'redacted', 'dummy'].includes(l)) return false;
  if (/^(?:\/|ssm:|secretsmanager:|vault:)/.test(l)) return false;
  return true;
}
