import { PackageURL } from 'packageurl-js';
import type { Package } from '../../package.js';
import { packageKey } from '../../package.js';

export { baseName as basename, unparsable } from '../../issues.js';

/** npm package URL: the scope is the namespace (`pkg:npm/%40babel/core@7.1.0`). */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const ns = slash > 0 ? name.slice(0, slash) : undefined;
  const base = slash > 0 ? name.slice(slash + 1) : name;
  try {
    return new PackageURL('npm', ns, base, version, undefined, undefined).toString();
  } catch {
    // Names npm itself would refuse: still give a stable, readable identifier.
    return `pkg:npm/${encodeURIComponent(name).replace(/%2F/g, '/')}@${encodeURIComponent(version)}`;
  }
}

/** A registry version (semver-shaped), as opposed to a git URL, tarball or local path. */
export function isRegistryVersion(v: string): boolean {
  const c = v.charCodeAt(0);
  return c >= 48 && c <= 57 && !v.includes('/') && !v.includes(':');
}

/** True for a plain string-keyed object (not an array, not null). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** String values of a `{ name: range }` map; anything else is ignored. */
export function stringMap(v: unknown): Array<[string, string]> {
  if (!isObject(v)) return [];
  const out: Array<[string, string]> = [];
  for (const k in v) {
    const s = v[k];
    if (typeof s === 'string') out.push([k, s]);
  }
  return out;
}

/**
 * Collects one lockfile's packages. The same name@version can appear several times (npm
 * nesting, pnpm peer variants, yarn descriptors): it becomes one Package, at its first line,
 * direct if any occurrence is, dev only if every occurrence is, depending on the union.
 */
export class PackageSet {
  private readonly byKey = new Map<string, { pkg: Package; deps: Set<string> }>();

  constructor(private readonly source: string) {}

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  add(name: string, version: string, line: number | undefined, dev: boolean, direct = false): string {
    const key = packageKey({ name, version });
    const seen = this.byKey.get(key);
    if (seen) {
      const p = seen.pkg;
      if (line !== undefined && (p.line === undefined || line < p.line)) p.line = line;
      p.dev = p.dev && dev;
      p.direct = p.direct || direct;
      return key;
    }
    const pkg: Package = {
      ecosystem: 'npm',
      name,
      version,
      purl: npmPurl(name, version),
      direct,
      dev,
      pinned: true,
      source: this.source,
    };
    if (line !== undefined) pkg.line = line;
    this.byKey.set(key, { pkg, deps: new Set() });
    return key;
  }

  /** The licence the lockfile records (package-lock v2+ copies package.json `license`). */
  setLicense(key: string, license: unknown): void {
    const e = this.byKey.get(key);
    if (e && typeof license === 'string' && license !== '' && e.pkg.license === undefined) e.pkg.license = license;
  }

  markDirect(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.pkg.direct = true;
  }

  dependsOn(from: string, to: string): void {
    if (from === to) return;
    this.byKey.get(from)?.deps.add(to);
  }

  /** Packages in lockfile order; dependsOn sorted and limited to packages in the set. */
  finish(): Package[] {
    const out: Package[] = [];
    for (const { pkg, deps } of this.byKey.values()) {
      const list: string[] = [];
      for (const d of deps) if (this.byKey.has(d)) list.push(d);
      list.sort();
      pkg.dependsOn = list;
      out.push(pkg);
    }
    out.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    return out;
  }
}

/**
 * Splits an npm-style descriptor `name@range` (scope-aware): `@babel/core@^7` -> ['@babel/core', '^7'].
 * Returns undefined when there is no range part.
 */
export function splitDescriptor(d: string): [string, string] | undefined {
  const at = d.indexOf('@', d.startsWith('@') ? 1 : 0);
  if (at <= 0) return undefined;
  return [d.slice(0, at), d.slice(at + 1)];
}

/**
 * Splits a node_modules-free path of package names (`@scope/a/b/@s/c`) into names:
 * ['@scope/a', 'b', '@s/c'].
 */
export function splitNamePath(p: string): string[] {
  const parts = p.split('/');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i]!;
    if (s.startsWith('@') && i + 1 < parts.length) {
      out.push(`${s}/${parts[i + 1]!}`);
      i++;
    } else out.push(s);
  }
  return out;
}

/** Minimal workspace glob match (`packages/*`, `apps/**`, exact paths), as npm/yarn/bun use them. */
export function matchesWorkspace(path: string, patterns: readonly string[]): boolean {
  const p = path.replace(/^\.\//, '').replace(/\/$/, '');
  for (const raw of patterns) {
    const pat = raw.replace(/^\.\//, '').replace(/\/$/, '');
    if (pat === p) return true;
    let re = '^';
    for (let i = 0; i < pat.length; i++) {
      const c = pat[i]!;
      if (c === '*') {
        if (pat[i + 1] === '*') {
          re += '.*';
          i++;
          if (pat[i + 1] === '/') i++;
        } else re += '[^/]*';
      } else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    if (new RegExp(re + '$').test(p)) return true;
  }
  return false;
}

/** `workspaces` as npm and yarn spell it: an array, or `{ packages: [...] }`. */
export function workspacePatterns(v: unknown): string[] {
  const list = Array.isArray(v) ? v : isObject(v) && Array.isArray(v['packages']) ? v['packages'] : [];
  return list.filter((x): x is string => typeof x === 'string');
}
