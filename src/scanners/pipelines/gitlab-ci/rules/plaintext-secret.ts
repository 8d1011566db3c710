import { posOf, str, variableValue } from '../parse.js';
import type { GitlabRule } from './types.js';
import { allVariableEntries } from './variables.js';

const SECRET_WORDS = new Set(['TOKEN', 'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'SECRET', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL', 'PASSPHRASE']);
const KEY_KINDS = new Set(['API', 'ACCESS', 'SECRET', 'PRIVATE', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'CLIENT', 'LICENSE', 'DEPLOY', 'SSH', 'GPG', 'ACCOUNT', 'SERVICE']);
const NOT_SECRET_SUFFIX = /_(?:FILE|PATH|URL|URI|NAME|USER|USERNAME|ID|TYPE|HEADER|ENDPOINT|HOST|DIR|LENGTH|EXPIRY|VERSION|ENABLED|DISABLED)$/;

function looksSecretName(name: string): boolean {
  const up = name.toUpperCase();
  if (NOT_SECRET_SUFFIX.test(up) || up.startsWith('SECRET_DETECTION_') || up.startsWith('CI_')) return false;
  const parts = up.split(/[_\-.]/);
  if (parts.some((s) => SECRET_WORDS.has(s))) return true;
  // KEY alone is too common (CACHE_KEY, SORT_KEY): only key kinds that are credentials.
  return parts.some((s, i) => s === 'KEY' && i > 0 && KEY_KINDS.has(parts[i - 1]!));
}

/** Literal, non-variable, not a placeholder, with some variety (a word like "postgres" is not enough). */
function looksSecretValue(v: string): boolean {
  if (v.length < 8 || /\s/.test(v) || v.includes('$') || /^(?:true|false|yes|no|null|none)$/i.test(v)) return false;
  if (/^(?:\/|\.\/|~\/|https?:\/\/[^@]*$)/.test(v)) return false;
  if (/^[<{[(]|^(?:x+|\*+|changeme|example|placeholder|dummy|redacted)$/i.test(v)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  return classes >= 2 || v.length >= 20;
}

/** Well-known token formats: a literal in this shape is a secret whatever the variable is called. */
const KNOWN_TOKEN = /^(?:glpat-[\w-]{20,}|gl(?:dt|rt|ptt|cbt|oas|ft|imt|agent|soat)-[\w-]{16,}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{40,}|xox[abprs]-[\w-]{10,}|AKIA[0-9A-Z]{16}|sk_live_[0-9A-Za-z]{20,}|npm_[A-Za-z0-9]{36}|AIza[\w-]{35})$/;

export const plaintextSecret: GitlabRule = {
  id: 'pipelines/gitlab-ci/plaintext-secret',
  title: 'Secret written in plain `variables:`',
  severity: 'high',
  cwe: [798],
  description:
    'A variable named like a token, password or key holds a literal value in .gitlab-ci.yml. Everyone who can read the repository (and every fork, clone and log of it) has the secret.',
  remediation:
    'Revoke the value, then store it as a masked and protected CI/CD variable (or in an external secrets manager via `secrets:` / `id_tokens:`) and reference it by name.',
  references: ['https://docs.gitlab.com/ci/variables/'],
  check(p, report) {
    for (const { owner, entry } of allVariableEntries(p)) {
      const v = variableValue(entry);
      const s = str(v);
      if (!v || s === undefined || typeof v.value !== 'string' && typeof v.value !== 'number') continue;
      const known = KNOWN_TOKEN.test(s.trim());
      if (!known && !(looksSecretName(entry.key) && looksSecretValue(s))) continue;
      report({
        at: posOf(v),
        message: `Variable ${entry.key} (${owner}) holds a literal secret-like value in the pipeline file.`,
        identity: `${owner}:${entry.key}`,
      });
    }
  },
};
