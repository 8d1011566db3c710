/**
 * Module resolution for the project driver: which project file an import specifier names, and
 * which specifiers a file imports (found by a small lexer, so the driver can order files before
 * parsing them). Only files inside the scan root are ever read; bare packages that are not
 * workspace packages of the project resolve to undefined.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve as resolvePath, sep } from 'node:path';
import type * as Jsonc from 'jsonc-parser';
import { isRegularFileWithin, isWithin } from '../../../core/paths.js';
import type { FolderProbe } from './folder-probe.js';

const EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript's ESM habit: `./x.js` in source names `./x.ts` on disk. */
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'],
};
/** `extends` chains longer than this are cut (a cycle or an unreasonable config). */
const MAX_EXTENDS = 8;

interface TsPaths {
  /** Absolute directory `paths` targets are relative to. */
  base: string;
  baseUrl?: string;
  paths: { prefix: string; suffix: string; wildcard: boolean; targets: string[] }[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  json: Record<string, unknown>;
}

export interface ResolverOptions {
  /** Absolute scan root; nothing outside it is read or returned. */
  root: string;
  /** Absolute paths of the project's source files: the only possible resolution targets. */
  files: Iterable<string>;
  /** The scan's shared stat answers (folder-probe.ts); without it each lookup stats on its own. */
  probe?: FolderProbe;
}

export class ModuleResolver {
  private readonly root: string;
  private readonly rootSlash: string;
  private rootReal: string;
  private readonly files: Set<string>;
  private readonly tsconfigByDir = new Map<string, TsPaths | undefined>();
  private packages: WorkspacePackage[] | undefined;
  private readonly memo = new Map<string, string | undefined>();
  private readonly folderProbe: FolderProbe | undefined;

  constructor(opts: ResolverOptions) {
    this.folderProbe = opts.probe;
    this.root = resolvePath(opts.root);
    this.rootSlash = this.root.endsWith(sep) ? this.root : this.root + sep;
    this.rootReal = this.root;
    try {
      this.rootReal = realpathSync(this.root);
    } catch {
      // A missing root resolves nothing from disk; the file set still works.
    }
    // Paths that are absolute and normalised already (the walker's) are kept as they are:
    // path.resolve on 7,000 of them cost 25 ms of every re-scan.
    this.files = new Set(Array.from(opts.files, (f) => (isNormalAbsolute(f) ? f : resolvePath(f))));
  }

  /** The absolute path of the project file `spec` names from `fromFile`, or undefined. */
  resolve(fromFile: string, spec: string): string | undefined {
    const dir = dirname(fromFile);
    const relative = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
    // Relative results depend on the directory only; bare ones on the nearest tsconfig too, which
    // is also per directory.
    const key = `${dir}\0${spec}`;
    if (this.memo.has(key)) return this.memo.get(key);
    let out: string | undefined;
    if (relative) out = this.probe(join(dir, spec));
    else if (isAbsolute(spec)) out = isWithin(this.root, spec) ? this.probe(spec) : undefined;
    else if (!spec.startsWith('node:') && spec !== '') out = this.resolveBare(dir, spec);
    this.memo.set(key, out);
    return out;
  }

  /** A path as written (maybe without extension, maybe a directory) → a project file. */
  private probe(base: string): string | undefined {
    const p = resolvePath(base);
    if (!this.inRoot(p)) return undefined;
    if (this.files.has(p)) return p;
    const dot = p.lastIndexOf('.');
    const ext = dot > p.lastIndexOf(sep) ? p.slice(dot) : '';
    for (const alt of TS_FOR_JS[ext] ?? []) {
      const cand = p.slice(0, dot) + alt;
      if (this.files.has(cand)) return cand;
    }
    for (const e of EXTS) if (this.files.has(p + e)) return p + e;
    for (const e of EXTS) {
      const cand = join(p, 'index' + e);
      if (this.files.has(cand)) return cand;
    }
    return undefined;
  }

