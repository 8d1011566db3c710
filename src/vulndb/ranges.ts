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

const parsedSemver = new Map<string, semver.SemVer | null>();

export const semverOrder: Order<semver.SemVer> = {
  parse: (v) => {
    let k = parsedSemver.get(v);
    if (k === undefined) {
      k = semver.parse(v);
      if (parsedSemver.size > 200_000) parsedSemver.clear();
      parsedSemver.set(v, k);
    }
    return k ?? undefined;
  },
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
  /** The `limit` events, when there are any. */
  limits?: CompiledEvent<K>[];
  /** prefix[i]: the kind of the last non-limit event before index i. */
  prefix: (Kind | undefined)[];
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
  const limits = events.filter((e) => e.kind === 'x');
  const prefix: (Kind | undefined)[] = [undefined];
  for (const e of events) prefix.push(e.kind === 'x' ? prefix[prefix.length - 1] : e.kind);
  return { type: r.t === 'S' ? 'SEMVER' : 'ECOSYSTEM', order, events, invalid, prefix, ...(limits.length ? { limits } : {}) };
}

/**
 * True when `key` (parsed with the range's order) is inside the range. Walking the sorted events,
 * an event only changes the state when it applies (introduced/fixed at or below the version,
 * last_affected below it), and each sets the state outright; so the answer is the effect of the
 * last applicable event, found by binary search: O(log n) comparisons instead of n.
 */
export function inRange<K>(range: CompiledRange<K>, key: K): boolean {
  const { order, events } = range;
  if (range.limits) {
    let before = false;
    for (const e of range.limits) {
      if (e.key === undefined || order.compare(key, e.key) < 0) {
        before = true;
        break;
      }
    }
    if (!before) return false;
  }
  // First index whose key is >= version (lowest-ranked events have key undefined and come first).
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = events[mid]!;
    const below = e.key === undefined ? e.kind !== 'x' : order.compare(e.key, key) < 0;
    if (below) lo = mid + 1;
    else hi = mid;
  }
  let last = range.prefix[lo];
  // Events equal to the version: introduced and fixed apply, last_affected does not.
  for (let i = lo; i < events.length; i++) {
    const e = events[i]!;
    if (e.key === undefined || order.compare(e.key, key) !== 0) break;
    if (e.kind === 'i' || e.kind === 'f') last = e.kind;
  }
  return last === 'i';
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
