import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * AlmaLinux, Rocky Linux, Red Hat: RPM's rpmvercmp, written by hand from the RPM documentation
 * ("RPM Version Comparison" / rpm.org "Dependencies: Versioning", and the Fedora Packaging
 * Guidelines "Versioning" section on `~` and `^`).
 *
 * Format `[epoch:]version[-release]`: epoch an unsigned integer (absent = 0); version and release
 * are made of alphanumerics and `. _ + ~ ^` (the release is what follows the last `-`).
 *
 * rpmvercmp on each of version and release:
 * - identical strings are equal; otherwise both strings are split into segments of digits or of
 *   ASCII letters, and every other character is only a separator (`1.0` == `1_0` == `1+0`);
 * - `~` sorts before everything, even the end of the string: `1.0~rc1` < `1.0`;
 * - `^` sorts after the end of the string but before anything else: `1.0` < `1.0^git1` < `1.0.1`;
 * - a numeric segment is newer than an alphabetic one (`1.0` > `1.a`); numbers compare by
 *   value (leading zeros ignored), letters by ASCII (case-sensitive);
 * - when all shared segments are equal, the string with segments left over is newer.
 *
 * EVR comparison: epoch, then version, then release. Decision: an absent release is the empty
 * string, so `1.0` < `1.0-1` (RPM's dependency matcher treats a missing release as "any"; a vulnerable
 * range always carries one).
 *
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */
export interface Evr {
  epoch: string;
  version: string;
  release: string;
}

const PART = /^[A-Za-z0-9._+~^]+$/;

export function parseEvr(v: string): Evr | null {
  if (typeof v !== 'string' || v.length > 256) return null;
  const s = v.trim();
  const colon = s.indexOf(':');
  const epoch = colon >= 0 ? s.slice(0, colon) : '0';
  if (!/^\d+$/.test(epoch)) return null;
  const rest = colon >= 0 ? s.slice(colon + 1) : s;
  const dash = rest.lastIndexOf('-');
  const version = dash >= 0 ? rest.slice(0, dash) : rest;
  const release = dash >= 0 ? rest.slice(dash + 1) : '';
  if (!PART.test(version) || !/[A-Za-z0-9]/.test(version)) return null;
  if (dash >= 0 && !PART.test(release)) return null;
  return { epoch, version, release };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);

export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    // Skip separators (anything but letters, digits, `~` and `^`).
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    const x = a[i];
    const y = b[j];
    if (x === undefined && y === undefined) return 0;
    // `~` sorts before everything else.
    if (x === '~' || y === '~') {
      if (x !== '~') return 1;
      if (y !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // `^` sorts before everything but the end of the string.
    if (x === '^' || y === '^') {
      if (x === undefined) return -1;
      if (y === undefined) return 1;
      if (x !== '^') return 1;
      if (y !== '^') return -1;
      i++;
      j++;
      continue;
    }
    // One string ran out: the other, with segments left, is newer.
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const numeric = isDigit(x);
    const take = numeric ? isDigit : isAlpha;
    let ei = i;
    while (take(a[ei])) ei++;
    let ej = j;
    while (take(b[ej])) ej++;
    // Different segment types: numeric is newer than alphabetic.
    if (ej === j) return numeric ? 1 : -1;
    const sa = a.slice(i, ei);
    const sb = b.slice(j, ej);
    const c = numeric ? compareDigits(sa, sb) : sa < sb ? -1 : sa > sb ? 1 : 0;
    if (c !== 0) return c;
    i = ei;
    j = ej;
  }
}

export function compareEvr(a: Evr, b: Evr): number {
  return compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export const scheme: VersionScheme = {
  ecosystems: ['AlmaLinux', 'Rocky Linux', 'Red Hat'],
  valid: (v) => parseEvr(v) !== null,
  compare(a, b) {
    const pa = parseEvr(a);
    const pb = parseEvr(b);
    if (pa && pb) return compareEvr(pa, pb);
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};
