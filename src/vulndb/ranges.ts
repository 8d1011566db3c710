import semver from 'semver';
import type { VersionScheme } from '../scanners/deps/version.js';
import type { StoredRange } from './writer.js';

/**
 * OSV range evaluation (https://ossf.github.io/osv-schema/#evaluation): events sorted by version
 * (`introduced: "0"` lowest, `limit: "*"` highest), then walked in order; `introduced` opens,
 * `fixed` closes (exclusive), `last_affected` closes after its version (inclusive); a version at or
 * past every `limit` is never affected. SEMVER ranges are ordered by SemVer 2.0 in every ecosystem;
 * ECOSYSTEM ranges by the ecosystem's scheme; GIT ranges are not evaluated for packages.
 */

/** A version ordering over pre-parsed keys. */
export interface Order<K> {
  parse(v: string): K | undefined;
  compare(a: K, b: K): number;
}

export const semverOrder: Order<semver.SemVer> = {
  parse: (v) => semver.parse(v) ?? undefined,
  compare: (a, b) => a.compare(b),
};

export function schemeOrder(s: VersionScheme): Order<string> {
  return { parse: (v) => (s.valid(v) ? v : undefined), compare: (a, b) => s.compare(a, b) };
}

type Kind = 'i' | 'f' | 'l' | 'x';

interface CompiledEvent<K> {
  kind: Kind;
  /** The version as written. */
  text: string;
  /** undefined for `introduced: "0"` (lowest) and `limit: "*"` (highest). */
  key: K | undefined;
}

export interface CompiledRange<K = unknown> {
  type: 'SEMVER' | 'ECOSYSTEM';
  order: Order<K>;
  events: CompiledEvent<K>[];
  /** Event versions the ordering could not parse (dropped from evaluation). */
  invalid: string[];
}

function rank<K>(e: CompiledEvent<K>): number {
  if (e.key !== undefined) return 0;
  return e.kind === 'x' ? 1 : -1;
}

/** Sorts a stored range's events once; GIT ranges and ranges without an ordering give undefined. */
export function compileRange(r: StoredRange, schemeOrd: Order<string> | undefined): CompiledRange | undefined {
  if (r.t === 'G') return undefined;
  const order = (r.t === 'S' ? semverOrder : schemeOrd) as Order<unknown> | undefined;
  if (!order) return undefined;
  const events: CompiledEvent<unknown>[] = [];
  const invalid: string[] = [];
  for (const [kind, text] of r.e) {
    if ((kind === 'i' && text === '0') || (kind === 'x' && text === '*')) {
      events.push({ kind, text, key: undefined });
      continue;
    }
    const key = order.parse(text);
    if (key === undefined) invalid.push(text);
    else events.push({ kind, text, key });
  }
  // Stable sort: equal versions keep record order.
  events.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== 0 || rb !== 0) return ra - rb;
    return order.compare(a.key, b.key);
  });
  return { type: r.t === 'S' ? 'SEMVER' : 'ECOSYSTEM', order, events, invalid };
}

/** True when `key` (parsed with the range's order) is inside the range. */
export function inRange<K>(range: CompiledRange<K>, key: K): boolean {
  const { order, events } = range;
  let limited = false;
  let beforeALimit = false;
  for (const e of events) {
    if (e.kind !== 'x') continue;
    limited = true;
    if (e.key === undefined || order.compare(key, e.key) < 0) beforeALimit = true;
  }
  if (limited && !beforeALimit) return false;
  let affected = false;
  for (const e of events) {
    switch (e.kind) {
      case 'i':
        if (e.key === undefined || order.compare(key, e.key) >= 0) affected = true;
        break;
      case 'f':
        if (order.compare(key, e.key as K) >= 0) affected = false;
        break;
      case 'l':
        if (order.compare(key, e.key as K) > 0) affected = false;
        break;
      default:
        break;
    }
  }
  return affected;
}

/** `<1.21.9 || >=1.22.0-0 <1.22.2`; `>=1.0 <=1.4`; `>=2.0.0` when never fixed. */
export function rangeText(range: CompiledRange): string {
  const parts: string[] = [];
  let open: string | undefined;
  for (const e of range.events) {
    if (e.kind === 'i') {
      if (open === undefined) open = e.key === undefined ? '' : `>=${e.text}`;
    } else if ((e.kind === 'f' || e.kind === 'l') && open !== undefined) {
      const close = e.kind === 'f' ? `<${e.text}` : `<=${e.text}`;
      parts.push(open ? `${open} ${close}` : close);
      open = undefined;
    }
  }
  if (open !== undefined) {
    const limit = range.events.find((e) => e.kind === 'x' && e.key !== undefined);
    parts.push(limit ? `${open ? `${open} ` : ''}<${limit.text}` : open || '>=0');
  }
  return parts.join(' || ');
}
