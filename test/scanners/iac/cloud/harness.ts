/**
 * Runs cloud rules through the real front ends (Terraform loader, CloudFormation loader) on
 * small sources written to a temp dir. Lines ending in `#!` (HCL and YAML comments) are where
 * the rule must report, exactly once each.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Finding } from '../../../../src/core/finding.js';
import type { ScanIssue } from '../../../../src/core/scanner.js';
import { runCloudRules } from '../../../../src/scanners/iac/cloud.js';
import { loadCloudFormation } from '../../../../src/scanners/iac/formats/cloudformation/load.js';
import { loadTerraform } from '../../../../src/scanners/iac/formats/terraform/load.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import type { CloudRule } from '../../../../src/scanners/iac/rules/cloud/types.js';
import { tmpTrees } from '../../../helpers/tmp.js';

/** A source: one main.tf / template.yaml text, or several files by relative path. */
export type Sources = string | Record<string, string>;

export interface CloudCase {
  /** Rule id without the `iac/` prefix: `aws/s3-bucket-public-acl`. */
  rule: string;
  tf?: { flagged: Sources; clean: Sources };
  /** CloudFormation YAML (short-form tags allowed). */
  cfn?: { flagged: string; clean: string };
}

export interface Audit {
  findings: Finding[];
  issues: ScanIssue[];
  loads: CloudLoad[];
}

const trees = tmpTrees();
const writeTree = (files: Record<string, string>): string => trees.make(files);

const asFiles = (s: Sources, name: string): Record<string, string> => (typeof s === 'string' ? { [name]: s } : s);

export async function auditTerraform(src: Sources, rules: readonly CloudRule[], env: Record<string, string> = {}, varFiles: string[] = []): Promise<Audit> {
  const files = asFiles(src, 'main.tf');
  const root = writeTree(files);
  const tf = Object.keys(files)
    .filter((p) => p.endsWith('.tf') || p.endsWith('.tf.json'))
    .map((p) => ({ path: p, absPath: join(root, p) }));
  const loads = await loadTerraform(tf, { root, varFiles: varFiles.map((v) => join(root, v)), env });
  return collect(loads, rules);
}

export function auditCloudFormation(text: string, rules: readonly CloudRule[], path = 'template.yaml'): Audit {
  return collect([loadCloudFormation(path, text)], rules);
}

function collect(loads: CloudLoad[], rules: readonly CloudRule[]): Audit {
  const findings: Finding[] = [];
  const issues: ScanIssue[] = [];
  for (const l of loads) {
    issues.push(...l.issues);
    findings.push(...runCloudRules(l, rules).findings);
  }
  return { findings, issues, loads };
}

/** `path:line` of every `#!` marker in the sources. */
export function marked(src: Sources, name: string): string[] {
  const out: string[] = [];
  for (const [path, text] of Object.entries(asFiles(src, name))) {
    text.split('\n').forEach((l, i) => {
      if (/#!\s*$/.test(l)) out.push(`${path}:${i + 1}`);
    });
  }
  return out.sort();
}

const where = (f: Finding) => `${f.location.path}:${f.location.startLine}`;

/** One describe block per case: the rule exists, flags exactly the marked lines, passes the clean sources. */
export function describeCloudCases(cases: readonly CloudCase[], rules: readonly CloudRule[]): void {
  afterAll(() => trees.cleanup());
  const byId = new Map(rules.map((r) => [r.id, r]));
  describe.each(cases)('iac/$rule', (c) => {
    const rule = byId.get(`iac/${c.rule}`);
    test('exists and has a case', () => {
      expect(rule, `no rule iac/${c.rule}`).toBeDefined();
      expect(c.tf ?? c.cfn).toBeDefined();
    });
    if (c.tf) {
      const { flagged, clean } = c.tf;
      test('terraform: flags the marked lines', async () => {
        const a = await auditTerraform(flagged, [rule!]);
        expect(a.issues.map((i) => i.message)).toEqual([]);
        const want = marked(flagged, 'main.tf');
        expect(want.length).toBeGreaterThan(0);
        expect(a.findings.map(where).sort()).toEqual(want);
        for (const f of a.findings) expect(f.ruleId).toBe(rule!.id);
      });
      test('terraform: passes the clean configuration', async () => {
        const a = await auditTerraform(clean, [rule!]);
        expect(a.issues.map((i) => i.message)).toEqual([]);
        expect(a.findings.map((f) => `${where(f)} ${f.message}`)).toEqual([]);
      });
    }
    if (c.cfn) {
      const { flagged, clean } = c.cfn;
      test('cloudformation: flags the marked lines', () => {
        const a = auditCloudFormation(flagged, [rule!]);
        expect(a.issues.map((i) => i.message)).toEqual([]);
        const want = marked(flagged, 'template.yaml');
        expect(want.length).toBeGreaterThan(0);
        expect(a.findings.map(where).sort()).toEqual(want);
      });
      test('cloudformation: passes the clean template', () => {
        const a = auditCloudFormation(clean, [rule!]);
        expect(a.issues.map((i) => i.message)).toEqual([]);
        expect(a.findings.map((f) => `${where(f)} ${f.message}`)).toEqual([]);
      });
    }
  });
}
