/**
 * Taint-mode pattern rules follow data across functions and files like the built-in rules:
 * parameter → custom sink, an exported helper in another file, source → return → sink.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patternHooks } from '../../../src/scanners/sast/patterns/index.js';
import { analyzeProject } from '../../../src/scanners/sast/taint/project.js';
import { rulesFrom } from './patterns-helpers.js';

const RULES = rulesFrom(`rules:
  - id: audit
    mode: taint
    message: user data reaches the audit log
    severity: medium
    pattern-sources:
      - pattern: getInput(...)
    pattern-sinks:
      - pattern: writeAudit(...)
    pattern-sanitizers:
      - pattern: redact(...)
`);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Custom hits over a project on disk, as [sink path, sink line, source line]. */
async function scan(files: Record<string, string>): Promise<[string, number, number][]> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-v9-'));
  dirs.push(dir);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  const issues: unknown[] = [];
  const res = await analyzeProject(Object.keys(files).map((p) => ({ path: p, absPath: join(dir, p) })), {
    models: [], labels: new Set(['http']), issue: (i) => issues.push(i), hooks: patternHooks(RULES),
  });
  expect(issues).toEqual([]);
  expect(res.hits).toEqual([]);
  return res.customHits.map((h) => {
    expect(h.ruleId).toBe('sast/custom/audit');
    const last = h.steps[h.steps.length - 1]!;
    return [last.path, last.line, h.steps[0]!.line] as [string, number, number];
  }).sort();
}

describe('taint-mode pattern rules across functions and files', () => {
  it('a parameter reaching the sink inside a helper in the same file', async () => {
    expect(await scan({
      'app.js': 'function helper(v) {\n  writeAudit("x" + v);\n}\nhelper(getInput());\nhelper("constant");\n',
    })).toEqual([['app.js', 2, 4]]);
  });

  it('an exported helper in another file (CommonJS and ESM)', async () => {
    expect(await scan({
      'app.js': 'const { logIt } = require("./other");\nlogIt(getInput("a"));\n',
      'other.js': 'exports.logIt = (m) => writeAudit(m);\n',
    })).toEqual([['other.js', 1, 2]]);
    expect(await scan({
      'app.mjs': 'import { logIt } from "./lib/log.mjs";\nconst v = getInput();\nlogIt(`v=${v}`);\n',
      'lib/log.mjs': 'export function logIt(m) {\n  const line = "audit " + m;\n  writeAudit(line);\n}\n',
    })).toEqual([['lib/log.mjs', 3, 2]]);
  });

  it('source → return in one file, then the sink in another', async () => {
    expect(await scan({
      'input.js': 'exports.read = () => getInput("q");\n',
      'app.js': 'const { read } = require("./input");\nconst q = read();\nwriteAudit(q);\n',
    })).toEqual([['app.js', 3, 1]]);
  });

  it('clean: a sanitizer on the path, in the helper or at the call', async () => {
    expect(await scan({
      'app.js': 'const { logIt } = require("./other");\nlogIt(getInput());\nfunction h(v) { writeAudit(redact(v)); }\nh(getInput());\n',
      'other.js': 'exports.logIt = (m) => writeAudit(redact(m));\n',
    })).toEqual([]);
    expect(await scan({
      'app.js': 'const { logIt } = require("./other");\nlogIt(redact(getInput()));\nlogIt("fixed");\n',
      'other.js': 'exports.logIt = (m) => writeAudit(m);\n',
    })).toEqual([]);
  });

  it('a parameter reaching a custom sink is no finding on its own (no library-input for user rules)', async () => {
    expect(await scan({ 'lib.js': 'exports.logIt = (m) => writeAudit(m);\n' })).toEqual([]);
  });
});
