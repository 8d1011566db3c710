import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModels } from '../../../src/scanners/sast/models/compile.js';
import type { SourceLabel } from '../../../src/scanners/sast/models/types.js';
import { loadPatternRules, patternHooks } from '../../../src/scanners/sast/patterns/index.js';
import { analyzeFile } from '../../../src/scanners/sast/taint/file.js';
import { parse, rulesFrom } from './patterns-helpers.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/rules', import.meta.url));
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/sast/patterns/${name}`, import.meta.url)), 'utf8');
const LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message']);
const NO_MODELS = compileModels([]);

/** Custom hits of taint-mode rules through the real engine, with no built-in models. */
function taint(rules: ReturnType<typeof rulesFrom>, code: string, path = 'src/app.js', models = NO_MODELS) {
  const file = parse(code, path);
  const r = analyzeFile(file, models, { labels: LABELS, importedExports: () => undefined, hooks: patternHooks(rules) });
  return r.customHits.map((h) => ({
    ruleId: h.ruleId, label: h.label, lines: h.steps.map((s) => s.line), first: h.steps[0]?.message, last: h.steps[h.steps.length - 1]?.message,
  }));
}

describe('taint-mode pattern rules through the engine', () => {
  const examples = loadPatternRules(EXAMPLES).rules;

  it('the example rule finds request data reaching exec through a variable', () => {
    const found = taint(examples, fixture('shell-flagged.js'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ruleId: 'sast/custom/request-data-in-shell-command', label: 'http' });
    expect(found[0]!.lines[0]).toBe(7);
    expect(found[0]!.lines[found[0]!.lines.length - 1]).toBe(8);
    expect(found[0]!.last).toBe("Request data reaches the shell command 'ping -c 1 ' + host; pass arguments as an array to execFile instead");
  });

  it('the example rule stays quiet for execFile, a sanitized argument and constant commands', () => {
    expect(taint(examples, fixture('shell-clean.js'))).toEqual([]);
  });

  const RULE = `rules:
  - id: user-sql
    mode: taint
    message: user data in SQL
    severity: high
    pattern-sources:
      - pattern: getParam(...)
    pattern-sinks:
      - patterns:
          - pattern: $DB.query($Q, ...)
          - focus-metavariable: $Q
    pattern-sanitizers:
      - pattern: sqlEscape(...)
`;

  it('a user-defined source, sink and sanitizer', () => {
    const rules = rulesFrom(RULE);
    const found = taint(rules, 'const id = getParam("id");\nconst q = "select * from t where id = " + id;\ndb.query(q);');
    expect(found.map((h) => [h.ruleId, h.lines[0], h.lines[h.lines.length - 1], h.last])).toEqual([['sast/custom/user-sql', 1, 3, 'user data in SQL']]);
    expect(taint(rules, 'const id = sqlEscape(getParam("id"));\ndb.query("select " + id);')).toEqual([]);
    expect(taint(rules, 'const id = getParam("id");\ndb.find("select " + id);')).toEqual([]);
  });

  it('a hit names its source rule; the engine pools sources, so any source reaches any custom sink', () => {
    const rules = rulesFrom(`rules:
  - id: rule-a
    mode: taint
    message: a
    severity: high
    pattern-sources: [ { pattern: getA() } ]
    pattern-sinks: [ { pattern: sinkA(...) } ]
  - id: rule-b
    mode: taint
    message: b
    severity: high
    pattern-sources: [ { pattern: getB() } ]
    pattern-sinks: [ { pattern: sinkB(...) } ]
`);
    const models = compileModels([{ framework: 't', sources: [{ api: 'location.hash', label: 'browser', description: 'URL fragment' }] }]);
    const found = taint(rules, 'sinkA(getA());\nsinkB(getA());\nsinkB(location.hash);', 'src/app.js', models);
    expect(found.map((h) => [h.ruleId, h.lines[h.lines.length - 1], h.first])).toEqual([
      ['sast/custom/rule-a', 1, 'source of rule rule-a: getA()'],
      ['sast/custom/rule-b', 2, 'source of rule rule-a: getA()'],
      ['sast/custom/rule-b', 3, 'URL fragment: location.hash'],
    ]);
  });
});
