import type { DockerfileModel, Instruction, KeyValue } from '../../formats/dockerfile/parse.js';

/** Names that hold credentials; matched case-insensitively against the whole name. */
const SECRET_NAME =
  /(^|_)(pass(word|wd)?|pwd|secret|secret_?key|token|api_?key|apikey|access_?key|private_?key|client_?secret|auth|credentials?|connection_?string|(encryption|signing|master|license|jwt|session|app|hmac|ssh)_?key)($|_)|^aws_secret_access_key$|^github_token$|^npm_token$/i;
/** Names that look secret but hold none (paths, flags, public parts). */
const NOT_SECRET = /(_file|_path|_dir|_url|_uri|_host|_port|_user(name)?|_name|_id|_length|_ttl|_expiry|_header|_type|_enabled|_mode|_version)$|^(no_?auth|auth_?(type|method|url|mode))$/i;
/** Values that are clearly placeholders or non-secrets. */
const PLACEHOLDER = /^(|true|false|yes|no|none|null|nil|0|1|changeme|change_me|x+|\*+|<[^>]*>|\{\{.*\}\}|your[-_].*|dummy|example|placeholder|redacted)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}

/** ENV or ARG pairs with a secret-like name and a literal (not a bare variable) value. */
export function secretPairs(m: DockerfileModel, keyword: 'ENV' | 'ARG'): { ins: Instruction; kv: KeyValue }[] {
  const out: { ins: Instruction; kv: KeyValue }[] = [];
  for (const ins of m.instructions) {
    if (ins.keyword !== keyword) continue;
    for (const kv of ins.pairs) {
      if (kv.value === undefined || !isSecretName(kv.key)) continue;
      const v = kv.value.trim();
      if (PLACEHOLDER.test(v)) continue;
      // A reference to another variable or a file path carries no secret by itself.
      if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*(:?-[^}]*)?\}?$/.test(v) || /^\/[\w./-]*$/.test(v)) continue;
      if (v.length < 4 || /dummy|placeholder|changeme|change_me|your[-_]|<[a-z_-]+>|x{6,}/i.test(v)) continue;
      out.push({ ins, kv });
    }
  }
  return out;
}
