/** A rule missing a required key says which key and what it takes, not the validator's type text. */
import { describe, expect, it } from 'vitest';
import { loadPatternRules } from '../../../src/scanners/sast/patterns/index.js';
import { ruleDir } from './patterns-helpers.js';

describe('rule files with a required key left out', () => {
  it('severity and message missing are named, with what they take; the good rule still loads', () => {
    const dir = ruleDir({
      'r.yaml': [
        'rules:',
        '  - id: no-sev',
        '    message: eval of $X',
        '    pattern: eval($X)',
        '  - id: no-msg',
        '    severity: high',
        '    pattern: eval($X)',
        '  - id: bad-sev',
        '    message: m',
        '    severity: urgent',
        '    pattern: eval($X)',
        '  - id: ok',
        '    message: m',
        '    severity: low',
        '    pattern: eval($X)',
      ].join('\n'),
    });
    const { rules, errors } = loadPatternRules(dir);
    expect(rules.map((r) => r.id)).toEqual(['ok']);
    expect(errors.map((e) => e.message)).toEqual([
      'line 2: rule "no-sev": severity is required (one of critical, high, medium, low, info (or ERROR, WARNING, INFO))',
      'line 5: rule "no-msg": message is required (the text shown with each finding)',
      'line 8: rule "bad-sev": severity: one of critical, high, medium, low, info (or ERROR, WARNING, INFO)',
    ]);
  });
});
