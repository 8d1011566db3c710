import { describe, expect, it } from 'vitest';
import { parseDirectives, directiveMatches } from '../../src/core/directives.js';

describe('inline directives', () => {
  it('parses rule and reason in several comment syntaxes', () => {
    const text = [
      'const a = 1; // rampart:ignore secrets/github/classic-pat -- revoked test token',
      '# rampart:ignore secrets/* -- fixtures for the parser',
      '<!-- rampart:ignore secrets/aws/access-key-id -- docs sample -->',
      '/* rampart:ignore sast/js/sql-injection -- constant input */',
    ].join('\n');
    expect(parseDirectives(text).directives).toEqual([
      { line: 1, ruleId: 'secrets/github/classic-pat', reason: 'revoked test token', trailing: true },
      { line: 2, ruleId: 'secrets/*', reason: 'fixtures for the parser' },
      { line: 3, ruleId: 'secrets/aws/access-key-id', reason: 'docs sample' },
      { line: 4, ruleId: 'sast/js/sql-injection', reason: 'constant input' },
    ]);
  });

  it('a directive without a reason is malformed and suppresses nothing', () => {
    const r = parseDirectives('x // rampart:ignore secrets/github/classic-pat\ny\n');
    expect(r.directives).toEqual([]);
    expect(r.malformed.map((m) => m.line)).toEqual([1]);
    expect(r.malformed[0]!.message).toMatch(/has no reason/);
  });

  it('text that only mentions the marker is not a directive', () => {
    const r = parseDirectives("const MARK = 'rampart:ignore';\n`rampart:ignore <rule-id> -- <reason>`\nsee rampart:ignore\n");
    expect(r).toEqual({ directives: [], malformed: [] });
  });

  it('covers its own line and the next, exact id or group', () => {
    const d = { line: 10, ruleId: 'secrets/*', reason: 'r' };
    expect(directiveMatches(d, 'secrets/github/classic-pat', 10)).toBe(true);
    expect(directiveMatches(d, 'secrets/github/classic-pat', 11)).toBe(true);
    expect(directiveMatches(d, 'secrets/github/classic-pat', 12)).toBe(false);
    expect(directiveMatches(d, 'sast/js/x', 10)).toBe(false);
    expect(directiveMatches({ line: 1, ruleId: 'secrets/a/b', reason: 'r' }, 'secrets/a/bc', 1)).toBe(false);
  });

  it('reads an optional "until YYYY-MM-DD" expiry before the reason', () => {
    const r = parseDirectives('# rampart:ignore iac/aws/s3-bucket-versioning until 2027-01-31 -- archive bucket, ticket 42\n# rampart:ignore iac/x until=2026-01-01 -- old\n');
    expect(r.malformed).toEqual([]);
    expect(r.directives).toEqual([
      { line: 1, ruleId: 'iac/aws/s3-bucket-versioning', reason: 'archive bucket, ticket 42', expires: '2027-01-31' },
      { line: 2, ruleId: 'iac/x', reason: 'old', expires: '2026-01-01' },
    ]);
  });

  it('reports words between the rule id and the reason that are not an expiry', () => {
    const r = parseDirectives('# rampart:ignore iac/x until tomorrow -- why\n');
    expect(r.directives).toEqual([]);
    expect(r.malformed[0]!.message).toMatch(/until YYYY-MM-DD/);
  });

  it('refuses an "until" date that is not on the calendar', () => {
    const r = parseDirectives('# rampart:ignore iac/x until 2027-02-31 -- why\n# rampart:ignore iac/y until 9999-99-99 -- why\n');
    expect(r.directives).toEqual([]);
    expect(r.malformed.map((m) => m.line)).toEqual([1, 2]);
  });
});

describe('directive comment closers', () => {
  it('strips one trailing closer of each syntax, with the whitespace around it', () => {
    const text = [
      '{# rampart:ignore secrets/* -- jinja #}',
      '{{/* rampart:ignore secrets/* -- go template */}}',
      '<%# rampart:ignore secrets/* -- erb %>',
      '{{! rampart:ignore secrets/* -- mustache }}',
      '# rampart:ignore secrets/* -- plain */ */',
    ].join('\n');
    expect(parseDirectives(text).directives.map((d) => d.reason)).toEqual(['jinja', 'go template */', 'erb', 'mustache', 'plain */']);
  });
});

describe('which lines a directive covers', () => {
  const covers = (text: string, line: number): boolean => {
    const [d] = parseDirectives(text).directives;
    return !!d && directiveMatches(d, 'sast/js/command-injection', line);
  };

  it('on a line of its own: that line and the next', () => {
    for (const c of ['// ', '  # ', '/* ', ' * ', '<!-- ', '{# ', '-- ', '']) {
      const text = `a();\n${c}rampart:ignore sast/js/command-injection -- checked by hand\nexec(x);\n`;
      expect([1, 2, 3, 4].map((l) => covers(text, l)), c).toEqual([false, true, true, false]);
    }
  });

  it('after code: its own line only, never the next (nosemgrep, eslint-disable-line)', () => {
    for (const c of ['exec(a); // ', 'exec(a) /* ', 'run: exec # ', '<b>x</b> <!-- ', 'x = 1 -- ']) {
      const text = `${c}rampart:ignore sast/js/command-injection -- constant command\nexec(req.query.c);\n`;
      expect(parseDirectives(text).directives[0]?.trailing, c).toBe(true);
      expect([1, 2].map((l) => covers(text, l)), c).toEqual([true, false]);
    }
  });
});
