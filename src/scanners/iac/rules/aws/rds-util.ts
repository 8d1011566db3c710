/**
 * Shared helpers for the AWS database, analytics and container rules (RDS is their largest
 * user, hence the name): rule metadata boilerplate, the "known bad or known absent" attribute
 * checks every service repeats, parameter groups and JSON documents held in attributes.
 */
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type Value } from '../../model/value.js';
import { get, isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';

const TF_DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

/** A CloudRule with `iac/aws/` prefixed to the id and the Terraform docs page of `doc` (default: the first type). */
export function awsRule(r: Omit<CloudRule, 'provider' | 'references'> & { doc?: string; references?: string[] }): CloudRule {
  const { doc, references, ...rest } = r;
  const page = doc ?? (r.types[0] ?? '').replace(/^aws_/, '');
  return { ...rest, id: `iac/aws/${r.id}`, provider: 'aws', references: [TF_DOCS + page, ...(references ?? [])] };
}

/**
 * A boolean whose provider default is false (insecure): reports a known false at the path, and
 * an absent value at the path too (lineOf falls back to the enclosing block, or the resource).
 * Unknown stays silent.
 */
export function requireTrue(r: Resource, path: string, report: CloudReport, message: string): void {
  const v = get(r.attrs, path);
  if (isFalse(v) || isAbsent(v)) report(path, message);
}

/**
 * Whether `path` was written by the author. Plans spell out every provider default, so a rule
 * that deliberately flags only explicit values (deletion protection off, say) must not fire on
 * a default a plan filled in; HCL and CloudFormation only hold what was written.
 */
export const written = (r: Resource, path: string): boolean => r.source !== 'plan' || r.lines.has(path);

/** Reports a known false at the path, but on a plan only when the configuration wrote it. */
export function flagExplicitFalse(r: Resource, path: string, report: CloudReport, message: string): void {
  if (written(r, path)) flagFalse(r, path, report, message);
}

/** Reports only a known true at the path. */
export function flagTrue(r: Resource, path: string, report: CloudReport, message: string): void {
  if (isTrue(get(r.attrs, path))) report(path, message);
}

/** Reports only a known false at the path. */
export function flagFalse(r: Resource, path: string, report: CloudReport, message: string): void {
  if (isFalse(get(r.attrs, path))) report(path, message);
}

/** Case-insensitive equality of a known string value with one of `wanted`. */
export function isOneOf(v: Value | undefined, ...wanted: string[]): boolean {
  const s = str(v);
  return s !== undefined && wanted.some((w) => w.toLowerCase() === s.toLowerCase());
}

/** Lower-cased known string, else undefined. */
export const lower = (v: Value | undefined): string | undefined => str(v)?.toLowerCase();

/** Set to a known non-empty value, or Unknown (something is there, we just cannot see it). */
export function isGiven(v: Value | undefined): boolean {
  if (isUnknown(v)) return true;
  if (v === undefined || v === null || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/**
 * `parameter` blocks of a parameter group (aws_db_parameter_group and friends): name → value and
 * path of each block whose name is known. Names are matched case-insensitively.
 */
export function parameters(r: Resource): Map<string, { value: Value | undefined; path: string }> {
  const out = new Map<string, { value: Value | undefined; path: string }>();
  const list = r.attrs['parameter'];
  if (!Array.isArray(list)) return out;
  list.forEach((p, i) => {
    if (!isObject(p)) return;
    const name = str(p['name']);
    if (name !== undefined) out.set(name.toLowerCase(), { value: p['value'], path: `parameter.${i}.value` });
  });
  return out;
}

/**
 * A JSON document held in a string attribute (jsonencode, heredoc, a plan) or already an object
 * or list (CloudFormation). Undefined when unknown or not JSON.
 */
export function jsonDoc(v: Value | undefined): unknown {
  if (v === undefined || v === null || isUnknown(v)) return undefined;
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** A key of a parsed JSON object, matched case-insensitively (Terraform JSON is camelCase, CloudFormation PascalCase). */
export function field(o: unknown, key: string): unknown {
  // An Unknown is an object too, but its own fields (reason, refs) are not the document's.
  if (typeof o !== 'object' || o === null || Array.isArray(o) || isUnknown(o)) return undefined;
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === want) return v;
  return undefined;
}

/**
 * Whether a separate resource of `type` configures r (aws_redshift_logging for a cluster): it
 * refers to r, or its `attr` names r by the same literal as r's `nameAttr`. A candidate whose
 * `attr` is unknown and refers to nothing might be configuring r too: counted as covering, so
 * the caller stays silent.
 */
export function coveredBySeparate(r: Resource, graph: ResourceGraph, type: string, attr: string, nameAttr: string): boolean {
  if (graph.referrers(r, [type]).some((x) => graph.targets(x, attr).includes(r))) return true;
  const name = str(r.attrs[nameAttr]);
  for (const x of graph.ofType(type)) {
    const v = x.attrs[attr];
    if (isUnknown(v) && (x.refs.get(attr) ?? []).length === 0) return true;
    if (name !== undefined && str(v) === name) return true;
  }
  return false;
}