  private resolveBare(dir: string, spec: string): string | undefined {
    const ts = this.tsconfigFor(dir);
    if (ts) {
      const viaPaths = this.viaPaths(ts, spec);
      if (viaPaths) return viaPaths;
      if (ts.baseUrl) {
        const viaBase = this.probe(join(ts.baseUrl, spec));
        if (viaBase) return viaBase;
      }
    }
    return this.viaWorkspace(spec) ?? this.viaConventionalAlias(dir, spec) ?? this.viaPackagesFolder(spec);
  }

  /**
   * `@scope/name[/sub]` that no package.json names (a partial checkout of a monorepo: the source
   * files without their package.json): the workspace convention keeps it in packages/<name> (or
   * libs/, modules/) at the scan root. Taken only when that folder has no package.json of its own,
   * which would name the package itself, and only for scoped names, so an npm dependency such as
   * `lodash` never lands on a project folder of the same name.
   */
  private viaPackagesFolder(spec: string): string | undefined {
    const m = /^@[\w.-]+\/([\w.-]+)((?:\/[\w.-]+)*)$/.exec(spec);
    if (!m) return undefined;
    const [, name, sub] = m;
    for (const folder of ['packages', 'libs', 'modules']) {
      const dir = join(this.root, folder, name!);
      if (this.readable(join(dir, 'package.json'))) continue;
      const found = sub ? this.probe(join(dir, sub)) ?? this.probe(join(dir, 'src', sub)) : this.probe(dir) ?? this.probe(join(dir, 'src'));
      if (found) return found;
    }
    return undefined;
  }

  /**
   * `@/lib/x` or `~/lib/x` that no tsconfig maps (a partial checkout, a config made at build
   * time): the conventional meaning is the source root, so the nearest folder up from the
   * importing file that holds the rest, directly or under `src/`, is taken. Only project files
   * are probed; `@scope/name` packages never match (an npm scope is not empty).
   */
  private viaConventionalAlias(dir: string, spec: string): string | undefined {
    if (!(spec.startsWith('@/') || spec.startsWith('~/')) || spec.length < 3) return undefined;
    const rest = spec.slice(2);
    for (let d = dir; this.inRoot(d); d = dirname(d)) {
      const hit = this.probe(join(d, rest)) ?? this.probe(join(d, 'src', rest));
      if (hit) return hit;
      if (dirname(d) === d) break;
    }
    return undefined;
  }

  private viaPaths(ts: TsPaths, spec: string): string | undefined {
    // TypeScript picks the pattern with the longest prefix; exact patterns have no wildcard.
    let best: TsPaths['paths'][number] | undefined;
    for (const p of ts.paths) {
      const hit = p.wildcard
        ? spec.length >= p.prefix.length + p.suffix.length && spec.startsWith(p.prefix) && spec.endsWith(p.suffix)
        : spec === p.prefix;
      if (hit && (!best || p.prefix.length > best.prefix.length)) best = p;
    }
    if (!best) return undefined;
    const star = best.wildcard ? spec.slice(best.prefix.length, spec.length - best.suffix.length) : '';
    for (const t of best.targets) {
      const found = this.probe(join(ts.base, t.replace('*', star)));
      if (found) return found;
    }
    return undefined;
  }

  /** The nearest tsconfig.json from `dir` up to the scan root, with its relative `extends`. */
  private tsconfigFor(dir: string): TsPaths | undefined {
    const chain: string[] = [];
    let d = dir;
    let found: TsPaths | undefined;
    for (;;) {
      if (this.tsconfigByDir.has(d)) {
        found = this.tsconfigByDir.get(d);
        break;
      }
      chain.push(d);
      const file = join(d, 'tsconfig.json');
      if (this.inRoot(d) && this.readable(file)) {
        found = this.loadTsconfig(file);
        break;
      }
      const up = dirname(d);
      if (up === d || !this.inRoot(up)) break;
      d = up;
    }
    for (const c of chain) this.tsconfigByDir.set(c, found);
    return found;
  }

