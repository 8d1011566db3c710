import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, GO_VERSION, goPackage, unparsable } from './common.js';
import type { GoModResult } from './go-mod.js';

/**
 * go.sum (https://go.dev/ref/mod#go-sum-files): `<module> <version>[/go.mod] <hash>` lines.
 * A `/go.mod` line only records that the module's go.mod was read while resolving the graph;
 * a line without it records a module whose code was downloaded, and is a package here. A
 * module can appear at several versions (every version ever consulted), so on its own go.sum
 * over-reports: all packages are `direct: false`, one per module@version, at the line of
 * their entry. Use `combineGoModSum` to merge it with go.mod.
 */
export function extractGoSum(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  const packages: Package[] = [];
  const seen = new Set<string>();
  file.content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '') return;
    const f = text.split(/\s+/);
    if (f.length !== 3 || !f[2]!.includes(':')) {
      issues.push(unparsable(file.path, `not a go.sum line (module version hash): ${text.slice(0, 120)}`, line));
      return;
    }
    const [path, version] = f as [string, string, string];
    if (version.endsWith('/go.mod')) {
      if (!GO_VERSION.test(version.slice(0, -'/go.mod'.length))) issues.push(unparsable(file.path, `${path}: bad version ${version}`, line));
      return;
    }
    if (!GO_VERSION.test(version)) {
      issues.push(unparsable(file.path, `${path}: bad version ${version}`, line));
      return;
    }
    const key = `${path}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    packages.push(goPackage({ name: path, version, direct: false, source: file.path, line }));
  });
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'go/go-sum',
  ecosystem: 'Go',
  accepts: (path) => baseName(path) === 'go.sum',
  extract: extractGoSum,
};

/** True when the `go` directive is at least 1.17 (pruned module graphs: go.mod lists the whole build list). */
export function goModIsComplete(goVersion: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(goVersion ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  return major > 1 || (major === 1 && Number(m[2]) >= 17);
}

/**
 * How the scanner combines a module's go.mod and go.sum (same directory):
 *
 * - go.mod is authoritative for everything it lists: version, direct/indirect, replacements.
 * - With `go 1.17` or later go.mod already lists every module in the build, so go.sum adds
 *   nothing (its extra entries are versions consulted and not selected, or test-only
 *   dependencies of dependencies): reporting them would be false positives.
 * - Before 1.17 (or no `go` directive) go.mod omits some indirect modules: go.sum adds each
 *   module that go.mod neither requires nor uses as a replacement, at its highest version in
 *   go.sum (minimal version selection picks the highest required one), as `direct: false`
 *   with the go.sum line.
 * - go.sum without go.mod: `mod` is undefined; every module at its highest version.
 *
 * `compare` is the Go version ordering (ecosystems/go/version.ts `scheme.compare`); without it
 * the last entry wins (go.sum is written sorted by module and version).
 */
export function combineGoModSum(
  mod: GoModResult | undefined,
  sum: ExtractResult | undefined,
  compare?: (a: string, b: string) => number,
): ExtractResult {
  const packages: Package[] = [...(mod?.packages ?? [])];
  const issues = [...(mod?.issues ?? []), ...(sum?.issues ?? [])];
  if (!sum || (mod && goModIsComplete(mod.goVersion))) return { packages, issues };
  const known = new Set<string>();
  for (const p of mod?.packages ?? []) {
    known.add(p.name);
    const orig = (p as { replaces?: string }).replaces;
    if (orig) known.add(orig.slice(0, orig.lastIndexOf('@')));
  }
  const best = new Map<string, Package>();
  for (const p of sum.packages) {
    if (known.has(p.name)) continue;
    const cur = best.get(p.name);
    if (!cur || (compare ? compare(p.version, cur.version) > 0 : true)) best.set(p.name, p);
  }
  packages.push(...best.values());
  return { packages, issues };
}
