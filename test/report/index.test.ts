import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { FORMATS, getFormatter } from '../../src/report/index.js';
import { emptyResult, makeResult } from './fixtures.js';

describe('getFormatter', () => {
  it('returns a formatter for every format name', () => {
    for (const name of FORMATS) {
      const f = getFormatter(name);
      expect(typeof f(makeResult(), { color: false })).toBe('string');
      expect(f(emptyResult(), { color: false }).length).toBeGreaterThan(0);
    }
  });

  it('throws a UsageError naming the valid formats', () => {
    expect(() => getFormatter('xml')).toThrow(UsageError);
    expect(() => getFormatter('xml')).toThrow('unknown format "xml"; valid formats: table, json, sarif, junit, markdown');
  });

  it('every format shows suppressed counts and never more than the redacted secret', () => {
    const r = makeResult();
    // SBOM formats are inventories, not finding reports: they carry no secrets or suppressions.
    for (const name of FORMATS.filter((f) => f !== 'cyclonedx' && f !== 'spdx')) {
      const out = getFormatter(name)(r, { color: false });
      expect(out, name).toMatch(/suppress/i);
      expect(out, name).toContain('ghp_…(40)'.replace('_', name === 'markdown' ? '\\_' : '_'));
      expect(out, name).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    }
  });

  it('formatters are pure: the input is not modified', () => {
    const r = makeResult();
    const before = JSON.stringify(r);
    for (const name of FORMATS) getFormatter(name)(r, { color: true });
    expect(JSON.stringify(r)).toBe(before);
  });
});
