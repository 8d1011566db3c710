/** Writes small Terraform trees to temp dirs and loads them through the real loader. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { loadTerraform } from '../../../../src/scanners/iac/formats/terraform/load.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rampart-tf-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

export interface LoadOpts {
  env?: Record<string, string>;
  varFiles?: string[];
  /** Only these files are handed to the loader (others are on disk only); default: every .tf/.tf.json. */
  scanned?: string[];
}

/** Loads a tree: a string is main.tf. */
export async function load(src: string | Record<string, string>, o: LoadOpts = {}): Promise<CloudLoad[]> {
  const files = typeof src === 'string' ? { 'main.tf': src } : src;
  const root = writeTree(files);
  const scanned = o.scanned ?? Object.keys(files).filter((p) => p.endsWith('.tf') || p.endsWith('.tf.json'));
  return loadTerraform(
    scanned.map((p) => ({ path: p, absPath: join(root, p) })),
    { root, env: o.env ?? {}, varFiles: (o.varFiles ?? []).map((v) => join(root, v)) },
  );
}

/** Loads a tree expected to have exactly one root and no issues. */
export async function loadOne(src: string | Record<string, string>, o: LoadOpts = {}): Promise<CloudLoad> {
  const loads = await load(src, o);
  expect(loads).toHaveLength(1);
  expect(loads[0]!.issues.map((i) => i.message)).toEqual([]);
  return loads[0]!;
}

export function res(l: CloudLoad, address: string): Resource {
  const r = l.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have ${l.resources.map((x) => x.address).join(', ')}`);
  return r;
}

/** Evaluates one expression as the attribute `v` of a resource. */
export async function value(expr: string, prelude = '', o: LoadOpts = {}): Promise<Value | undefined> {
  const l = await loadOne(`${prelude}\nresource "t" "r" {\n  v = ${expr}\n}\n`, o);
  return res(l, 't.r').attrs['v'];
}

/** Unknowns compare by reason and refs. */
export function plain(v: Value | undefined): unknown {
  if (v instanceof Unknown) return { unknown: v.reason, refs: [...v.refs] };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}
