import type { VersionScheme } from '../../version.js';
import { compareDigits, compareFallback } from '../cargo/version.js';

/**
 * Maven: org.apache.maven.artifact.versioning.ComparableVersion as documented for Maven 3.9
 * (https://maven.apache.org/ref/3.9.9/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html
 * and the "Version Order Specification" of the POM reference). Written by hand.
 *
 * Parsing (POM reference, "Version Order Specification"):
 * - case-insensitive (lower-cased first);
 * - `.` and `-` separate items, and so does a change between digits and letters: `1.0alpha1`;
 *   an empty item (`1..2`, `1-.2`, leading `.`) is 0;
 * - a `-`, and a digit/letter change, opens a sub-list: `1-rc-1` is [1, [rc, [1]]];
 * - a string item after `.` is treated as after `-` (Maven 3.9, MNG-7644: `1.0.X2` < `1.0-X3` < `1.0.1`);
 * - `a`, `b`, `m` directly followed by a digit mean alpha, beta, milestone; `cr` means `rc`;
 *   `ga`, `final`, `release` mean the empty qualifier;
 * - "null" items (0, the empty qualifier, an empty list) at the end of each list are removed,
 *   so `1.0.0` == `1` == `1-final` == `1.0-ga`.
 *
 * Ordering of items ("Version Order Specification"):
 * - numbers compare numerically (any size);
 * - qualifiers: alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp,
 *   unknown qualifiers after all known ones, lexically among themselves;
 * - item kinds: number > list > qualifier (`1.1` > `1-1` > `1-sp` ... and `1.0.1` > `1.0-1`);
 * - padding: a missing item compares as 0 against a number, as "" against a qualifier
 *   (so `1-alpha` < `1` < `1-sp` and `1` < `1.1`), and a list compares its first item.
 *
 * Valid: any non-empty string of at most 256 characters without whitespace or control characters
 * (ComparableVersion orders every string; we refuse only what cannot come from a POM).
 * Invalid input sorts before every valid version; two invalid strings compare by UTF-16 code units.
 */

type Item = { kind: 'int'; value: string } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = QUALIFIERS.indexOf('');

function strItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  // `a1`, `b2`, `m3`: one-letter shorthands, only when a digit follows.
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'str', value: ALIASES[v] ?? v };
}

function intItem(digits: string): Item {
  return { kind: 'int', value: digits.replace(/^0+(?=\d)/, '') };
}

const isDigitChar = (c: string): boolean => c >= '0' && c <= '9';

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === '0';
  if (item.kind === 'str') return qualifierRank(item.value) === qualifierRank('');
  return item.items.length === 0;
}

/** Removes null items from the end of a list, looking past trailing sub-lists. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (isNull(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

export function parseMaven(version: string): Item | null {
  if (typeof version !== 'string' || version.length === 0 || version.length > 256) return null;
  if (/[\s\p{Cc}]/u.test(version)) return null;
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const openList = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  const parseItem = (isDigit: boolean, buf: string): Item => (isDigit ? intItem(buf) : strItem(buf, false));
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.') {
      list.push(i === start ? intItem('0') : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? intItem('0') : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      openList();
    } else if (isDigitChar(c)) {
      if (!isDigit && i > start) {
        // `.X1` is read as `-X1` (MNG-7644).
        if (list.length > 0) openList();
        list.push(strItem(v.slice(start, i), true));
        start = i;
        openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, v.slice(start, i)));
        start = i;
        openList();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    // A trailing `.X` is read as `-X` (MNG-7644).
    if (!isDigit && list.length > 0) openList();
    list.push(parseItem(isDigit, v.slice(start)));
  }
  while (stack.length > 0) normalize(stack.pop()!);
  return { kind: 'list', items: root };
}

/** Known qualifiers by index; unknown ones after them, lexically. */
function qualifierRank(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i >= 0 ? String(i) : `${QUALIFIERS.length}-${q}`;
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares an item with another item, or with padding (undefined). */
function compareItem(a: Item, b: Item | undefined): number {
  switch (a.kind) {
    case 'int':
      if (b === undefined) return a.value === '0' ? 0 : 1;
      if (b.kind === 'int') return compareDigits(a.value, b.value);
      return 1; // 1.1 > 1-sp, 1.1 > 1-1
    case 'str':
      if (b === undefined) return cmpStr(qualifierRank(a.value), String(RELEASE_INDEX)); // 1-rc < 1 < 1-sp
      if (b.kind === 'str') return cmpStr(qualifierRank(a.value), qualifierRank(b.value));
      return -1; // 1-x < 1.1, 1-x < 1-1
    case 'list': {
      if (b === undefined) return a.items.length === 0 ? 0 : compareItem(a.items[0]!, undefined);
      if (b.kind === 'int') return -1;
      if (b.kind === 'str') return 1;
      for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
        const x = a.items[i];
        const y = b.items[i];
        const c = x === undefined ? (y === undefined ? 0 : -compareItem(y, undefined)) : compareItem(x, y);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

export const scheme: VersionScheme = {
  ecosystems: ['Maven'],
  valid: (v) => parseMaven(v) !== null,
  compare(a, b) {
    const pa = parseMaven(a);
    const pb = parseMaven(b);
    if (pa && pb) return Math.sign(compareItem(pa, pb));
    return compareFallback(a, b, pa !== null, pb !== null);
  },
};
