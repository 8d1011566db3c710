import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, isRecord, markRootsDirect, normalizeName, pypiPackage, skipped, str, tomlArrayLines, unparsable, parseTomlLock } from './common.js';

/**
 * PEP 751 lock files: `pylock.toml` and `pylock.<name>.toml` (`lock-version = "1.0"`).
 * `[[packages]]` entries have name, optional version, optional `marker` and optional
 * `dependencies` (tables naming other entries by name, plus version when ambiguous).
 *
 * A package without a version (a VCS or directory source, where the spec says to omit it) is
 * skipped with an issue. dev: the entry's marker only admits it for dependency groups
 * (`'dev' in dependency_groups`) that are not among the lock's `default-groups`. direct: when
 * the lock records dependencies, a package no other entry depends on; without them the lock
 * does not say, and direct is false.
 */
export interface PylockPackage extends Package {
  /** The entry's environment marker, as written. */
  marker?: string;
}

export function isPylockPath(path: string): boolean {
  const b = baseName(path);
  return b === 'pylock.toml' || /^pylock\.[^./\\]+\.toml$/.test(b);
}

export function extractPylock(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  const parsed = parseTomlLock(file);
  if ('failed' in parsed) return parsed.failed;
  const doc = parsed.doc;
  const lockVersion = str(doc['lock-version']);
  if (lockVersion === undefined) issues.push(unparsable(file.path, 'no `lock-version`: not a PEP 751 lock file'));
  else if (lockVersion.split('.')[0] !== '1') issues.push(unparsable(file.path, `unknown pylock lock-version ${lockVersion}; read as 1.0`));
  const list = doc['packages'] ?? [];
  if (!Array.isArray(list)) return { packages: [], issues: [...issues, unparsable(file.path, '`packages` is not an array of tables')] };

  const defaultGroups = new Set(Array.isArray(doc['default-groups']) ? doc['default-groups'].filter((g): g is string => typeof g === 'string') : []);
  const lines = tomlArrayLines(file.content, 'packages');
  const packages: PylockPackage[] = [];
  const depRefs: { name: string; version?: string }[][] = [];
  let graph = false;
  list.forEach((e: unknown, i) => {
    const line = lines[i];
    if (!isRecord(e)) {
      issues.push(unparsable(file.path, 'packages entry is not a table', line));
      return;
    }
    const name = str(e['name']);
    if (!name) {
      issues.push(unparsable(file.path, 'packages entry without name', line));
      return;
    }
    const version = str(e['version']);
    if (!version) {
      const kind = isRecord(e['vcs']) ? 'VCS' : isRecord(e['directory']) ? 'directory' : isRecord(e['archive']) ? 'archive' : 'unversioned';
      issues.push(skipped(file.path, `skipped ${name}: ${kind} source without a version`, line));
      return;
    }
    const marker = str(e['marker']);
    const p: PylockPackage = pypiPackage({ name, version, direct: false, dev: marker !== undefined && devOnly(marker, defaultGroups), source: file.path, line });
    if (marker) p.marker = marker;
    packages.push(p);
    if (Array.isArray(e['dependencies'])) graph = true;
    depRefs.push(
      Array.isArray(e['dependencies'])
        ? e['dependencies'].flatMap((d) => {
            const n = isRecord(d) ? str(d['name']) : undefined;
            if (!n) return [];
            const v = str((d as Record<string, unknown>)['version']);
            return [v ? { name: normalizeName(n), version: v } : { name: normalizeName(n) }];
          })
        : [],
    );
  });

  packages.forEach((p, i) => {
    const keys = depRefs[i]!.flatMap((d) => packages.filter((q) => q.name === d.name && (d.version === undefined || q.version === d.version)).map((q) => `${q.name}@${q.version}`));
    if (graph) p.dependsOn = [...new Set(keys)];
  });
  if (graph) markRootsDirect(packages);
  return { packages, issues };
}

/** True when the marker names dependency groups and every one of them is outside default-groups. */
function devOnly(marker: string, defaults: Set<string>): boolean {
  if (/\bextras\b/.test(marker)) return false;
  const groups = [...marker.matchAll(/["']([^"']+)["']\s+in\s+dependency_groups/g)].map((m) => m[1]!);
  return groups.length > 0 && groups.every((g) => !defaults.has(g));
}

export const extractor: Extractor = {
  id: 'pypi/pylock',
  ecosystem: 'PyPI',
  accepts: isPylockPath,
  extract: extractPylock,
};
