import { PackageURL } from 'packageurl-js';
import { parse, TomlError } from 'smol-toml';
import type { ScanIssue } from '../../../../core/scanner.js';
import { packageKey, type Extractor, type ExtractResult, type Package } from '../../package.js';

/**
 * Cargo.lock, versions 1 to 4 (https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html;
 * the format is Cargo's `EncodableResolve`).
 *
 * - v1 (no `version` key, checksums in `[metadata]`, sometimes a `[root]` table): every dependency
 *   is written `"name version (source)"`.
 * - v2 (no `version` key either), v3 (`version = 3`) and v4 (`version = 4`) write a dependency as
 *   just `"name"` when one package has that name, `"name version"` when several versions are
 *   locked, and `"name version (source)"` when the same name and version come from two sources.
 *   v3 and v4 differ from v2 only in how git sources are encoded, which does not change what we read.
 *
 * Packages without `source` are the workspace's own crates (and path dependencies): they are the
 * roots of the graph, not packages. A package is direct when a root depends on it. Cargo.lock says
 * nothing about dev-dependencies (dev is always false) or licences (left undefined).
 *
 * A `version` above 4 is reported as an issue and then read as v4 (the `[[package]]` layout has not
 * changed since v1, so what we can read is still right; the issue tells the user why results may
 * be incomplete).
 */

const CRATES_IO_SOURCES = new Set([
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://index.crates.io/',
]);
const KNOWN_VERSIONS = new Set([1, 2, 3, 4]);

interface RawEntry {
  name: string;
  version: string;
  source?: string;
  deps: string[];
  line?: number;
  root: boolean;
}

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Lines (1-based) of each `[[package]]` header, in order: the nth header is the nth array entry. */
function packageHeaderLines(content: string): number[] {
  const out: number[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*\[\[\s*package\s*\]\]/.test(lines[i] ?? '')) out.push(i + 1);
  }
  return out;
}

function rootTableLine(content: string): number | undefined {
  const i = content.split('\n').findIndex((l) => /^\s*\[\s*root\s*\]/.test(l));
  return i < 0 ? undefined : i + 1;
}

/** `name`, `name version` or `name version (source)`. */
function parseDepRef(ref: string): { name: string; version?: string; source?: string } | undefined {
  const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(ref.trim());
  if (!m) return undefined;
  return { name: m[1]!, version: m[2], source: m[3] };
}

function purlFor(name: string, version: string, source: string | undefined): string {
  const qualifiers: Record<string, string> = {};
  if (source && !CRATES_IO_SOURCES.has(source)) {
    if (source.startsWith('git+')) qualifiers.vcs_url = source;
    else qualifiers.repository_url = source.replace(/^(registry|sparse)\+/, '');
  }
  return new PackageURL('cargo', undefined, name, version, qualifiers, undefined).toString();
}

function readEntry(
  path: string,
  raw: unknown,
  line: number | undefined,
  root: boolean,
  issues: ScanIssue[],
): RawEntry | undefined {
  const where = root ? '[root]' : '[[package]]';
  if (!isRecord(raw)) {
    issues.push(issue(path, `Cargo.lock: ${where} entry is not a table`, line));
    return undefined;
  }
  const { name, version, source, dependencies } = raw;
  if (typeof name !== 'string' || name === '') {
    issues.push(issue(path, `Cargo.lock: ${where} entry without a name`, line));
    return undefined;
  }
  if (typeof version !== 'string' || version === '') {
    issues.push(issue(path, `Cargo.lock: ${where} entry "${name}" without a version`, line));
    return undefined;
  }
  if (source !== undefined && typeof source !== 'string') {
    issues.push(issue(path, `Cargo.lock: package ${name} ${version} has a non-string source`, line));
    return undefined;
  }
  const deps: string[] = [];
  if (dependencies !== undefined) {
    if (!Array.isArray(dependencies)) {
      issues.push(issue(path, `Cargo.lock: package ${name} ${version}: dependencies is not an array`, line));
    } else {
      for (const d of dependencies) {
        if (typeof d === 'string') deps.push(d);
        else issues.push(issue(path, `Cargo.lock: package ${name} ${version}: dependency entry is not a string`, line));
      }
    }
  }
  return { name, version, source, deps, line, root: root || source === undefined };
}

/**
 * The document up to the last `[[package]]` header before `badLine`, when that parses: the
 * entries before a truncation or a damaged entry are still good.
 */
