import { describe, expect, it } from 'vitest';
import { patternHooks } from '../../../src/scanners/sast/patterns/index.js';
import { walk } from '../../../src/scanners/sast/parse/walk.js';
import { parse, rulesFrom } from './patterns-helpers.js';

const TAINT = `rules:
  - id: tainted-sql
    mode: taint
    message: SQL built from user input reaches $DB.query
    severity: high
    cwe: [89]
    pattern-sources:
      - pattern: req.query.$F
      - patterns:
          - pattern: $REQ.body
          - pattern-inside: app.post(..., function ($REQ, $RES) { ... })
        label: http
    pattern-sinks:
      - patterns:
          - pattern: $DB.query($Q, ...)
          - focus-metavariable: $Q
    pattern-sanitizers:
      - pattern: escape(...)
`;

/** Every node a hook answers for, as its source text. */
function answers(code: string) {
  const hooks = patternHooks(rulesFrom(TAINT));
  const file = parse(code);
  const out = { sources: [] as string[], sinks: [] as string[], sanitizers: [] as string[], labels: new Set<string>(), descriptions: [] as string[] };
  walk(file.program as never, (node) => {
    const text = code.slice(node.start, node.end);
    const s = hooks.source?.(node, file);
    if (s) {
      out.sources.push(text);
      out.labels.add(s.label);
    }
    const k = hooks.sink?.(node, file);
    if (k) {
      out.sinks.push(`${k.ruleId} ${text}${(k as { args?: number[] }).args ? ` args ${(k as { args?: number[] }).args}` : ''}`);
      out.descriptions.push(k.description);
    }
    if (hooks.sanitizer?.(node, file)) out.sanitizers.push(text);
  });
  return out;
}

describe('taint-mode rules as engine hooks', () => {
  it('answers for the nodes the sources, sinks (focused) and sanitizers match', () => {
    const code = [
      "app.post('/u', (req, res) => {",
      '  const q = "select * from t where a=" + req.query.a + req.body;',
      '  pool.query(escape(q), []);',
      '});',
      'function notRoute(req) { return req.body; }',
    ].join('\n');
    const a = answers(code);
    expect(a.sources).toEqual(['req.query.a', 'req.body']);
    expect(a.labels).toEqual(new Set(['http']));
    expect(a.sinks).toEqual(['sast/custom/tainted-sql pool.query(escape(q), []) args 0', 'sast/custom/tainted-sql escape(q)']);
    expect(a.descriptions).toEqual(['SQL built from user input reaches pool.query', 'SQL built from user input reaches pool.query']);
    expect(a.sanitizers).toEqual(['escape(q)']);
  });

  it('answers nothing for code the rule does not describe', () => {
    const a = answers('const x = params.get("a"); db.find(x);');
    expect(a).toEqual({ sources: [], sinks: [], sanitizers: [], labels: new Set(), descriptions: [] });
  });

  it('no taint-mode rules: no hooks', () => {
    const search = rulesFrom('rules:\n  - id: s\n    message: m\n    severity: low\n    pattern: f()\n');
    expect(patternHooks(search)).toEqual({});
  });
});
