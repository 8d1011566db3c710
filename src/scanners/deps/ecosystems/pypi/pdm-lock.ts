import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import {
  baseName,
  isRecord,
  keysByName,
  markRootsDirect,
  pypiPackage,
  requirementName,
  normalizeName,
  skipped,
  str,
  tomlArrayLines,
  unparsable,
  parseTomlLock,
} from './common.js';

/**
 * pdm.lock (`[metadata] lock_version` 4.x; 3.x reads the same way). `[[package]]` entries have
 * name, version, `groups` and `dependencies` as PEP 508 strings. An entry with `extras` repeats
 * a package already listed (`requests[socks]`): it adds no package.
 *
 * dev: a package whose `groups` do not include "default". direct: a package no other locked
 * package depends on (the lock records no root). Local `path`/editable entries are skipped with
 * an issue; `git`/`url` entries keep the version the lock records.
 */
const KNOWN_MAJOR = new Set(['3', '4']);

export function extractPdmLock(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  const parsed = parseTomlLock(file);
  if ('failed' in parsed) return parsed.failed;
  const doc = parsed.doc;
  const meta = isRecord(doc['metadata']) ? doc['metadata'] : undefined;
  const lockVersion = str(meta?.['lock_version']);
  if (lockVersion !== undefined && !KNOWN_MAJOR.has(lockVersion.split('.')[0]!)) {
    issues.push(unparsable(file.path, `unknown pdm.lock lock_version ${lockVersion}; read as 4.x`));
  }
  const list = doc['package'];
  if (list === undefined) {
    if (!meta) issues.push(unparsable(file.path, 'no [[package]] entries and no [metadata]: not a pdm.lock'));
    return { packages: [], issues };
  }
  if (!Array.isArray(list)) return { packages: [], issues: [...issues, unparsable(file.path, '`package` is not an array of tables')] };

  const lines = tomlArrayLines(file.content, 'package');
  const packages: Package[] = [];
  const depNames: string[][] = [];
  const seen = new Map<string, number>();
  list.forEach((entry: unknown, i) => {
    const line = lines[i];
    if (!isRecord(entry)) {
      issues.push(unparsable(file.path, 'package entry is not a table', line));
      return;
    }
    const name = str(entry['name']);
    const version = str(entry['version']);
    if (name && (str(entry['path']) !== undefined || entry['editable'] === true)) {
      issues.push(skipped(file.path, `skipped ${name}: local path ${str(entry['path']) ?? ''}`.trim(), line));
      return;
    }
    if (!name || !version) {
      issues.push(unparsable(file.path, `package entry without ${name ? 'version' : 'name'}`, line));
      return;
    }
    const deps = Array.isArray(entry['dependencies'])
      ? entry['dependencies'].flatMap((d) => {
          const n = typeof d === 'string' ? requirementName(d) : undefined;
          return n ? [normalizeName(n)] : [];
        })
      : [];
    const groups = Array.isArray(entry['groups']) ? entry['groups'].filter((g): g is string => typeof g === 'string') : undefined;
    const dev = groups !== undefined && groups.length > 0 && !groups.includes('default');
    const key = `${normalizeName(name)}@${version}`;
    const at = seen.get(key);
    if (at !== undefined) {
      // `requests[socks]`-style repeat: merge its dependencies and groups into the first entry
      depNames[at]!.push(...deps);
      if (!dev) packages[at]!.dev = false;
      return;
    }
    seen.set(key, packages.length);
    packages.push(pypiPackage({ name, version, direct: false, dev, source: file.path, line }));
    depNames.push(deps);
  });

  const byName = keysByName(packages);
  packages.forEach((p, i) => {
    p.dependsOn = [...new Set(depNames[i]!.flatMap((n) => byName.get(n) ?? []))].filter((k) => k !== `${p.name}@${p.version}`);
  });
  markRootsDirect(packages);
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'pypi/pdm-lock',
  ecosystem: 'PyPI',
  accepts: (path) => baseName(path) === 'pdm.lock',
  extract: extractPdmLock,
};
