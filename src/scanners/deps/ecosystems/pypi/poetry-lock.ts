import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import {
  baseName,
  isRecord,
  keysByName,
  markRootsDirect,
  normalizeName,
  pypiPackage,
  skipped,
  str,
  tomlArrayLines,
  unparsable,
  parseTomlLock,
} from './common.js';

/**
 * poetry.lock (Poetry 1.x–2.x; `[metadata] lock-version` 1.x and 2.x). Each `[[package]]` has
 * name, version and a `[package.dependencies]` table keyed by name.
 *
 * dev: lock-version 1.x writes `category = "dev"`; Poetry 2 writes `groups = [...]` and a
 * package is dev when "main" is not among them. Poetry 1.5–1.8 (lock 2.0) records neither,
 * so dev is false there. direct: the lock has no root, so a package no other locked package
 * depends on is direct (see markRootsDirect). Packages from a local `directory`/`file`
 * source are skipped with an issue; git and url sources keep the version the lock records.
 */
const KNOWN_MAJOR = new Set(['1', '2']);

export function extractPoetryLock(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  const parsed = parseTomlLock(file);
  if ('failed' in parsed) return parsed.failed;
  const doc = parsed.doc;
  const meta = isRecord(doc['metadata']) ? doc['metadata'] : undefined;
  const lockVersion = str(meta?.['lock-version']);
  if (lockVersion !== undefined && !KNOWN_MAJOR.has(lockVersion.split('.')[0]!)) {
    issues.push(unparsable(file.path, `unknown poetry.lock lock-version ${lockVersion}; read as 2.x`));
  }
  const list = doc['package'];
  if (list === undefined) {
    if (!meta) issues.push(unparsable(file.path, 'no [[package]] entries and no [metadata]: not a poetry.lock'));
    return { packages: [], issues };
  }
  if (!Array.isArray(list)) return { packages: [], issues: [...issues, unparsable(file.path, '`package` is not an array of tables')] };

  const lines = tomlArrayLines(file.content, 'package');
  const packages: Package[] = [];
  const depNames: string[][] = [];
  list.forEach((entry: unknown, i) => {
    const line = lines[i];
    if (!isRecord(entry)) {
      issues.push(unparsable(file.path, 'package entry is not a table', line));
      return;
    }
    const name = str(entry['name']);
    const version = str(entry['version']);
    if (!name || !version) {
      issues.push(unparsable(file.path, `package entry without ${name ? 'version' : 'name'}`, line));
      return;
    }
    const source = isRecord(entry['source']) ? entry['source'] : undefined;
    const sourceType = str(source?.['type']);
    if (sourceType === 'directory' || sourceType === 'file') {
      issues.push(skipped(file.path, `skipped ${name}: local ${sourceType} source ${str(source?.['url']) ?? ''}`.trim(), line));
      return;
    }
    const category = str(entry['category']);
    const groups = Array.isArray(entry['groups']) ? entry['groups'].filter((g): g is string => typeof g === 'string') : undefined;
    const dev = category !== undefined ? category === 'dev' : groups !== undefined && groups.length > 0 ? !groups.includes('main') : false;
    packages.push(pypiPackage({ name, version, direct: false, dev, source: file.path, line }));
    depNames.push(isRecord(entry['dependencies']) ? Object.keys(entry['dependencies']).map(normalizeName) : []);
  });

  const byName = keysByName(packages);
  packages.forEach((p, i) => {
    const deps = depNames[i]!.flatMap((n) => byName.get(n) ?? []);
    p.dependsOn = [...new Set(deps)];
  });
  markRootsDirect(packages);
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'pypi/poetry-lock',
  ecosystem: 'PyPI',
  accepts: (path) => baseName(path) === 'poetry.lock',
  extract: extractPoetryLock,
};