  private loadTsconfig(file: string): TsPaths | undefined {
    let baseUrl: string | undefined;
    let paths: { base: string; map: Record<string, unknown> } | undefined;
    // Nearer configs win: read the chain from the file outwards and keep the first value seen.
    let cur: string | undefined = file;
    for (let i = 0; cur && i < MAX_EXTENDS; i++) {
      const json = this.readJson(cur);
      if (!json) break;
      const co = (json.compilerOptions ?? {}) as Record<string, unknown>;
      const here = dirname(cur);
      if (baseUrl === undefined && typeof co.baseUrl === 'string') baseUrl = resolvePath(here, co.baseUrl);
      if (paths === undefined && co.paths && typeof co.paths === 'object') {
        paths = { base: here, map: co.paths as Record<string, unknown> };
      }
      const ext = json.extends;
      // Only relative `extends` within the root: package configs (`@tsconfig/node20`) hold no paths of ours.
      const next = typeof ext === 'string' && (ext.startsWith('./') || ext.startsWith('../'))
        ? resolvePath(here, ext.endsWith('.json') ? ext : ext + '.json')
        : undefined;
      cur = next && isWithin(this.root, next) && next !== cur ? next : undefined;
    }
    if (baseUrl === undefined && paths === undefined) return undefined;
    // `paths` targets are relative to baseUrl when set, else to the config that declares them.
    const base = baseUrl ?? paths!.base;
    const list: TsPaths['paths'] = [];
    for (const [pattern, targets] of Object.entries(paths?.map ?? {})) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      list.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        wildcard: star >= 0,
        targets: targets.filter((t): t is string => typeof t === 'string'),
      });
    }
    return { base, baseUrl, paths: list };
  }

  /** `name` or `name/sub` of a workspace package (a package.json inside the root). */
  private viaWorkspace(spec: string): string | undefined {
    const pkgs = this.workspacePackages();
    let best: WorkspacePackage | undefined;
    for (const p of pkgs) {
      if ((spec === p.name || spec.startsWith(p.name + '/')) && (!best || p.name.length > best.name.length)) best = p;
    }
    if (!best) return undefined;
    const sub = spec.slice(best.name.length); // '' or '/x'
    const entries: string[] = [];
    const exp = best.json.exports;
    const key = sub === '' ? '.' : '.' + sub;
    if (typeof exp === 'string' && sub === '') entries.push(exp);
    else if (exp && typeof exp === 'object' && !Array.isArray(exp)) {
      const map = exp as Record<string, unknown>;
      const target = Object.keys(map).some((k) => k.startsWith('.')) ? map[key] : sub === '' ? map : undefined;
      entries.push(...conditionTargets(target));
    }
    if (sub === '') {
      for (const f of ['source', 'module', 'main']) if (typeof best.json[f] === 'string') entries.push(best.json[f] as string);
      entries.push('index', 'src/index');
    } else {
      entries.push(sub.slice(1), 'src' + sub);
    }
    for (const e of entries) {
      const found = this.probe(join(best.dir, e)) ?? this.probe(join(best.dir, builtToSource(e)));
      if (found) return found;
    }
    return undefined;
  }

  /** package.json files in the directories of project files and their ancestors up to the root. */
  private workspacePackages(): WorkspacePackage[] {
    if (this.packages) return this.packages;
    const dirs = new Set<string>();
    for (const f of this.files) {
      for (let d = dirname(f); this.inRoot(d) && !dirs.has(d); d = dirname(d)) {
        dirs.add(d);
        if (d === this.root) break;
      }
    }
    const out: WorkspacePackage[] = [];
    for (const d of dirs) {
      if (d.split(sep).includes('node_modules')) continue;
      const file = join(d, 'package.json');
      if (!this.readable(file)) continue;
      const json = this.readJson(file);
      if (json && typeof json.name === 'string' && json.name !== '') out.push({ name: json.name, dir: d, json });
    }
    this.packages = out;
    return out;
  }

  /** `p` (absolute and normalised, as path.resolve/join give) is the root or below it. */
  private inRoot(p: string): boolean {
    return p === this.root || p.startsWith(this.rootSlash);
  }

  private readable(file: string): boolean {
    // A plain stat first: most directories have no tsconfig.json or package.json, and the
    // realpath check is only needed for the ones that do.
    const exists = this.folderProbe ? this.folderProbe.exists(file) : statSync(file, { throwIfNoEntry: false }) !== undefined;
    return exists && isRegularFileWithin(this.rootReal, file);
  }

  private readJson(file: string): Record<string, unknown> | undefined {
    if (!this.readable(file)) return undefined;
    try {
      const v = parseJsonFile(readFileSync(file, 'utf8'));
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}

let jsonc: typeof Jsonc | undefined;
/**
 * A package.json or tsconfig.json: plain JSON first (every package.json, many tsconfigs); only text
 * with comments or trailing commas loads jsonc-parser (its 18 files cost ~18 ms CPU at start-up).
 */
function parseJsonFile(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    jsonc ??= createRequire(import.meta.url)('jsonc-parser') as typeof Jsonc;
    return jsonc.parse(text, [], { allowTrailingComma: true }) as unknown;
  }
}

