import { describe, expect, it } from 'vitest';
import { parseSync } from 'oxc-parser';
import { LineIndex } from '../../../src/scanners/sast/parse/lines.js';
import { parseSource, type ParsedFile } from '../../../src/scanners/sast/parse/index.js';
import type { Program } from '@oxc-project/types';
import { compileModels } from '../../../src/scanners/sast/models/compile.js';
import { analyzeFile } from '../../../src/scanners/sast/taint/file.js';
import { TEST_MODEL, WEB_LABELS, brief, run } from './engine-helpers.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

/** Parses without the nesting pre-check, to hand the engine ASTs deeper than parseSource accepts. */
function rawParse(path: string, source: string): ParsedFile {
  const r = parseSync(path, source, { lang: 'js' });
  return { path, lang: 'js', source, program: r.program as unknown as Program, lines: new LineIndex(source), errors: [], comments: [] };
}

const models = compileModels([TEST_MODEL]);
const ctx = { labels: WEB_LABELS, importedExports: () => undefined };

describe('taint engine: budgets and bad input', () => {
  // 7,500 terms: longer chains are refused before parsing (parse-depth.test.ts).
  it('a 7,500-term a + b + … expression is analysed without recursion on its depth', () => {
    const terms = Array.from({ length: 7_500 }, (_, i) => (i === 3_750 ? 'req.query.c' : `'x${i}'`) + (i % 10 === 9 ? '\n' : ''));
    const src = `import express from 'express';\nimport { exec } from 'child_process';\nconst app = express();\napp.get('/', (req, res) => {\n  const s = ${terms.join(' + ')};\n  exec(s);\n});`;
    const r = run(src);
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 756, source: 380, label: 'http' }]);
  });

  it('a 1,500-deep nested call is cut at the depth cap and reported as truncated', () => {
    const depth = 1500;
    const inner = 'f('.repeat(depth) + 'location.hash' + ')'.repeat(depth);
    const src = `function f(x) { return x; }\ndocument.body.innerHTML = ${inner};\n`;
    const file = rawParse('deep.js', src);
    const r = analyzeFile(file, models, ctx);
    expect(r.truncated.length).toBeGreaterThan(0);
    expect(r.truncated[0]!.reason).toMatch(/nests deeper than/);
    // Beyond the cap the value is unknown: no finding is made up from it.
    expect(r.hits).toEqual([]);
  });

  it('deep nesting without brackets (a long ternary chain) stays within the cap', () => {
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) parts.push(`a${i} ? ${i} :`);
    const src = `const v = ${parts.join(' ')} location.hash;\ndocument.body.innerHTML = v;\n`;
    const r = analyzeFile(rawParse('tern.js', src), models, ctx);
    expect(r.truncated.some((t) => /nests deeper than/.test(t.reason))).toBe(true);
  });

  it('a file with a (recoverable) syntax error still analyses what parsed', () => {
    const src = `import express from 'express';
import { exec } from 'child_process';
const app = express();
if (process.env.OFF) return;
app.get('/', (req, res) => { exec(req.query.c); });
`;
    const o = parseSource('src/broken.js', src);
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.file.errors.length).toBeGreaterThan(0);
    const r = analyzeFile(o.file, models, ctx);
    expect(brief(r)).toEqual([{ kind: 'command-injection', sink: 5, source: 5, label: 'http' }]);
  });

  it('a long loop-heavy function finishes (fixpoint caps) and a huge file is bounded by the work budget', () => {
    const body: string[] = [];
    for (let i = 0; i < 6; i++) body.push(`${'  '.repeat(i)}for (const k${i} of list${i}) {`);
    body.push(`exec(s); s = s + req.query.c;`);
    for (let i = 5; i >= 0; i--) body.push(`${'  '.repeat(i)}}`);
    const src = `import express from 'express';\nimport { exec } from 'child_process';\nconst app = express();\napp.get('/', (req, res) => {\nlet s = 'ls';\n${body.join('\n')}\n});`;
    const { value: r, ms } = cpuTimed(() => run(src));
    expect(ms).toBeLessThan(2000);
    expect(brief(r).length).toBe(1);
  });
});
