import { parse as parseToml } from 'smol-toml';
import type { ExtractResult } from '../../package.js';
import { PackageURL } from 'packageurl-js';
import { unparsable, skipped, baseName } from '../../issues.js';
import { jsonErrorLine } from '../../text-lines.js';
import type { Package } from '../../package.js';

/** PEP 503 normalised name: lowercase, every run of `-`, `_` and `.` becomes one `-`. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** `pkg:pypi/<name>@<version>`; no version part when the version is not pinned. */
export function pypiPurl(name: string, version?: string): string {
  try {
    return new PackageURL('pypi', undefined, normalizeName(name), version || undefined, undefined, undefined).toString();
  } catch {
    return `pkg:pypi/${encodeURIComponent(normalizeName(name))}`;
  }
}

export interface PypiFields {
  name: string;
  version: string;
  direct: boolean;
  dev: boolean;
  source: string;
  line?: number;
  pinned?: boolean;
  dependsOn?: string[];
  license?: string;
}

/** A PyPI package with the purl derived from the name and (pinned) version. */
export function pypiPackage(f: PypiFields): Package {
  const pinned = f.pinned ?? true;
  const name = normalizeName(f.name);
  const p: Package = {
    ecosystem: 'PyPI',
    name,
    version: f.version,
    purl: pypiPurl(name, pinned ? f.version : undefined),
    direct: f.direct,
    dev: f.dev,
    pinned,
    source: f.source,
  };
  if (f.line !== undefined) p.line = f.line;
  if (f.dependsOn !== undefined) p.dependsOn = f.dependsOn;
  if (f.license !== undefined) p.license = f.license;
  return p;
}

/** Name of a PEP 508 requirement string (`idna>=2.5`, `foo[bar]; python_version<"3"`). */
export function requirementName(req: string): string | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(req);
  return m?.[1];
}

/**
 * 1-based lines of each `[[<header>]]` array-of-tables entry in a TOML text, in order, pointing
 * at the entry's `name = ...` key when it is inside the entry (else at the header). smol-toml
 * keeps no positions, so the nth header is the nth array element.
 */
export function tomlArrayLines(text: string, header: string): number[] {
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  const head = new RegExp(`^\\s*\\[\\[\\s*${header.replace(/\./g, '\\.')}\\s*\\]\\]\\s*(#.*)?$`);
  const anyHeader = /^\s*\[/;
  let open = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (head.test(l)) {
      out.push(i + 1);
      open = out.length - 1;
      continue;
    }
    if (anyHeader.test(l)) {
      open = -1;
      continue;
    }
    if (open >= 0 && /^\s*name\s*=/.test(l)) {
      out[open] = i + 1;
      open = -1;
    }
  }
  return out;
}

/** Line of a TOML parse error, when smol-toml gives one. */
export function tomlErrorLine(e: unknown): number | undefined {
  const line = (e as { line?: unknown }).line;
  return typeof line === 'number' && line > 0 ? line : undefined;
}

export function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // V8 quotes the text around a JSON error: keep file content out of messages
  return (m.split('\n')[0] ?? m).replace(/, ".*$/, '').slice(0, 200);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Map each normalised name to the keys (`name@version`) present in the lock, so a dependency
 * named without a version can be resolved to every locked version of that name.
 */
export function keysByName(pkgs: Package[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of pkgs) {
    const k = `${p.name}@${p.version}`;
    const l = m.get(p.name);
    if (!l) m.set(p.name, [k]);
    else if (!l.includes(k)) l.push(k);
  }
  return m;
}

/**
 * Locks that record no root (poetry.lock, pdm.lock): a package no other locked package depends on
 * must have been asked for by the project, so it is marked direct. A direct dependency that is
 * also pulled in by another package stays transitive: the lock alone cannot tell.
 */
export function markRootsDirect(pkgs: Package[]): void {
  const depended = new Set<string>();
  for (const p of pkgs) for (const d of p.dependsOn ?? []) depended.add(d);
  for (const p of pkgs) p.direct = !depended.has(`${p.name}@${p.version}`);
}

/**
 * Parses a TOML lockfile; on a syntax error, the result to return instead (an issue naming the
 * file and line). Every Python TOML lock format starts this way.
 */
export function parseTomlLock(file: { path: string; content: string }): { doc: Record<string, unknown> } | { failed: ExtractResult } {
  try {
    return { doc: parseToml(file.content) as Record<string, unknown> };
  } catch (e) {
    return { failed: { packages: [], issues: [unparsable(file.path, `not TOML: ${errorText(e)}`, tomlErrorLine(e))] } };
  }
}

export { unparsable, skipped, baseName, jsonErrorLine };
