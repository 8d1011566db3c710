import { isObject, isUnknown, type ObjectValue, type Value } from '../../model/value.js';

/**
 * Reads a dotted path (`versioning.0.enabled`, `tags.env`). Numeric segments index lists;
 * a non-numeric segment on a list reads its first element (a block written once). Returns
 * undefined when the path is absent and the Unknown itself when it runs into one.
 */
export function get(v: Value | undefined, path: string): Value | undefined {
  let cur: Value | undefined = v;
  for (const seg of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    if (isUnknown(cur)) return cur;
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(seg)) {
        cur = cur[Number(seg)];
        continue;
      }
      cur = cur[0];
      if (cur === undefined || cur === null) return undefined;
      if (isUnknown(cur)) return cur;
    }
    if (!isObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** A nested block list (`ingress`, `rule`) as objects with their paths; a single object counts as one block. */
export function blocks(v: Value | undefined, name: string, base = ''): { block: ObjectValue; path: string }[] {
  const at = isObject(v) ? v[name] : undefined;
  const prefix = base ? `${base}.${name}` : name;
  if (isObject(at)) return [{ block: at, path: `${prefix}.0` }];
  if (!Array.isArray(at)) return [];
  const out: { block: ObjectValue; path: string }[] = [];
  at.forEach((b, i) => {
    if (isObject(b)) out.push({ block: b, path: `${prefix}.${i}` });
  });
  return out;
}

/** Known true (HCL, plan and CloudFormation all allow the string forms). */
export const isTrue = (v: Value | undefined): boolean => v === true || v === 'true' || v === 'True';
/** Known false. */
export const isFalse = (v: Value | undefined): boolean => v === false || v === 'false' || v === 'False';
/** Set and known (not absent, not null, not Unknown). */
export const isSet = (v: Value | undefined): boolean => v !== undefined && v !== null && !isUnknown(v);
/** Absent or null: the provider default applies. Unknown is neither absent nor set. */
export const isAbsent = (v: Value | undefined): boolean => v === undefined || v === null;

/** Known strings in a string or a list of strings (unknown elements are skipped). */
export function strings(v: Value | undefined): string[] {
  return flatStrings(v);
}

/** A known string, else undefined. */
export const str = (v: Value | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A known number (numeric strings too: CloudFormation and tfvars often quote numbers). */
export function num(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export const OPEN_IPV4 = '0.0.0.0/0';
export const OPEN_IPV6 = '::/0';
/**
 * CIDRs and address prefixes meaning "anyone on the internet" in AWS, Azure and GCP: any
 * address with a /0 prefix (`0.0.0.0/0`, `::/0`, but also `192.168.1.0/0`, which matches every
 * address just the same), and Azure's `*`, `Internet`, `Any`, `0.0.0.0`.
 */
export function isOpenToWorld(s: string): boolean {
  const t = s.trim().toLowerCase();
  if (t === '*' || t === 'internet' || t === 'any' || t === '0.0.0.0') return true;
  const slash = t.lastIndexOf('/');
  if (slash <= 0) return false;
  const addr = t.slice(0, slash);
  return /^0+$/.test(t.slice(slash + 1)) && /^[0-9a-f.:]+$/.test(addr) && (addr.includes('.') || addr.includes(':'));
}

/** Nested lists flattened: Terraform 0.11 code wraps list variables as `["${var.cidrs}"]`. */
export function flatStrings(v: Value | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => (Array.isArray(x) ? flatStrings(x) : typeof x === 'string' ? [x] : []));
}
