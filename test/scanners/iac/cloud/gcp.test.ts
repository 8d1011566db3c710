import { describe, expect, test } from 'vitest';
import { gcpRules } from '../../../../src/scanners/iac/rules/gcp/index.js';
import { gcpCases } from './gcp-cases.js';
import { auditTerraform, describeCloudCases } from './harness.js';

describe('gcp rule set', () => {
  test('ids are unique, lowercase kebab under iac/gcp/', () => {
    const ids = gcpRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^iac\/gcp\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(ids.length).toBeGreaterThanOrEqual(45);
  });

  test('every rule carries complete metadata', () => {
    for (const r of gcpRules) {
      expect(r.provider, r.id).toBe('gcp');
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.description.length, r.id).toBeGreaterThan(40);
      expect(r.remediation.length, r.id).toBeGreaterThan(10);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.references?.some((u) => u.startsWith('https://registry.terraform.io/providers/hashicorp/google/')), r.id).toBe(true);
      expect(r.types.length, r.id).toBeGreaterThan(0);
      for (const t of r.types) expect(t, r.id).toMatch(/^google_[a-z0-9_]+$/);
    }
  });

  test('every rule has exactly one case', () => {
    const cased = gcpCases.map((c) => `iac/${c.rule}`);
    expect(new Set(cased).size).toBe(cased.length);
    expect(cased.sort()).toEqual(gcpRules.map((r) => r.id).sort());
  });
});

describeCloudCases(gcpCases, gcpRules);

/**
 * Unknown is never a finding: every marked attribute line of every flagged case, with its value
 * replaced by an unresolvable variable, must no longer be reported (and nothing new may appear).
 */
const ATTR_LINE = /^(\s*[\w"./-]+\s*=\s*)(.+?)\s*#!\s*$/;
const LIST_ITEM = /^(\s*)"[^"]*",?\s*#!\s*$/;

function unknownVariants(src: string): { text: string; line: number; others: number[] }[] {
  const lines = src.split('\n');
  const marked = lines.flatMap((l, i) => (/#!\s*$/.test(l) ? [i] : []));
  const out: { text: string; line: number; others: number[] }[] = [];
  for (const i of marked) {
    const l = lines[i]!;
    let replaced: string | undefined;
    const a = ATTR_LINE.exec(l);
    if (a && !a[2]!.trimEnd().endsWith('{') && !a[2]!.trimEnd().endsWith('[')) replaced = `${a[1]}var.unknown`;
    const item = LIST_ITEM.exec(l);
    if (item) replaced = `${item[1]}var.unknown,`;
    if (replaced === undefined) continue;
    const copy = [...lines];
    copy[i] = replaced;
    // The variable goes last so line numbers stay put.
    out.push({ text: `${copy.join('\n')}\nvariable "unknown" {}\n`, line: i + 1, others: marked.filter((m) => m !== i).map((m) => m + 1) });
  }
  return out;
}

describe('gcp rules stay silent on unknown values', () => {
  const byId = new Map(gcpRules.map((r) => [r.id, r]));
  const variants = gcpCases.flatMap((c) =>
    typeof c.tf?.flagged === 'string' ? unknownVariants(c.tf.flagged).map((v) => ({ rule: c.rule, ...v })) : [],
  );

  test('there are variants to check', () => {
    expect(variants.length).toBeGreaterThan(50);
  });

  test.each(variants)('$rule line $line', async ({ rule, text, line, others }) => {
    const a = await auditTerraform(text, [byId.get(`iac/${rule}`)!]);
    expect(a.issues.map((i) => i.message)).toEqual([]);
    const lines = a.findings.map((f) => f.location.startLine);
    expect(lines).not.toContain(line);
    for (const l of lines) expect(others).toContain(l);
  });
});
