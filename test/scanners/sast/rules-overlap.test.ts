import { describe, expect, it } from 'vitest';
import { COVERED_BY_FLOW, FlowSinks } from '../../../src/scanners/sast/rules/overlap.js';
import { AST_RULES } from '../../../src/scanners/sast/rules/index.js';
import { TAINT_RULES } from '../../../src/scanners/sast/rules/taint.js';

describe('AST hits superseded by a flow on the same call', () => {
  const sinks = new FlowSinks([
    { ruleId: 'sast/js/insecure-deserialization', path: 'src/a.js', line: 7 },
    { ruleId: 'sast/js/xxe', path: 'src/x.js', line: 12 },
    { ruleId: 'sast/js/sql-injection', path: 'src/a.js', line: 9 },
  ]);

  it('drops the unsafe-API hit when the taint rule reports the same line', () => {
    expect(sinks.covers({ ruleId: 'sast/js/insecure-deserialization-api', path: 'src/a.js', line: 7, endLine: 7 })).toBe(true);
  });

  it('drops it when the sink step is on a later line of the same call', () => {
    expect(sinks.covers({ ruleId: 'sast/js/xml-entity-expansion', path: 'src/x.js', line: 10, endLine: 13 })).toBe(true);
  });

  it('keeps it without a flow, on another line, in another file, or for another kind', () => {
    expect(sinks.covers({ ruleId: 'sast/js/insecure-deserialization-api', path: 'src/a.js', line: 8, endLine: 8 })).toBe(false);
    expect(sinks.covers({ ruleId: 'sast/js/insecure-deserialization-api', path: 'src/b.js', line: 7, endLine: 7 })).toBe(false);
    expect(sinks.covers({ ruleId: 'sast/js/xml-entity-expansion', path: 'src/x.js', line: 13, endLine: 14 })).toBe(false);
    // SQL injection on line 9 is another defect than an unsafe deserialiser there.
    expect(sinks.covers({ ruleId: 'sast/js/insecure-deserialization-api', path: 'src/a.js', line: 9, endLine: 9 })).toBe(false);
  });

  it('never drops rules it does not list', () => {
    expect(sinks.covers({ ruleId: 'sast/js/weak-hash', path: 'src/a.js', line: 7, endLine: 7 })).toBe(false);
  });

  it('names only existing AST and taint rule ids', () => {
    const ast = new Set(AST_RULES.map((r) => r.meta.id));
    const taint = new Set(Object.values(TAINT_RULES).map((r) => r.id));
    for (const [a, ts] of COVERED_BY_FLOW) {
      expect(ast.has(a), a).toBe(true);
      for (const t of ts) expect(taint.has(t), t).toBe(true);
    }
  });
});
