import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { hardcodedCredentials } from '../../../src/scanners/sast/rules/hardcoded-credentials.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return hardcodedCredentials.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** A credential setting compared with an encoding or algorithm is no built-in credential (written by us). */
describe('sast/js/hardcoded-credentials: comparisons with encodings and settings', () => {
  it('an encoding, digest or algorithm compared with a setting named after a credential is clean; a key-like literal is reported', () => {
    expect(lines(`export function encode(cfg, buf, req) {
  if (cfg.passwordEncoding === 'base64url') return buf.toString('base64url');
  if (cfg.tokenAlgorithm === 'sha256') return buf;
  if (cfg.password_format === 'utf16le') return buf;
  if (cfg.passwordHasher === 'argon2id') return buf;
  if (cfg.apiKey === 'base64url') return buf;
  if (req.headers['x-api-key'] === 'k3y_2024_internal_abc') return buf;
  if (cfg.adminPassword === 'Spring2024admin') return buf;
  return null;
}`)).toEqual([7, 8]);
  });
});
