/**
 * Shared helpers for the AWS database, analytics and container rules (RDS is their largest
 * user, hence the name): rule metadata boilerplate and the "known bad or known absent" checks
 * every service repeats.
 */
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type Value } from '../../model/value.js';
import { get, isAbsent, isFalse, isOpenToWorld, isTrue, str } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { statements, type Statement } from './policy-document.js';

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
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === want) return v;
  return undefined;
}

/** Names that say the value is a credential (DB_PASSWORD, apiKey, GITHUB_TOKEN, aws_secret_access_key). */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (/(?:public|publish|path|file|arn|name|id|url|uri|endpoint|host|user|length|rotation|ttl|type|mode|enabled|timeout|expiry|expiration|header|region|version|format|prefix|dir|location|policy|provider|issuer|audience|scope)$/.test(n)) return false;
  return /(?:password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|credential|authkey|clientsecret)/.test(n);
}

/**
 * A plaintext value that looks like a real credential rather than a placeholder, a reference to a
 * secret store, or an empty string.
 */
export function looksLikeSecretValue(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const s = v.trim();
  if (s.length < 4) return false;
  if (/^arn:/i.test(s) || /^\{\{resolve:/i.test(s) || /^\$\{/.test(s)) return false;
  const l = s.toLowerCase();
  if (['changeme', 'change-me', 'placeholder', 'none', 'null', 'false', 'true', 'xxxx', 'redacted', 'dummy'].includes(l)) return false;
  if (/^(?:\/|ssm:|secretsmanager:|vault:)/.test(l)) return false;
  return true;
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

/** A condition that narrows nothing: only `IpAddress` on `aws:SourceIp` with an internet-wide range among its values. */
function onlyOpenSourceIp(condition: { [op: string]: unknown }): boolean {
  const ops = Object.entries(condition);
  if (ops.length !== 1) return false;
  const [op, body] = ops[0]!;
  if (op !== 'IpAddress' || typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.entries(body);
  if (keys.length !== 1 || keys[0]![0].toLowerCase() !== 'aws:sourceip') return false;
  const v = keys[0]![1];
  const ips = Array.isArray(v) ? v : [v];
  return ips.some((ip) => typeof ip === 'string' && isOpenToWorld(ip));
}

/**
 * The first Allow statement of a resource policy that admits every principal ("*") with no
 * condition (or only an `aws:SourceIp` condition that includes 0.0.0.0/0). A statement whose
 * Effect or Condition is unknown (a rendered aws_iam_policy_document with unknown parts keeps
 * Unknowns in place) is not counted: the condition might narrow it.
 */
export function openStatement(doc: Value | undefined): Statement | undefined {
  const sts = statements(doc);
  if (!sts) return undefined;
  const parsed = jsonDoc(doc);
  const rawList = field(parsed, 'Statement');
  const raw = Array.isArray(rawList) ? rawList : [rawList];
  return sts.find((s) => {
    const r = raw[s.index];
    if (isUnknown(field(r, 'Condition') as Value) || isUnknown(field(r, 'Effect') as Value)) return false;
    return s.effect === 'Allow' && s.principals.includes('*') && (!s.hasCondition || onlyOpenSourceIp(s.condition));
  });
}
