import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../src/core/result.js';
import { formatJson } from '../../src/report/json.js';
import { emptyResult, makeFinding, makeResult, NASTY_MESSAGE, nastyResult } from './fixtures.js';

// ajv-formats is CommonJS: under NodeNext the plugin is the module's `default` property.
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

function check(text: string): Record<string, unknown> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const ok = validate(doc);
  if (!ok) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
  return doc;
}

describe('json formatter', () => {
  it('validates against schemas/report.schema.json', () => {
    check(formatJson(makeResult(), { color: false }));
    check(formatJson(emptyResult(), { color: false }));
    check(formatJson(nastyResult(), { color: false }));
  });

  it('puts schemaVersion first and matches REPORT_SCHEMA_VERSION', () => {
    const text = formatJson(makeResult(), { color: false });
    expect(text.startsWith(`{\n  "schemaVersion": "${REPORT_SCHEMA_VERSION}"`)).toBe(true);
  });

  it('carries the whole result with summary counts', () => {
    const doc = check(formatJson(makeResult(), { color: false })) as {
      findings: { ruleId: string; codeFlow?: unknown[]; commit?: unknown }[];
      suppressed: { kind: string }[];
      summary: Record<string, unknown>;
      issues: unknown[];
      expiredWaivers: unknown[];
      unusedDirectives: unknown[];
      rules: { id: string }[];
      stats: { filesScanned: number };
    };
    expect(doc.findings).toHaveLength(5);
    expect(doc.findings.find((f) => f.ruleId === 'sast/js/sql-injection')?.codeFlow).toHaveLength(3);
    expect(doc.findings.find((f) => f.ruleId === 'secrets/aws/access-key')?.commit).toBeDefined();
    expect(doc.suppressed.map((s) => s.kind).sort()).toEqual(['baseline', 'inline', 'waiver']);
    expect(doc.summary).toMatchObject({
      total: 5,
      bySeverity: { critical: 2, high: 1, medium: 0, low: 1, info: 1 },
      byScanner: { sast: 3, secrets: 2 },
      suppressed: { total: 3, inline: 1, waiver: 1, baseline: 1 },
      expiredWaivers: 1,
      unusedDirectives: 1,
      issues: 3,
      policy: { failOn: 'high', atOrAbove: 3, failed: true },
    });
    expect(doc.issues).toHaveLength(3);
    expect(doc.expiredWaivers).toHaveLength(1);
    expect(doc.unusedDirectives).toHaveLength(1);
    expect(doc.rules.map((r) => r.id)).toEqual([...doc.rules.map((r) => r.id)].sort());
    expect(doc.stats.filesScanned).toBe(128);
  });

  it('accepts a dependency finding with package info', () => {
    const r = makeResult();
    r.findings.push(
      makeFinding({
        ruleId: 'deps/GHSA-xxxx-yyyy-zzzz',
        location: { path: 'package-lock.json', startLine: 10, startColumn: 5, endLine: 10, endColumn: 30 },
        package: {
          ecosystem: 'npm',
          name: 'lodash',
          version: '4.17.20',
          purl: 'pkg:npm/lodash@4.17.20',
          fixedVersions: ['4.17.21'],
          advisoryIds: ['GHSA-xxxx-yyyy-zzzz'],
          aliases: ['CVE-2021-23337'],
        },
      }),
    );
    check(formatJson(r, { color: false }));
  });

  it('keeps messages exactly (JSON escaping only)', () => {
    const doc = check(formatJson(nastyResult(), { color: false })) as { findings: { message: string }[] };
    expect(doc.findings[0]!.message).toBe(NASTY_MESSAGE);
  });

  it('is deterministic whatever the input order or key order', () => {
    const a = makeResult();
    const b = makeResult();
    b.findings.reverse();
    b.suppressed.reverse();
    b.issues.reverse();
    b.rules = [...b.rules].reverse();
    // Same finding built with keys in another order.
    const f = b.findings[0]!;
    b.findings[0] = Object.fromEntries(Object.entries(f).reverse()) as typeof f;
    expect(formatJson(b, { color: false })).toBe(formatJson(a, { color: false }));
  });

  it('snapshot of the empty report', () => {
    expect(formatJson(emptyResult(), { color: false })).toMatchSnapshot();
  });
});
