/**
 * Models specialised per project: its view templates' raw outputs (modelsForProject), and models
 * that depend on the version of a library the project declares. js-yaml 4 made
 * `load` safe (its default schema builds no functions or regexps); only js-yaml 3's `load` runs
 * `!!js/function` tags. So when the project's package.json asks for js-yaml 4 or later, `load` is
 * no sink. A project without a package.json, or one that does not name js-yaml, keeps the sink.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, posix } from 'node:path';
import type Semver from 'semver';
import type { TaintModel } from './types.js';
import { ANY_ENTRY_LISTENER } from './archives.js';
import { viewLocals } from '../views/index.js';
import { viewModel } from '../views/sinks.js';
import type { FolderProbe } from '../ir/folder-probe.js';

const DEP_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

// semver (40-odd CommonJS files, ~40 ms CPU to load) is required only when a package.json names js-yaml.
let semverLib: typeof Semver | undefined;
const semver = (): typeof Semver => (semverLib ??= createRequire(import.meta.url)('semver') as typeof Semver);

/** The project's package.json at `root` as an object; undefined when missing or not a JSON object. Read once per scan. */
export function readRootPackage(root: string): Record<string, unknown> | undefined {
  return readPackage(join(root, 'package.json'));
}

/** A package.json as an object; undefined when unreadable or not a JSON object. */
function readPackage(path: string): Record<string, unknown> | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return pkg && typeof pkg === 'object' && !Array.isArray(pkg) ? (pkg as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The lowest version the package.json's range for `name` allows, or undefined. */
export function declaredMinVersion(pkg: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!pkg) return undefined;
  for (const field of DEP_FIELDS) {
    const deps = pkg[field];
    if (!deps || typeof deps !== 'object') continue;
    const range = (deps as Record<string, unknown>)[name];
    if (typeof range !== 'string') continue;
    try {
      return semver().minVersion(range)?.version;
    } catch {
      return undefined; // a git URL, a tag, a workspace: protocol — unknown
    }
  }
  return undefined;
}

/**
 * `models` for one project: without the sinks its declared library versions make safe, and with
 * its view templates' unescaped locals as render-call sinks (views/). `files` (root-relative scanned
 * sources) say where to look for `views/` folders and view configuration; without them the tree is
 * walked. These models are hashed into the taint cache's key, so a template whose raw outputs
 * change re-analyses the files (views/sinks.ts puts the output's line in each sink), and so does a
 * package.json whose library verdict changes (`packageFolders`, given `files` only).
 */
export function modelsForProject(models: TaintModel[], root: string, files?: readonly string[], pkg = readRootPackage(root), probe?: FolderProbe): TaintModel[] {
  const views = viewModel(viewLocals(root, files));
  const packages = files ? packageFolders(root, files, pkg, probe) : undefined;
  const archive = archivePackage(pkg);
  const withViews = [
    ...(archive ? models : models.map((m) => (m.handlers?.includes(ANY_ENTRY_LISTENER) ? { ...m, handlers: m.handlers.filter((h) => h !== ANY_ENTRY_LISTENER) } : m))),
    ...(views ? [views] : []), ...(packages ? [{ framework: 'project-packages', packages }] : []),
  ];
  const yaml = declaredMinVersion(pkg, 'js-yaml');
  if (!yaml || semver().major(yaml) < 4) return withViews;
  return withViews.map((m) => (m.sinks?.some((s) => s.id === 'js-yaml.load') ? { ...m, sinks: m.sinks.filter((s) => s.id !== 'js-yaml.load') } : m));
}

/** A word of an archive package's name: unzipper, adm-zip, tar-stream, yauzl, decompress-tar, node-7z. */
const ARCHIVE_WORD = /zip|^(?:un)?tar$|^tarball$|^tar-fs$|^archiv|^yauzl$|^yazl$|^decompress|^extract$|^unpack|^7z$/i;

/**
 * Is the project an archive package, or one using an archive library (its package.json's name or
 * a dependency has an archive word)? Only there is any `x.on('entry', …)` an archive's entry.
 */
export function archivePackage(pkg: Record<string, unknown> | undefined): boolean {
  if (!pkg) return false;
  const names = [typeof pkg['name'] === 'string' ? pkg['name'] : ''];
  for (const field of DEP_FIELDS) {
    const deps = pkg[field];
    if (deps && typeof deps === 'object') names.push(...Object.keys(deps));
  }
  return names.some((n) => n.split(/[-_@/.]/).some((w) => ARCHIVE_WORD.test(w)));
}

/**
 * Whether a package.json describes a package other code imports, so its exported functions'
 * parameters are its callers' input (`library-input`):
 *  - `"private": true` never is (an app, a monorepo root, a workspace tool: npm refuses to publish it);
 *  - an entry point (`main`, `exports`, `module`, `types`/`typings`) is;
 *  - so is a published-looking one, `name` and `version` (npm's default entry is index.js);
 *  - anything else (only scripts and dependencies) is an app's manifest.
 */
export function isLibraryPackage(pkg: Record<string, unknown>): boolean {
  if (pkg['private'] === true || pkg['private'] === 'true') return false;
  if (['main', 'exports', 'module', 'types', 'typings'].some((k) => pkg[k] !== undefined && pkg[k] !== null)) return true;
  return typeof pkg['name'] === 'string' && typeof pkg['version'] === 'string';
}

/**
 * Every folder between a scanned file and the root (both included) that holds a readable
 * package.json, with its isLibraryPackage verdict; undefined when there is none (loose files keep
 * treating any exporting file as a library). The verdicts go into the models, so the taint cache's
 * key changes when one does. `files` are root-relative; `rootPkg` is the root's package.json
 * (read by the caller once per scan).
 */
export function packageFolders(root: string, files: readonly string[], rootPkg = readRootPackage(root), probe?: FolderProbe): Record<string, boolean> | undefined {
  const verdicts = new Map<string, boolean | undefined>();
  const out: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  let any = false;
  const rootVerdict = rootPkg ? isLibraryPackage(rootPkg) : undefined;
  verdicts.set('', rootVerdict);
  if (rootVerdict !== undefined) {
    out[''] = rootVerdict;
    any = true;
  }
  for (const f of files) {
    if (f.startsWith('../') || posix.isAbsolute(f)) continue;
    for (let dir = posix.dirname(f); ; dir = posix.dirname(dir)) {
      const d = dir === '.' ? '' : dir;
      if (verdicts.has(d)) break; // this folder and every one above it were looked at
      const v = packageVerdict(join(root, d, 'package.json'), probe);
      verdicts.set(d, v);
      if (v !== undefined) {
        out[d] = v;
        any = true;
      }
      if (d === '') break;
    }
  }
  return any ? out : undefined;
}

/** isLibraryPackage for one package.json; undefined when it is missing or not a JSON object. */
function packageVerdict(path: string, probe?: FolderProbe): boolean | undefined {
  // Most folders have none: a stat that returns undefined costs far less than the ENOENT error
  // (with its stack trace) a failed read throws, once per folder of the project.
  // The import resolver asks about the same folders: with the scan's probe, one stat serves both.
  if (!(probe ? probe.isFile(path) : statSync(path, { throwIfNoEntry: false })?.isFile())) return undefined;
  const pkg = readPackage(path);
  return pkg ? isLibraryPackage(pkg) : undefined;
}
