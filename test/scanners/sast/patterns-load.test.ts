import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPatternRules, patternRuleMeta } from '../../../src/scanners/sast/patterns/index.js';
import { ruleDir } from './patterns-helpers.js';

const GOOD = `rules:
  - id: no-eval
    message: eval of $X
    severity: ERROR
    cwe: ["CWE-95: Eval Injection"]
    pattern: eval($X)
`;

describe('loading rule files', () => {
  it('loads every .yml/.yaml under the folder, recursively, with ids, severities and CWEs', () => {
    const dir = ruleDir({
      'a.yml': GOOD,
      'nested/deeper/b.yaml': 'rules:\n  - id: weak-hash\n    message: weak\n    severity: Low\n    cwe: 328\n    pattern: md5($X)\n',
      'notes.txt': 'not a rule file',
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(errors).toEqual([]);
    expect(rules.map((r) => [r.ruleId, r.severity, r.cwe, r.mode])).toEqual([
      ['sast/custom/no-eval', 'high', [95], 'search'],
      ['sast/custom/weak-hash', 'low', [328], 'search'],
    ]);
    expect(rules[0]!.path).toBe(join(dir, 'a.yml'));
  });

  it('maps WARNING and INFO and keeps the rampart severities', () => {
    const dir = ruleDir({
      'r.yaml': ['WARNING', 'INFO', 'critical'].map((s, i) => `  - id: r${i}\n    message: m\n    severity: ${s}\n    pattern: f()`).join('\n').replace(/^/, 'rules:\n'),
    });
    expect(loadPatternRules(dir).rules.map((r) => r.severity)).toEqual(['medium', 'info', 'critical']);
  });

  it('reads CWEs and references from Semgrep-style metadata', () => {
    const dir = ruleDir({
      'm.yaml': [
        'rules:',
        '  - id: m',
        '    message: m',
        '    severity: ERROR',
        '    pattern: f()',
        '    metadata:',
        '      cwe:',
        '        - "CWE-78: Improper Neutralization of Special Elements used in an OS Command"',
        '      references: [https://example.test/advice]',
        '  - id: bad-cwe',
        '    message: m',
        '    severity: ERROR',
        '    pattern: f()',
        '    metadata: { cwe: "injection" }',
      ].join('\n'),
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules.map((r) => [r.cwe, r.references])).toEqual([[[78], ['https://example.test/advice']]]);
    expect(errors.map((e) => e.message)).toEqual(['line 10: rule "bad-cwe": metadata.cwe: "injection" is not a CWE number']);
  });

  it('skips rules for other languages without an error', () => {
    const dir = ruleDir({ 'py.yaml': 'rules:\n  - id: py\n    message: m\n    severity: high\n    languages: [python]\n    pattern: os.system($X)\n' });
    expect(loadPatternRules(dir)).toEqual({ rules: [], errors: [] });
  });

  it('reports each bad file and rule, naming the file, line, rule id and problem, and keeps the good ones', () => {
    const dir = ruleDir({
      'good.yaml': GOOD,
      'broken-yaml.yaml': 'rules:\n  - id: x\n    message: [unclosed\n',
      'bad-pattern.yaml': 'rules:\n  - id: ok\n    message: m\n    severity: high\n    pattern: f($X)\n  - id: bad-parse\n    message: m\n    severity: high\n    pattern: "foo(("\n',
      'bad-keys.yaml': 'rules:\n  - id: typo\n    message: m\n    severity: high\n    patern: f()\n',
      'bad-severity.yaml': 'rules:\n  - id: sev\n    message: m\n    severity: urgent\n    pattern: f()\n',
      'bad-regex.yaml': 'rules:\n  - id: re\n    message: m\n    severity: high\n    patterns:\n      - pattern: f($X)\n      - metavariable-regex:\n          metavariable: $X\n          regex: "(?<=a)b"\n',
      'no-pattern.yaml': 'rules:\n  - id: nothing\n    message: m\n    severity: high\n',
      'not-rules.yaml': 'foo: bar\n',
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules.map((r) => r.id).sort()).toEqual(['no-eval', 'ok']);
    const by = (name: string): string => errors.filter((e) => e.path === join(dir, name)).map((e) => e.message).join(' | ');
    expect(by('broken-yaml.yaml')).toMatch(/^line \d+: YAML error/);
    expect(by('bad-pattern.yaml')).toMatch(/^line 6: rule "bad-parse": pattern: pattern does not parse as JavaScript\/TypeScript: foo\(\(/);
    expect(by('bad-keys.yaml')).toMatch(/rule "typo": unknown key "patern"/);
    expect(by('bad-severity.yaml')).toMatch(/rule "sev": severity: one of critical, high/);
    expect(by('bad-regex.yaml')).toMatch(/rule "re": patterns\[1\]\.metavariable-regex: invalid regex/);
    expect(by('no-pattern.yaml')).toMatch(/rule "nothing": needs exactly one of pattern, patterns, pattern-either, pattern-regex/);
    expect(by('not-rules.yaml')).toBe('expected a top-level "rules:" list');
    expect(errors).toHaveLength(7);
  });

  it('formula problems are named by their place in the rule', () => {
    const rule = (id: string, body: string) => `  - id: ${id}\n    message: m\n    severity: low\n${body.replace(/^/gm, '    ')}\n`;
    let deep = 'pattern: f()';
    for (let i = 0; i < 25; i++) deep = `patterns:\n  - ${deep.replace(/\n/g, '\n    ')}`;
    const dir = ruleDir({
      'f.yaml': 'rules:\n' + [
        rule('two-keys', 'patterns:\n  - pattern: f()\n    pattern-not: g()'),
        rule('empty', 'patterns: []'),
        rule('bad-focus', 'patterns:\n  - pattern: f($X)\n  - focus-metavariable: X'),
        rule('bad-regex', 'pattern-regex: "a(b"'),
        rule('mvp-key', 'patterns:\n  - pattern: f($X)\n  - metavariable-pattern:\n      metavariable: $X\n      patern: g()'),
        rule('only-not', 'patterns:\n  - pattern-not: f()'),
        rule('too-deep', deep),
      ].join(''),
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules).toEqual([]);
    const msgs = errors.map((e) => e.message.replace(/^line \d+: /, ''));
    expect(msgs[0]).toBe('rule "two-keys": patterns[0]: one key per item (has pattern, pattern-not)');
    expect(msgs[1]).toBe('rule "empty": patterns: empty list');
    expect(msgs[2]).toMatch(/^rule "bad-focus": patterns\[1\]: focus-metavariable: a metavariable like \$X/);
    expect(msgs[3]).toMatch(/^rule "bad-regex": pattern-regex: invalid regex/);
    expect(msgs[4]).toBe('rule "mvp-key": patterns[1].metavariable-pattern: unknown key "patern"');
    expect(msgs[5]).toBe('rule "only-not": patterns: needs a pattern, pattern-either, patterns, pattern-regex or pattern-inside');
    expect(msgs[6]).toMatch(/^rule "too-deep": (patterns(\[0\]\.patterns)*): nested deeper than 20 levels$/);
    expect(errors).toHaveLength(7);
  });

  it('refuses a duplicate id across files', () => {
    const dir = ruleDir({ 'a.yaml': GOOD, 'b.yaml': GOOD });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules).toHaveLength(1);
    expect(errors).toEqual([{ path: join(dir, 'b.yaml'), message: `rule "no-eval": the id is already used in ${join(dir, 'a.yaml')}` }]);
  });

  it('a missing folder is one error, not a throw', () => {
    const { rules, errors } = loadPatternRules('/nonexistent/rampart-rules');
    expect(rules).toEqual([]);
    expect(errors).toEqual([{ path: '/nonexistent/rampart-rules', message: 'sast.rules: cannot read the rules folder (ENOENT)' }]);
  });

  it('taint mode needs sources and sinks and refuses search keys', () => {
    const dir = ruleDir({
      'a.yaml': 'rules:\n  - id: t1\n    mode: taint\n    message: m\n    severity: high\n    pattern-sinks:\n      - pattern: exec($X)\n',
      'b.yaml': 'rules:\n  - id: t2\n    mode: taint\n    message: m\n    severity: high\n    pattern: f()\n    pattern-sources:\n      - pattern: src()\n    pattern-sinks:\n      - pattern: exec($X)\n',
      'c.yaml': 'rules:\n  - id: t3\n    message: m\n    severity: high\n    pattern-sources:\n      - pattern: src()\n',
      'd.yaml': 'rules:\n  - id: t4\n    mode: taint\n    message: m\n    severity: high\n    pattern-sources:\n      - pattern: src()\n        label: cosmic\n    pattern-sinks:\n      - pattern: exec($X)\n',
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'line 2: rule "t1": pattern-sources: needs at least one item',
      'line 2: rule "t2": pattern cannot be used with "mode: taint" (use pattern-sources / pattern-sinks)',
      'line 2: rule "t3": pattern-sources need "mode: taint"',
      expect.stringMatching(/^line 2: rule "t4": pattern-sources\[0\]: label: /),
    ]);
  });

  it('rule metadata for `rampart rules` and SARIF', () => {
    const { rules } = loadPatternRules(ruleDir({ 'a.yaml': GOOD }));
    expect(patternRuleMeta(rules)).toEqual([
      {
        id: 'sast/custom/no-eval',
        title: 'eval of $X',
        severity: 'high',
        cwe: [95],
        description: 'User-defined pattern rule "no-eval": eval of $X',
        remediation: "See the rule author's message.",
        tags: ['custom'],
      },
    ]);
  });
});
