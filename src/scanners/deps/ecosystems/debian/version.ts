import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * Debian and Ubuntu: dpkg version ordering, written by hand from deb-version(7) and the Debian
 * Policy Manual §5.6.12 "Version".
 *
 * Format `[epoch:]upstream_version[-debian_revision]`:
 * - epoch: unsigned integer, absent = 0;
 * - upstream_version: starts with a digit; alphanumerics and `. + ~`, and `-` only when a revision
 *   follows (the revision is what follows the last `-`); `:` is not allowed;
 * - debian_revision: alphanumerics and `+ . ~`; absent = "" (which orders like "0": `1.0` == `1.0-0`).
 *
 * Ordering (Policy §5.6.12): epochs numerically; then upstream versions, then revisions, each by
 * alternating runs: a non-digit run compared character by character where `~` sorts before
 * everything, even the end of the run, then the end, then letters (ASCII), then all other
 * characters (ASCII, after letters); then a digit run compared numerically (an absent run is 0).
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */
export interface DebVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDebian(v: string): DebVersion | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const s = v.trim();
  const colon = s.indexOf(':');
  const epoch = colon >= 0 ? s.slice(0, colon) : '0';
  if (!/^\d+$/.test(epoch)) return null;
  const rest = colon >= 0 ? s.slice(colon + 1) : s;
  const dash = rest.lastIndexOf('-');
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!/^\d[A-Za-z0-9.+~-]*$/.test(upstream)) return null;
  if (dash >= 0 && !/^[A-Za-z0-9.+~]+$/.test(revision)) return null;
  return { epoch, upstream, revision };
}

/** Weight of one character of a non-digit run; 0 is the end of the run. */
function order(c: string | undefined): number {
  if (c === undefined || (c >= '0' && c <= '9')) return 0;
  if (c === '~') return -1;
  const code = c.charCodeAt(0);
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return code;
  return code + 256;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Policy §5.6.12: compares an upstream version or a revision. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit run.
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac < bc ? -1 : 1;
      i++;
      j++;
    }
    // Digit run, numerically.
    let x = i;
    while (isDigit(a[x])) x++;
    let y = j;
    while (isDigit(b[y])) y++;
    const c = compareDigits(a.slice(i, x) || '0', b.slice(j, y) || '0');
    if (c !== 0) return c;
    i = x;
    j = y;
  }
  return 0;
}

export function compareDebian(a: DebVersion, b: DebVersion): number {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const scheme: VersionScheme = {
  ecosystems: ['Debian', 'Ubuntu'],
  valid: (v) => parseDebian(v) !== null,
  compare(a, b) {
    const pa = parseDebian(a);
    const pb = parseDebian(b);
    if (pa && pb) return compareDebian(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};
