import { expect } from 'vitest';
import { loadCloudFormation } from '../../../../src/scanners/iac/formats/cloudformation/load.js';
import type { CloudLoad } from '../../../../src/scanners/iac/model/load.js';
import type { Resource } from '../../../../src/scanners/iac/model/resource.js';
import { Unknown } from '../../../../src/scanners/iac/model/value.js';

/** Loads a template and fails the test on any issue. */
export function load(text: string, path = 'template.yaml'): CloudLoad {
  const l = loadCloudFormation(path, text);
  expect(l.issues.map((i) => i.message)).toEqual([]);
  return l;
}

/** The resource at `address`; fails when absent. */
export function res(l: CloudLoad, address: string): Resource {
  const r = l.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have ${l.resources.map((x) => x.address).join(', ')}`);
  return r;
}

/** 1-based line of the first line of `text` containing `needle` (tests mark lines with comments). */
export function lineWith(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

/** Asserts an Unknown with these refs (and, if given, a reason containing `reason`). */
export function expectUnknown(v: unknown, refs: string[] = [], reason?: string): void {
  expect(v).toBeInstanceOf(Unknown);
  const u = v as Unknown;
  expect([...u.refs].sort()).toEqual([...refs].sort());
  if (reason !== undefined) expect(u.reason).toContain(reason);
}

/** A template holding one resource of `type` with these Properties (YAML, indented 6). */
export function template(type: string, props: string, extra = ''): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
${extra}Resources:
  Res:
    Type: ${type}
    Properties:
${props.replace(/^\n/, '').replace(/\s+$/, '')}
`;
}
