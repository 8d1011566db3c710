/** Shared helpers for the pattern-rule tests: rule files in a temp folder, code parsed as a file. */
import { afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSource, type ParsedFile } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { loadPatternRules, runPatternRules, type PatternRule } from '../../../src/scanners/sast/patterns/index.js';

const made: string[] = [];
// Registered in each test file that imports this module (test files are isolated).
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-patterns-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

export function rulesFrom(yaml: string): PatternRule[] {
  const { rules, errors } = loadPatternRules(ruleDir({ 'rules.yaml': yaml }));
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  return rules;
}

export function parse(code: string, path = 'app.ts'): ParsedFile {
  const r = parseSource(path, code);
  if (!r.ok) throw new Error(r.message);
  return r.file;
}

/** The matched code texts and messages of the rules over a snippet. */
export function hits(rules: PatternRule[], code: string, path = 'app.ts'): { text: string; message: string; line: number }[] {
  const file = parse(code, path);
  return runPatternRules(file, new ApiNames(file.program), rules).map((h) => ({
    text: code.slice(h.start, h.end),
    message: h.message,
    line: file.lines.position(h.start).line,
  }));
}

/** A one-pattern search rule. */
export function one(pattern: string, message = 'found $X'): PatternRule[] {
  return rulesFrom(`rules:\n  - id: t\n    message: ${JSON.stringify(message)}\n    severity: high\n    pattern: ${JSON.stringify(pattern)}\n`);
}
