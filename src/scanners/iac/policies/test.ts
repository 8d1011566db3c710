import { readFileSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import { runCloudRules } from '../cloud.js';
import { isCloudFormation, loadCloudFormation } from '../formats/cloudformation/load.js';
import { loadTerraform } from '../formats/terraform/load.js';
import type { CloudLoad } from '../model/load.js';
import type { LoadedPolicy } from './load.js';

export interface PolicyTestResult {
  policy: string;
  /** The example file, relative to the policy file's folder. */
  example: string;
  kind: 'flagged' | 'clean';
  ok: boolean;
  detail: string;
}

/**
 * `rampart policy test`: runs each policy over its example files through the same front ends
 * a scan uses. A flagged example must produce findings — exactly on its `#!`-marked lines when
 * it has markers, else at least one; a clean example must produce none. A policy without
 * examples fails: an untested policy is how checks silently rot.
 */
export async function testPolicy(p: LoadedPolicy): Promise<PolicyTestResult[]> {
  const out: PolicyTestResult[] = [];
  const base = dirname(p.file);
  if (p.tests.flagged.length === 0 || p.tests.clean.length === 0) {
    out.push({ policy: p.rule.id, example: relative(base, p.file), kind: p.tests.flagged.length ? 'clean' : 'flagged', ok: false, detail: 'needs at least one flagged and one clean example under tests:' });
  }
  for (const kind of ['flagged', 'clean'] as const) {
    for (const file of p.tests[kind]) {
      const example = relative(base, file);
      const r = await runExample(p, file);
      if ('error' in r) {
        out.push({ policy: p.rule.id, example, kind, ok: false, detail: r.error });
        continue;
      }
      const got = r.lines;
      if (kind === 'clean') {
        out.push({ policy: p.rule.id, example, kind, ok: got.length === 0, detail: got.length ? `expected no findings, got ${got.length} (line ${got.join(', ')})` : 'no findings' });
      } else if (r.marked.length) {
        const ok = got.join(',') === r.marked.join(',');
        out.push({ policy: p.rule.id, example, kind, ok, detail: ok ? `findings on lines ${got.join(', ')}` : `expected findings on lines ${r.marked.join(', ')} (#!), got ${got.length ? got.join(', ') : 'none'}` });
      } else {
        out.push({ policy: p.rule.id, example, kind, ok: got.length > 0, detail: got.length ? `${got.length} finding(s), line ${got.join(', ')}` : 'expected a finding, got none' });
      }
    }
  }
  return out;
}

async function runExample(p: LoadedPolicy, file: string): Promise<{ lines: number[]; marked: number[] } | { error: string }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot read example: ${(e as Error).message}` };
  }
  const name = basename(file);
  let units: CloudLoad[];
  if (/\.tf(\.json)?$/i.test(name)) {
    units = await loadTerraform([{ path: name, absPath: file }], { root: dirname(file), varFiles: [], env: {}, onlyGivenFiles: true });
  } else if (isCloudFormation(name, text)) {
    units = [loadCloudFormation(name, text)];
  } else {
    return { error: 'not a Terraform file or CloudFormation template' };
  }
  const issues = units.flatMap((u) => u.issues);
  if (issues.length) return { error: issues.map((i) => `${i.line ? `line ${i.line}: ` : ''}${i.message}`).join('; ') };
  const lines = units
    .flatMap((u) => runCloudRules(u, [p.rule]).findings)
    .filter((f) => f.location.path === name)
    .map((f) => f.location.startLine)
    .sort((a, b) => a - b);
  const marked: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (/#!\s*$/.test(l)) marked.push(i + 1);
  });
  return { lines, marked };
}
