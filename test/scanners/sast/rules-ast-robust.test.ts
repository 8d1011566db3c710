/** The AST rules on hostile shapes: very long chains, recovered syntax errors, odd but valid code. */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { CONFIG_RULES } from '../../../src/scanners/sast/rules/index.js';

function hits(path: string, src: string): string[] {
  // includeMinified: the long-line cases would otherwise be skipped as generated code.
  const o = parseSource(path, src, { includeMinified: true });
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  const out: string[] = [];
  for (const r of CONFIG_RULES) for (const h of r.check(o.file, api)) out.push(`${o.file.lines.position(h.start).line}:${r.meta.id}`);
  return out.sort();
}

describe('AST rules on hostile input', () => {
  // 3,500 terms a line (7,000 in the file): longer chains are refused before parsing (parse-depth.test.ts).
  it('a 3,500-term concatenation neither overflows nor hides a finding at its top', () => {
    const terms = Array.from({ length: 3_500 }, (_, i) => `a${i % 10}`).join(' + ');
    const src = `const sessionToken = ${terms} + Math.random();\nconst x = Math.random() + ${terms};\n`;
    expect(hits('long.js', src)).toEqual(['1:sast/js/insecure-randomness']);
  });

  it('a file with a recovered syntax error still gets its findings', () => {
    const src = `const https = require('https');\nconst a = new https.Agent({ rejectUnauthorized: false });\nfunction broken( {\n`;
    const o = parseSource('broken.js', src);
    if (o.ok) expect(hits('broken.js', src)).toContain('2:sast/js/tls-verification-disabled');
    else expect(o.reason).toBe('syntax');
  });

  it('computed keys, spreads, holes and self-referencing constants are read without throwing', () => {
    const src = [
      "const k = k; const o = { [k]: false, ...rest, rejectUnauthorized: !1 };",
      "const arr = [, , 1]; const iv = iv2; const iv2 = iv;",
      "require('crypto').createCipheriv('aes-256-cbc', key, iv);",
      "res.cookie(...args); res.cookie();",
      "jwt.verify(); jwt.decode();",
    ].join('\n');
    expect(hits('odd.js', src)).toEqual(['1:sast/js/tls-verification-disabled']);
  });

  it('TypeScript-only syntax around the APIs resolves like plain JavaScript', () => {
    const src = [
      "import { createHash as h } from 'node:crypto';",
      'export class Auth {',
      "  private readonly apiKey: string = 'q8Fz2LmN0vXy7TbK';",
      "  hashPassword(password: string): string { return h('md5').update(password as string).digest('hex')!; }",
      '}',
    ].join('\n');
    expect(hits('auth.ts', src)).toEqual(['3:sast/js/hardcoded-credentials', '4:sast/js/weak-hash']);
  });
});

describe('AST rules through the per-file pass', () => {
  it('hits come back with rule ids and 1-based positions of the offending node', async () => {
    const { runPerFile } = await import('../../../src/scanners/sast/file-rules.js');
    const src = "const https = require('https');\nconst a = new https.Agent({ keepAlive: true, rejectUnauthorized: false });\n";
    const o = parseSource('agent.js', src);
    if (!o.ok) throw new Error(o.message);
    const r = runPerFile(o.file, { bestPractices: false });
    const tls = r.hits.filter((h) => h.ruleId === 'sast/js/tls-verification-disabled');
    expect(tls).toHaveLength(1);
    expect(tls[0]).toMatchObject({ line: 2, column: 46, endLine: 2, endColumn: 71 });
    expect(tls[0]!.message).toMatch(/rejectUnauthorized: false/);
    expect(r.notes).toEqual([]);
  });
});
