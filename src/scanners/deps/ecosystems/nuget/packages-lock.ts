import { PackageURL } from 'packageurl-js';
import type { ScanIssue } from '../../../../core/scanner.js';
import { packageKey, type Extractor, type ExtractResult, type Package } from '../../package.js';
import { jsonErrorLine, lineFinder } from '../../text-lines.js';

/**
 * packages.lock.json, NuGet's lock file for PackageReference projects
 * (https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies).
 *
 * `{ "version": 1 | 2, "dependencies": { "<framework>[/<runtime>]": { "<id>": entry } } }` where
 * an entry has `type` (`Direct`, `Transitive`, `Project`, and in version 2, written when central
 * package management is on, `CentralTransitive`), `resolved` (the exact version), `requested`,
 * `contentHash` and `dependencies` (id → the minimum version asked for).
 *
 * - One package per id and resolved version across all target frameworks and runtimes (first
 *   line wins); direct if it is `Direct` in any of them; dependsOn is the union.
 * - A dependency names an id, not a resolved version: it resolves to the version locked for that
 *   id in the same framework (ids compare case-insensitively, as NuGet does).
 * - `Project` entries are the solution's own projects: roots, not packages.
 * - The lock file does not say which packages are development-only (`PrivateAssets`), so dev is
 *   false; nor licences.
 * - A `version` other than 1 or 2 is an issue, then read as version 2 (same entry layout).
 *
 * Lines: JSON.parse keeps no positions, so each entry's line is found by searching forward, in
 * document order, for the `"<id>": {` member inside its framework.
 */

const KNOWN_VERSIONS = new Set([1, 2]);
const PACKAGE_TYPES = new Set(['Direct', 'Transitive', 'CentralTransitive']);

interface Found {
  name: string;
  version: string;
  direct: boolean;
  line?: number;
  dependsOn: Set<string>;
}

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON member `"key": {` (the key as JSON would write it); `"key":` with any value unless `object`. */
function memberPattern(key: string, object = true): RegExp {
  const escaped = JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}\\s*:${object ? '\\s*\\{' : ''}`, 'g');
}

/**
 * A truncated or damaged file: the text up to the last complete package entry (an object closed
 * at depth 4: root → dependencies → framework → entry), closed again, when that parses.
 */
function salvage(content: string): unknown {
  let depth = 0;
  let inString = false;
  let cut = -1;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 3 && c === '}') cut = i + 1;
      if (depth < 0) break;
    }
  }
  if (cut < 0) return undefined;
  try {
    return JSON.parse(`${content.slice(0, cut)}}}}`);
  } catch {
    return undefined;
  }
}

export function extractPackagesLock(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  if (content.trim() === '') return { packages: [], issues: [issue(path, 'packages.lock.json is empty')] };
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    issues.push(issue(path, `packages.lock.json is not valid JSON: ${msg}`, jsonErrorLine(content, e)));
    // Keep the complete entries before the damage.
    doc = salvage(content);
    if (doc === undefined) return { packages: [], issues };
  }
  if (!isRecord(doc) || !isRecord(doc.dependencies)) {
    return { packages: [], issues: [issue(path, 'not a NuGet packages.lock.json: no "dependencies" object', 1)] };
  }
  if (issues.length === 0 && !(typeof doc.version === 'number' && KNOWN_VERSIONS.has(doc.version))) {
    issues.push(
      issue(path, `packages.lock.json version ${JSON.stringify(doc.version)} is not one Rampart knows (1, 2); read as version 2, results may be incomplete`, 1),
    );
  }

  const lineOf = lineFinder(content);
  const top = /"dependencies"\s*:\s*\{/.exec(content);
  let cursor = top ? top.index + top[0].length : 0;
  const found = new Map<string, Found>();

  for (const [framework, entries] of Object.entries(doc.dependencies)) {
    const fw = memberPattern(framework, isRecord(entries));
    fw.lastIndex = cursor;
    const fwAt = fw.exec(content);
    if (fwAt) cursor = fwAt.index + fwAt[0].length;
    if (!isRecord(entries)) {
      issues.push(issue(path, `packages.lock.json: target "${framework}" is not an object`, fwAt ? lineOf(fwAt.index) : undefined));
      continue;
    }
    // First pass: the version locked for each id in this framework, for resolving dependencies.
    const locked = new Map<string, string>();
    for (const [id, e] of Object.entries(entries)) {
      if (isRecord(e) && typeof e.resolved === 'string' && e.resolved !== '') locked.set(id.toLowerCase(), packageKey({ name: id, version: e.resolved }));
    }
    for (const [id, e] of Object.entries(entries)) {
      const at = memberPattern(id, isRecord(e));
      at.lastIndex = cursor;
      const m = at.exec(content);
      const line = m ? lineOf(m.index) : undefined;
      if (m) cursor = m.index + m[0].length;
      if (!isRecord(e)) {
        issues.push(issue(path, `packages.lock.json: ${framework}: "${id}" is not an object`, line));
        continue;
      }
      if (e.type === 'Project') continue;
      if (typeof e.type !== 'string' || !PACKAGE_TYPES.has(e.type)) {
        issues.push(issue(path, `packages.lock.json: ${framework}: ${id} has unknown type ${JSON.stringify(e.type)}; read as a package`, line));
      }
      if (typeof e.resolved !== 'string' || e.resolved === '') {
        issues.push(issue(path, `packages.lock.json: ${framework}: ${id} has no resolved version; skipped`, line));
        continue;
      }
      const key = packageKey({ name: id, version: e.resolved });
      let f = found.get(key);
      if (!f) {
        f = { name: id, version: e.resolved, direct: false, line, dependsOn: new Set() };
        found.set(key, f);
      }
      if (e.type === 'Direct') f.direct = true;
      if (isRecord(e.dependencies)) {
        for (const dep of Object.keys(e.dependencies)) {
          const k = locked.get(dep.toLowerCase());
          if (k && k !== key) f.dependsOn.add(k);
        }
      }
    }
  }

  const packages: Package[] = [];
  for (const f of found.values()) {
    let purl: string;
    try {
      purl = new PackageURL('nuget', undefined, f.name, f.version, undefined, undefined).toString();
    } catch (e) {
      issues.push(issue(path, `packages.lock.json: ${f.name}: ${(e as Error).message}`, f.line));
      continue;
    }
    packages.push({
      ecosystem: 'NuGet',
      name: f.name,
      version: f.version,
      purl,
      direct: f.direct,
      dev: false,
      pinned: true,
      source: path,
      line: f.line,
      dependsOn: [...f.dependsOn],
    });
  }
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'nuget/packages-lock',
  ecosystem: 'NuGet',
  accepts: (path) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    // NuGetLockFilePath may rename it to packages.<project>.lock.json.
    return base === 'packages.lock.json' || /^packages\.[^/]+\.lock\.json$/.test(base);
  },
  extract: extractPackagesLock,
};
