import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor, Package } from '../../package.js';
import { baseName, isRecord, markRootsDirect, normalizeName, pypiPackage, skipped, str, tomlArrayLines, unparsable, parseTomlLock } from './common.js';

/**
 * uv.lock (top-level `version = 1`, any `revision`). `[[package]]` entries carry name, version,
 * `source` (`registry`, `git`, `url`, `path`, `directory`, `editable`, `virtual`) and
 * dependencies as `{ name, version?, source?, marker?, extra? }` tables in `dependencies`,
 * `[package.optional-dependencies]` (per extra) and `[package.dev-dependencies]` (per group).
 *
 * The project itself and workspace members (`editable`/`virtual` sources) are roots, not
 * packages. direct: named by a root's dependencies, optional-dependencies or dev-dependencies.
 * dev: reachable from the roots only through their dev-dependencies. `path`/`directory`
 * sources that are not roots are skipped with an issue.
 */
interface Entry {
  key: string;
  name: string;
  version: string;
  line?: number;
  root: boolean;
  local: boolean;
  deps: Dep[];
  optional: Dep[];
  devDeps: Dep[];
}
interface Dep {
  name: string;
  version?: string;
}

function deps(v: unknown): Dep[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((d) => {
    if (!isRecord(d)) return [];
    const name = str(d['name']);
    if (!name) return [];
    const version = str(d['version']);
    return [version ? { name: normalizeName(name), version } : { name: normalizeName(name) }];
  });
}

function groupDeps(v: unknown): Dep[] {
  return isRecord(v) ? Object.values(v).flatMap(deps) : [];
}

export function extractUvLock(file: { path: string; content: string }): ExtractResult {
  const issues: ScanIssue[] = [];
  const parsed = parseTomlLock(file);
  if ('failed' in parsed) return parsed.failed;
  const doc = parsed.doc;
  const version = doc['version'];
  if (version === undefined) {
    issues.push(unparsable(file.path, 'no top-level `version`: not a uv.lock'));
    if (doc['package'] === undefined) return { packages: [], issues };
  } else if (version !== 1) {
    issues.push(unparsable(file.path, `unknown uv.lock version ${String(version)}; read as version 1`));
  }
  const list = doc['package'] ?? [];
  if (!Array.isArray(list)) return { packages: [], issues: [...issues, unparsable(file.path, '`package` is not an array of tables')] };

  const lines = tomlArrayLines(file.content, 'package');
  const entries: Entry[] = [];
  list.forEach((e: unknown, i) => {
    const line = lines[i];
    if (!isRecord(e)) {
      issues.push(unparsable(file.path, 'package entry is not a table', line));
      return;
    }
    const name = str(e['name']);
    const src = isRecord(e['source']) ? e['source'] : {};
    const root = 'editable' in src || 'virtual' in src;
    const local = 'path' in src || 'directory' in src;
    // roots and local packages may lack a version (dynamic); registry ones may not
    const ver = str(e['version']) ?? (root || local ? '' : undefined);
    if (!name || ver === undefined) {
      issues.push(unparsable(file.path, `package entry without ${name ? 'version' : 'name'}`, line));
      return;
    }
    const n = normalizeName(name);
    const entry: Entry = {
      key: `${n}@${ver}`,
      name: n,
      version: ver,
      root,
      local,
      deps: deps(e['dependencies']),
      optional: groupDeps(e['optional-dependencies']),
      devDeps: groupDeps(e['dev-dependencies']),
    };
    if (line !== undefined) entry.line = line;
    entries.push(entry);
  });

  const byName = new Map<string, Entry[]>();
  for (const e of entries) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const resolve = (d: Dep): Entry[] => (byName.get(d.name) ?? []).filter((e) => d.version === undefined || e.version === d.version);

  const roots = entries.filter((e) => e.root);
  const direct = new Set<Entry>();
  const prod = new Set<Entry>();
  const devReach = new Set<Entry>();
  const walk = (start: Entry[], into: Set<Entry>) => {
    const stack = [...start];
    while (stack.length > 0) {
      const e = stack.pop()!;
      if (into.has(e)) continue;
      into.add(e);
      for (const d of [...e.deps, ...e.optional]) stack.push(...resolve(d));
    }
  };
  for (const r of roots) {
    const p = [...r.deps, ...r.optional].flatMap(resolve);
    const d = r.devDeps.flatMap(resolve);
    for (const e of [...p, ...d]) direct.add(e);
    walk(p, prod);
    walk(d, devReach);
  }

  const packages: Package[] = [];
  for (const e of entries) {
    if (e.root) continue;
    if (e.local) {
      issues.push(skipped(file.path, `skipped ${e.name}: local path source`, e.line));
      continue;
    }
    const p = pypiPackage({
      name: e.name,
      version: e.version,
      direct: direct.has(e),
      dev: !prod.has(e) && devReach.has(e),
      source: file.path,
      line: e.line,
    });
    p.dependsOn = [
      ...new Set([...e.deps, ...e.optional].flatMap(resolve).filter((x) => !x.root && !x.local).map((x) => x.key)),
    ];
    packages.push(p);
  }
  // no project entry (an old or hand-made lock): fall back to "nothing depends on it"
  if (roots.length === 0) markRootsDirect(packages);
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'pypi/uv-lock',
  ecosystem: 'PyPI',
  accepts: (path) => baseName(path) === 'uv.lock',
  extract: extractUvLock,
};
