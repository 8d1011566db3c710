import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, errorText, isRecord, jsonErrorLine, pypiPackage, skipped, str, unparsable } from './common.js';
import { jsonKeyLines } from './json-lines.js';

/**
 * Pipfile.lock (pipenv, `_meta.pipfile-spec` 6). `default` holds the production packages and
 * `develop` the dev ones, each keyed by name with `"version": "==1.2.3"`. A package in both
 * sections is production (it is installed either way).
 *
 * The lock records no dependency graph and no root, so direct is false (the Pipfile names the
 * direct ones). Entries without a `==` version (git, path, editable, file URLs) are skipped
 * with an issue.
 */
export interface PipfilePackage extends Package {
  /** The entry's `markers`, as written. */
  marker?: string;
}

export function extractPipfileLock(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(file.content);
  } catch (e) {
    return { packages: [], issues: [unparsable(file.path, `not JSON: ${errorText(e)}`, jsonErrorLine(file.content, e))] };
  }
  if (!isRecord(doc)) return { packages: [], issues: [unparsable(file.path, 'not a JSON object: not a Pipfile.lock')] };
  const meta = isRecord(doc['_meta']) ? doc['_meta'] : undefined;
  const spec = meta?.['pipfile-spec'];
  if (!meta) issues.push(unparsable(file.path, 'no `_meta`: not a Pipfile.lock'));
  else if (spec !== undefined && spec !== 6) issues.push(unparsable(file.path, `unknown pipfile-spec ${String(spec)}; read as 6`));
  if (!('default' in doc) && !('develop' in doc)) {
    if (meta) issues.push(unparsable(file.path, 'no `default` or `develop` section'));
    return { packages: [], issues };
  }

  const lines = jsonKeyLines(file.content, 2);
  const out = new Map<string, PipfilePackage>();
  for (const section of ['default', 'develop'] as const) {
    const entries = doc[section];
    if (entries === undefined) continue;
    if (!isRecord(entries)) {
      issues.push(unparsable(file.path, `\`${section}\` is not an object`, lines.get(section)));
      continue;
    }
    for (const [name, e] of Object.entries(entries)) {
      const line = lines.get(`${section}\0${name}`);
      if (!isRecord(e)) {
        issues.push(unparsable(file.path, `${section}.${name} is not an object`, line));
        continue;
      }
      const v = str(e['version']);
      if (v === undefined) {
        const kind = 'git' in e ? 'VCS' : 'path' in e ? 'local path' : 'file' in e ? 'file URL' : 'unversioned';
        issues.push(skipped(file.path, `skipped ${name}: ${kind} entry without a version`, line));
        continue;
      }
      const m = /^\s*===?\s*([^\s,*]+)\s*$/.exec(v);
      const dev = section === 'develop';
      const p: PipfilePackage = m
        ? pypiPackage({ name, version: m[1]!, direct: false, dev, source: file.path, line })
        : pypiPackage({ name, version: v.trim() || '*', pinned: false, direct: false, dev, source: file.path, line });
      const marker = str(e['markers']);
      if (marker) p.marker = marker;
      const key = `${p.name}@${p.version}`;
      if (!out.has(key)) out.set(key, p);
    }
  }
  return { packages: [...out.values()], issues };
}

export const extractor: Extractor = {
  id: 'pypi/pipfile-lock',
  ecosystem: 'PyPI',
  accepts: (path) => baseName(path) === 'Pipfile.lock',
  extract: extractPipfileLock,
};
