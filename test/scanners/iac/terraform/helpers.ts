/** Writes small Terraform trees to temp dirs and loads them through the real loader. */
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { tmpTrees } from '../../../helpers/tmp.js';
import { loadTerraform } from '../../../../src/scanners/iac/formats/terraform/load.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown, type Value } from '../../../../src/scanners/iac/model/value.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

/** A temp directory with these files, removed after the test file. */
export const writeTree = (files: Record<string, string>): string => trees.make(files);

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
