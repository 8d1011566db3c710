import { PackageURL } from 'packageurl-js';
import type { ScanIssue } from '../../../../core/scanner.js';
import { packageKey, type Extractor, type ExtractResult, type Package } from '../../package.js';
import { jsonErrorLine, lineFinder } from '../../text-lines.js';

/**
 * composer.lock (https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control):
 * a JSON object whose `packages` are what production installs and `packages-dev` what
 * `require-dev` adds. Each entry has `name`, `version`, `require` (names → constraints, which
 * give dependsOn by name), `license` (an array of SPDX ids: several mean any one of them, so they
 * become `A OR B`) and also `provide` / `replace`, which let a requirement on a virtual or replaced
 * package resolve to the package that supplies it.
 *
 * Versions: a leading `v` is dropped (`v5.4.0` → `5.4.0`, as Composer normalises tags). A branch
 * checkout (`dev-main`, `2.x-dev`) is not a version: it is returned as written with pinned=false,
 * so it is never matched against advisory ranges.
 *
 * Direct dependencies are declared in composer.json, not in the lock. Without it, a package that
 * nothing else in the lock requires must have been required by the project, so it is marked direct
 * (a lower bound: a direct requirement that another package also requires stays false).
 * `applyManifest` replaces that guess with composer.json's `require` and `require-dev`.
 *
 * Lines: JSON.parse keeps no positions, so each entry's line is found by searching, in order
 * within its array, for its `"name": "vendor/package"` member.
 */

interface Entry {
  raw: Record<string, unknown>;
  name: string;
  version: string;
  dev: boolean;
  line?: number;
}

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The complete objects of the array that follows `"key": [`, read one by one, for a file that
 * does not parse as a whole (truncated, or damaged further down). Stops at the first element that
 * is not a complete, valid object.
 */
function salvageArray(content: string, key: string): unknown[] | undefined {
  const start = new RegExp(`"${key}"\\s*:\\s*\\[`).exec(content);
  if (!start) return undefined;
  const out: unknown[] = [];
  let i = start.index + start[0].length;
  for (;;) {
    while (i < content.length && /[\s,]/.test(content[i]!)) i++;
    if (content[i] !== '{') return out;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = i; j < content.length; j++) {
      const c = content[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          end = j + 1;
          break;
        }
      }
    }
    if (end < 0) return out;
    try {
      out.push(JSON.parse(content.slice(i, end)));
    } catch {
      return out;
    }
    i = end;
  }
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
}

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Composer writes slashes unescaped, older tools as `\/`: accept both. */
function nameMemberPattern(name: string): RegExp {
  return new RegExp(`"name"\\s*:\\s*"${regexEscape(name).replace(/\//g, '\\\\?/')}"`, 'gi');
}

export function normaliseComposerVersion(v: string): { version: string; pinned: boolean } {
  const version = /^[vV]\d/.test(v) ? v.slice(1) : v;
  const branch = /^dev-/.test(version) || /[.-]dev$/i.test(version) || /\.x-dev$/i.test(version);
  return { version, pinned: !branch };
}

/**
 * `a  or b` → `a OR b`: each whitespace-delimited `word` (any case) with its whitespace as
 * ` WORD `. As `s.replace(/\s+or\s+/gi, ' OR ')` (a replaced word's trailing whitespace is not
 * the next one's leading), but linear where that regex rescans a long whitespace run.
 */
function spaced(s: string, word: string): string {
  const parts = s.split(/(\s+)/); // words (maybe '') at even indexes, whitespace runs at odd
  let out = parts[0]!;
  let i = 1;
  while (i < parts.length) {
    if (i + 2 < parts.length && parts[i + 1]!.toLowerCase() === word) {
      out += ` ${word.toUpperCase()} ${parts[i + 3]!}`;
      i += 4;
    } else {
      out += parts[i]! + parts[i + 1]!;
      i += 2;
    }
  }
  return out;
}

/** `["MIT"]` → `MIT`; `["(A or B)"]` → `(A OR B)`; `["LGPL-2.1-only", "GPL-3.0-or-later"]` → `LGPL-2.1-only OR GPL-3.0-or-later`. */
export function composerLicense(raw: unknown): string | undefined {
  const list = (Array.isArray(raw) ? raw : [raw])
    .filter((l): l is string => typeof l === 'string' && l.trim() !== '')
    // Composer allows lowercase operators inside one entry; SPDX spells them in capitals.
    .map((l) => spaced(spaced(l.trim(), 'or'), 'and'));
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  return list.map((l) => (/\s/.test(l) && !/^\(.*\)$/.test(l) ? `(${l})` : l)).join(' OR ');
}

function stringKeys(v: unknown): string[] {
  return isRecord(v) ? Object.keys(v) : [];
}

