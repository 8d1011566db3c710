/**
 * Fixture harness for the AST rules: every file under test/fixtures/sast/ast/<rule-name>/ is run
 * through all of them, and the (line, rule) hits must equal the `// @expect <rule-name>` marks
 * exactly (several names separated by commas). `// @clean` marks a near-miss line that must stay
 * quiet; each rule needs at least two of each.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { AST_RULES, CONFIG_RULES } from '../../../src/scanners/sast/rules/index.js';
import { TAINT_RULES } from '../../../src/scanners/sast/rules/taint.js';

const ROOT = join(import.meta.dirname, '../../fixtures/sast/ast');
const ruleName = (id: string): string => id.slice(id.lastIndexOf('/') + 1);

function expectations(source: string): { expected: string[]; clean: number } {
  const expected: string[] = [];
  let clean = 0;
  source.split('\n').forEach((line, i) => {
    const m = /\/\/ @expect ([\w\-, ]+)/.exec(line) ?? /\{\/\* @expect ([\w\-, ]+) \*\/\}/.exec(line);
    if (m) for (const r of m[1]!.split(',')) expected.push(`${i + 1}:${r.trim()}`);
    if (line.includes('@clean')) clean++;
  });
  return { expected: expected.sort(), clean };
}

function run(path: string, source: string): string[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(`${path}: ${o.message}`);
  const api = new ApiNames(o.file.program);
  const out: string[] = [];
  for (const rule of CONFIG_RULES) {
    for (const h of rule.check(o.file, api)) out.push(`${o.file.lines.position(h.start).line}:${ruleName(rule.meta.id)}`);
  }
  return [...new Set(out)].sort();
}

const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe('AST rule fixtures', () => {
  for (const dir of dirs) {
    for (const file of readdirSync(join(ROOT, dir))) {
      it(`${dir}/${file}`, () => {
        const source = readFileSync(join(ROOT, dir, file), 'utf8');
        expect(run(file, source)).toEqual(expectations(source).expected);
      });
    }
  }

  for (const rule of CONFIG_RULES) {
    const name = ruleName(rule.meta.id);
    it(`${name} has flagged and clean fixtures and full metadata`, () => {
      expect(dirs).toContain(name);
      let flagged = 0;
      let clean = 0;
      for (const file of readdirSync(join(ROOT, name))) {
        const e = expectations(readFileSync(join(ROOT, name, file), 'utf8'));
        flagged += e.expected.filter((x) => x.endsWith(`:${name}`)).length;
        clean += e.clean;
      }
      expect(flagged).toBeGreaterThanOrEqual(2);
      expect(clean).toBeGreaterThanOrEqual(2);
      expect(rule.meta.id).toMatch(/^sast\/js\/[a-z0-9-]+$/);
      expect(rule.meta.cwe.length).toBeGreaterThan(0);
      expect(rule.meta.description.length).toBeGreaterThan(40);
      expect(rule.meta.remediation.length).toBeGreaterThan(20);
      expect(rule.meta.references?.length ?? 0).toBeGreaterThan(0);
    });
  }

  it('every AstRule exported from a rules/ file is registered in AST_RULES', async () => {
    const dir = join(import.meta.dirname, '../../../src/scanners/sast/rules');
    const skip = new Set(['types.ts', 'taint.ts', 'index.ts', 'ast-facts.ts']);
    let seen = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !skip.has(f))) {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
      for (const v of Object.values(mod)) {
        for (const r of Array.isArray(v) ? v : [v]) {
          if (r && typeof r === 'object' && 'meta' in r && 'check' in r) {
            expect(AST_RULES, `${file}`).toContain(r);
            seen++;
          }
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(CONFIG_RULES.length);
  });

  it('rule ids are unique across AST and taint rules, and every config rule is registered', () => {
    const ids = [...AST_RULES.map((r) => r.meta.id), ...Object.values(TAINT_RULES).map((r) => r.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CONFIG_RULES) expect(AST_RULES).toContain(r);
  });
});