function parsePrefix(content: string, badLine: number): [Record<string, unknown>, string] | undefined {
  const cut = packageHeaderLines(content).filter((l) => l <= badLine).pop();
  if (cut === undefined) return undefined;
  const prefix = content.split('\n').slice(0, cut - 1).join('\n');
  try {
    return [parse(prefix) as Record<string, unknown>, prefix];
  } catch {
    return undefined;
  }
}

export function extractCargoLock(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  if (content.trim() === '') {
    return { packages: [], issues: [issue(path, 'Cargo.lock is empty')] };
  }
  let doc: Record<string, unknown>;
  let text = content;
  let partial = false;
  try {
    doc = parse(content) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError ? e.line : undefined;
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    issues.push(issue(path, `Cargo.lock is not valid TOML: ${msg}`, line));
    // A truncated or damaged lockfile: keep the [[package]] entries before the damage.
    const recovered = line === undefined ? undefined : parsePrefix(content, line);
    if (!recovered) return { packages: [], issues };
    [doc, text] = recovered;
    partial = true;
  }

  const version = doc.version;
  if (version !== undefined && !(typeof version === 'number' && KNOWN_VERSIONS.has(version))) {
    issues.push(
      issue(path, `Cargo.lock version ${String(version)} is not one Rampart knows (1-4); read as version 4, results may be incomplete`, 1),
    );
  }

  const entries: RawEntry[] = [];
  if (doc.root !== undefined) {
    const e = readEntry(path, doc.root, rootTableLine(text), true, issues);
    if (e) entries.push(e);
  }
  const rawPackages = doc.package;
  if (rawPackages === undefined) {
    if (entries.length === 0) issues.push(issue(path, 'Cargo.lock has no [[package]] entries'));
  } else if (!Array.isArray(rawPackages)) {
    issues.push(issue(path, 'Cargo.lock: `package` is not an array of tables'));
  } else {
    const headerLines = packageHeaderLines(text);
    // Header lines line up with entries only when every entry was written as [[package]].
    const lineOf = (i: number) => (headerLines.length === rawPackages.length ? headerLines[i] : undefined);
    rawPackages.forEach((raw, i) => {
      const e = readEntry(path, raw, lineOf(i), false, issues);
      if (e) entries.push(e);
    });
  }

  // Resolution of dependency references.
  const byName = new Map<string, RawEntry[]>();
  for (const e of entries) {
    const list = byName.get(e.name);
    if (list) list.push(e);
    else byName.set(e.name, [e]);
  }
  const resolve = (owner: RawEntry, ref: string): RawEntry | undefined => {
    const r = parseDepRef(ref);
    if (!r) {
      issues.push(issue(path, `Cargo.lock: package ${owner.name} ${owner.version}: bad dependency "${ref}"`, owner.line));
      return undefined;
    }
    const candidates = (byName.get(r.name) ?? []).filter(
      (c) => (r.version === undefined || c.version === r.version) && (r.source === undefined || c.source === r.source),
    );
    if (candidates.length === 1) return candidates[0];
    // In a truncated file the missing entries are explained by the parse issue already.
    if (candidates.length === 0 && partial) return undefined;
    const what = candidates.length === 0 ? 'is not locked' : 'is ambiguous';
    issues.push(issue(path, `Cargo.lock: dependency "${ref}" of ${owner.name} ${owner.version} ${what}`, owner.line));
    return undefined;
  };

  const resolved = new Map<RawEntry, RawEntry[]>();
  for (const e of entries) {
    resolved.set(
      e,
      e.deps.map((d) => resolve(e, d)).filter((d): d is RawEntry => d !== undefined),
    );
  }
  const direct = new Set<RawEntry>();
  for (const e of entries) if (e.root) for (const d of resolved.get(e) ?? []) direct.add(d);

  const packages: Package[] = [];
  for (const e of entries) {
    if (e.root) continue;
    let purl: string;
    try {
      purl = purlFor(e.name, e.version, e.source);
    } catch (err) {
      issues.push(issue(path, `Cargo.lock: package ${e.name} ${e.version}: ${(err as Error).message}`, e.line));
      continue;
    }
    const dependsOn = [
      ...new Set((resolved.get(e) ?? []).filter((d) => !d.root).map((d) => packageKey(d))),
    ];
    packages.push({
      ecosystem: 'crates.io',
      name: e.name,
      version: e.version,
      purl,
      direct: direct.has(e),
      dev: false,
      pinned: true,
      source: path,
      line: e.line,
      dependsOn,
    });
  }
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'cargo/cargo-lock',
  ecosystem: 'crates.io',
  accepts: (path) => path === 'Cargo.lock' || path.endsWith('/Cargo.lock'),
  extract: extractCargoLock,
};