/** `p` is what path.resolve would return for it (POSIX only; elsewhere resolve decides). */
function isNormalAbsolute(p: string): boolean {
  return sep === '/' && p.startsWith('/') && !p.includes('//') && !p.includes('/./') && !p.includes('/../')
    && !p.endsWith('/.') && !p.endsWith('/..') && (p.length === 1 || !p.endsWith('/'));
}

/** String targets of an `exports` entry, preferring source-like conditions; bounded depth. */
function conditionTargets(v: unknown, depth = 0): string[] {
  if (typeof v === 'string') return [v];
  if (depth > 4 || !v || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap((x) => conditionTargets(x, depth + 1));
  const m = v as Record<string, unknown>;
  const order = ['source', 'typescript', 'import', 'module', 'require', 'node', 'default', 'types'];
  const keys = [...order.filter((k) => k in m), ...Object.keys(m).filter((k) => !order.includes(k))];
  return keys.flatMap((k) => conditionTargets(m[k], depth + 1));
}

/** Workspace packages point `main` at build output; the sources usually sit under src/. */
function builtToSource(entry: string): string {
  return entry.replace(/^(\.\/)?(dist|lib|build|out)\//, 'src/').replace(/\.d\.ts$/, '');
}

// ---------------------------------------------------------------------------------------------
// Import extraction without parsing: a lexer that skips comments, strings, template literals and
// regex literals, and reports string literals in `from '…'`, `import '…'`, `import('…')`,
// `require('…')` and `export … from '…'` positions. Linear time, no allocation per character.

const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

/** The tokens a specifier can follow (two tokens back at most: `require ( 'x'`). */
const IMPORT_WORDS = new Set(['import', 'require', 'from']);

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95 || c >= 128;
}
function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

/** The module specifiers a source file imports or requires, in first-seen order, deduplicated. */
export function extractImports(source: string): string[] {
  const out: string[] = [];
  // Every specifier follows an `import`, `require` or `from` token, each an occurrence of that
  // text: past the last occurrence (and the string it may still take) nothing more can be found,
  // so most files are lexed only through their import block.
  const stopAt = Math.max(lastEnd(source, 'import'), lastEnd(source, 'require'), lastEnd(source, 'from'));
  if (stopAt < 0) return out;
  const seen = new Set<string>();
  const n = source.length;
  // The last two significant tokens: kind 'w' (word/number), 's' (string), 'p' (punctuator).
  let prevKind = 'p';
  let prev = ';';
  let prev2 = '';
  // Template literal nesting: each entry is the brace depth at which a `${` was opened.
  const templates: number[] = [];
  let braces = 0;
  let pendingCall = ''; // `require` / `import` followed by `(` and a string: wait for `)`
  let pendingSpec = '';
  const push = (tok: string, kind: string) => {
    prev2 = prev;
    prev = tok;
    prevKind = kind;
  };
  const take = (spec: string) => {
    if (!seen.has(spec)) {
      seen.add(spec);
      out.push(spec);
    }
  };
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    // Past the last keyword and nothing pending that a string or `)` could still complete.
    if (i >= stopAt && pendingCall === '' && !IMPORT_WORDS.has(prev) && !IMPORT_WORDS.has(prev2)) break;
    if (c === 47 /* / */) {
      const d = source.charCodeAt(i + 1);
      if (d === 47) {
        const nl = source.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
        continue;
      }
      if (d === 42) {
        const end = source.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      const regexAllowed = prevKind === 'p' ? prev !== ')' && prev !== ']' && prev !== '}' : prevKind === 'w' && REGEX_AFTER_WORD.has(prev);
      if (regexAllowed) {
        i = skipRegex(source, i + 1);
        push('/re/', 's');
        continue;
      }
      push('/', 'p');
      i++;
      continue;
    }
    if (c === 39 || c === 34) {
      const end = skipString(source, i + 1, c);
      const value = source.slice(i + 1, end - 1);
      if (pendingCall === '' && prev === '(' && (prev2 === 'require' || prev2 === 'import')) {
        pendingCall = prev2;
        pendingSpec = value;
      } else if ((prev === 'from' && prevKind === 'w') || (prev === 'import' && prevKind === 'w')) {
        take(value);
      }
      push(value, 's');
      i = end;
      continue;
    }
    if (c === 96 /* ` */) {
      i = skipTemplate(source, i + 1, templates, braces);
      push('`', 's');
      continue;
    }
    if (isIdentStart(c) || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isIdentPart(source.charCodeAt(j))) j++;
      push(source.slice(i, j), 'w');
      pendingCall = '';
      i = j;
      continue;
    }
    // Punctuator.
    if (c === 123) braces++;
    else if (c === 125) {
      if (templates.length > 0 && templates[templates.length - 1] === braces) {
        // End of a `${…}` substitution: continue the template literal.
        templates.pop();
        i = skipTemplate(source, i + 1, templates, braces);
        push('`', 's');
        continue;
      }
      braces--;
    } else if (c === 41 && pendingCall !== '' && prevKind === 's') {
      take(pendingSpec);
    }
    pendingCall = '';
    push(String.fromCharCode(c), 'p');
    i++;
  }
  return out;
}