export function extractComposerLock(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  if (content.trim() === '') return { packages: [], issues: [issue(path, 'composer.lock is empty')] };
  let doc: unknown;
  let salvaged = false;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    issues.push(issue(path, `composer.lock is not valid JSON: ${oneLine(e)}`, jsonErrorLine(content, e)));
    // Keep the complete package entries before the damage.
    const packages = salvageArray(content, 'packages');
    const packagesDev = salvageArray(content, 'packages-dev');
    if (!packages && !packagesDev) return { packages: [], issues };
    salvaged = true;
    doc = { ...(packages ? { packages } : {}), ...(packagesDev ? { 'packages-dev': packagesDev } : {}) };
  }
  if (!isRecord(doc) || (!('packages' in doc) && !('packages-dev' in doc))) {
    return { packages: [], issues: [issue(path, 'not a composer.lock: no "packages" or "packages-dev" array', 1)] };
  }

  const lineOf = lineFinder(content);
  const entries: Entry[] = [];
  for (const [key, dev] of [['packages', false], ['packages-dev', true]] as const) {
    const list = doc[key];
    if (list === undefined) continue;
    const arrayAt = new RegExp(`"${key}"\\s*:`).exec(content);
    let cursor = arrayAt ? arrayAt.index : 0;
    if (!Array.isArray(list)) {
      issues.push(issue(path, `composer.lock: "${key}" is not an array`, arrayAt ? lineOf(arrayAt.index) : undefined));
      continue;
    }
    list.forEach((raw, i) => {
      if (!isRecord(raw)) {
        issues.push(issue(path, `composer.lock: ${key}[${i}] is not an object`));
        return;
      }
      if (typeof raw.name !== 'string' || raw.name === '') {
        issues.push(issue(path, `composer.lock: ${key}[${i}] has no name`));
        return;
      }
      const pattern = nameMemberPattern(raw.name);
      pattern.lastIndex = cursor;
      const found = pattern.exec(content);
      const line = found ? lineOf(found.index) : undefined;
      if (found) cursor = found.index + found[0].length;
      if (typeof raw.version !== 'string' || raw.version === '') {
        issues.push(issue(path, `composer.lock: ${raw.name} has no version`, line));
        return;
      }
      entries.push({ raw, name: raw.name, version: raw.version, dev, line });
    });
  }

  // Resolution by name, then by what packages provide or replace.
  const byName = new Map<string, Entry>();
  for (const e of entries) byName.set(e.name.toLowerCase(), e);
  const suppliers = new Map<string, Entry>();
  for (const e of entries) {
    for (const n of [...stringKeys(e.raw.provide), ...stringKeys(e.raw.replace)]) {
      if (!suppliers.has(n.toLowerCase())) suppliers.set(n.toLowerCase(), e);
    }
  }
  const resolve = (name: string) => byName.get(name.toLowerCase()) ?? suppliers.get(name.toLowerCase());

  const keyOf = (e: Entry) => packageKey({ name: e.name, version: normaliseComposerVersion(e.version).version });
  const required = new Set<Entry>();
  const dependsOn = new Map<Entry, string[]>();
  for (const e of entries) {
    const deps = new Set<string>();
    for (const n of stringKeys(e.raw.require)) {
      const d = resolve(n); // platform packages (php, ext-*, lib-*) are not in the lock: skipped
      if (d && d !== e) {
        deps.add(keyOf(d));
        required.add(d);
      }
    }
    dependsOn.set(e, [...deps]);
  }

  const packages: Package[] = [];
  for (const e of entries) {
    const { version, pinned } = normaliseComposerVersion(e.version);
    const slash = e.name.indexOf('/');
    let purl: string;
    try {
      purl = new PackageURL(
        'composer',
        slash > 0 ? e.name.slice(0, slash) : undefined,
        slash > 0 ? e.name.slice(slash + 1) : e.name,
        version,
        undefined,
        undefined,
      ).toString();
    } catch (err) {
      issues.push(issue(path, `composer.lock: ${e.name}: ${(err as Error).message}`, e.line));
      continue;
    }
    const license = composerLicense(e.raw.license);
    packages.push({
      ecosystem: 'Packagist',
      name: e.name,
      version,
      purl,
      // In a salvaged file the requirers may be lost: claim nothing.
      direct: !salvaged && !required.has(e),
      dev: e.dev,
      pinned,
      source: path,
      line: e.line,
      dependsOn: dependsOn.get(e) ?? [],
      ...(license ? { license } : {}),
    });
  }
  return { packages, issues };
}

export interface ManifestOptions {
  /** Path of composer.json for issues (default: composer.json beside the lockfile). */
  path?: string;
}

/**
 * Marks direct dependencies from composer.json (same shape as the npm `applyManifest`): a package
 * is direct when composer.json's `require` or `require-dev` names it (Composer names are
 * case-insensitive). `dev` stays as the lock says (`packages-dev`), since a require-dev entry
 * that a production package also needs is installed in production. Pure: returns a new result. A
 * composer.json that cannot be read adds an issue naming it and leaves `direct` as inferred from
 * the lock alone.
 */
export function applyManifest(
  result: ExtractResult,
  composerJson: string | Record<string, unknown>,
  opts: ManifestOptions = {},
): ExtractResult {
  const source = result.packages[0]?.source ?? '';
  const manifestPath = opts.path ?? `${source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : ''}composer.json`;
  let doc: unknown = composerJson;
  if (typeof composerJson === 'string') {
    try {
      doc = JSON.parse(composerJson);
    } catch (e) {
      return {
        packages: result.packages,
        issues: [
          ...result.issues,
          issue(manifestPath, `composer.json is not valid JSON: ${oneLine(e)}`, jsonErrorLine(composerJson, e)),
        ],
      };
    }
  }
  if (!isRecord(doc)) {
    return {
      packages: result.packages,
      issues: [...result.issues, issue(manifestPath, 'composer.json is not a JSON object', 1)],
    };
  }
  const declared = new Set([...stringKeys(doc.require), ...stringKeys(doc['require-dev'])].map((n) => n.toLowerCase()));
  return {
    packages: result.packages.map((p) => ({ ...p, direct: declared.has(p.name.toLowerCase()) })),
    issues: result.issues,
  };
}

export const extractor: Extractor = {
  id: 'composer/composer-lock',
  ecosystem: 'Packagist',
  accepts: (path) => path === 'composer.lock' || path.endsWith('/composer.lock'),
  extract: extractComposerLock,
};