/**
 * Index just past the last occurrence of `word` in `s` as a whole word, -1 for none. Forward
 * searches from hit to hit: V8's lastIndexOf compares backwards character by character and took
 * twice as long over the whole file (this runs three times on every file the scan reads). Only a
 * whole word can be the lexer's token (it reads identifiers whole: `fromRow`, `requireAuth` are
 * one word each), and such names late in a file had it lexed to the end.
 */
function lastEnd(s: string, word: string): number {
  let at = -1;
  for (let next = s.indexOf(word); next >= 0; next = s.indexOf(word, next + 1)) {
    if ((next === 0 || !isIdentPart(s.charCodeAt(next - 1))) && !isIdentPart(s.charCodeAt(next + word.length))) at = next;
  }
  return at < 0 ? -1 : at + word.length;
}

/** Index just past the closing quote (or at the end of the line for an unterminated string). */
function skipString(s: string, i: number, quote: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 92) i += 2;
    else if (c === 10) return i; // unterminated: JSX text like `don't` must not swallow the file
    else i++;
  }
  return n;
}

/** Skips template text up to the closing backtick, or into a `${` (recorded on `templates`). */
function skipTemplate(s: string, i: number, templates: number[], braces: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 96) return i + 1;
    if (c === 92) i += 2;
    else if (c === 36 && s.charCodeAt(i + 1) === 123) {
      templates.push(braces);
      return i + 2;
    } else i++;
  }
  return n;
}

function skipRegex(s: string, i: number): number {
  const n = s.length;
  let inClass = false;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === 10) return i;
    else if (c === 91) { inClass = true; i++; }
    else if (c === 93) { inClass = false; i++; }
    else if (c === 47 && !inClass) {
      i++;
      while (i < n && isIdentPart(s.charCodeAt(i))) i++; // flags
      return i;
    } else i++;
  }
  return n;
}
