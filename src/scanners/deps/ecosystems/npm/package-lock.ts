import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor } from '../../package.js';
import {
  PackageSet,
  basename,
  isObject,
  isRegistryVersion,
  matchesWorkspace,
  stringMap,
  unparsable,
  workspacePatterns,
} from './common.js';
import { parseJson, type JsonParse } from './json.js';

/**
 * package-lock.json and npm-shrinkwrap.json.
 *
 * - v2/v3: the `packages` map keyed by install path. Each dependency resolves the way Node and
 *   npm do: the nearest `node_modules/<name>` walking up from the dependent's folder. Link
 *   entries (`link: true`) point at workspace or local folders, which are the project's own code
 *   and are not reported; a workspace's (and the root's) declared dependencies are direct.
 *   `dev: true` marks dev-only packages. `devOptional` packages are installed by a production
 *   install that includes optional dependencies, so they are not dev. `inBundle` packages are
 *   reported like any other (they ship inside their parent's tarball).
 * - v1: the nested `dependencies` tree; `requires` resolve through the nesting chain. v1 does
 *   not record the root's declarations: a top-level entry nothing else requires is direct, and
 *   `applyManifest` (manifest.ts) gives the exact answer when package.json is at hand.
 * - An unknown `lockfileVersion` is reported and read best effort (`packages` when present).
 */
export const extractor: Extractor = {
  id: 'npm/package-lock',
  ecosystem: 'npm',
  accepts(path: string): boolean {
    const b = basename(path);
    return b === 'package-lock.json' || b === 'npm-shrinkwrap.json';
  },
  extract(file: { path: string; content: string }): ExtractResult {
    const issues: ScanIssue[] = [];
    const parsed = parseJson(file.content);
    if (parsed.error) issues.push(unparsable(file.path, `${basename(file.path)}: ${parsed.error.message}`, parsed.error.line));
    const doc = parsed.value;
    if (!isObject(doc)) {
      if (!parsed.error) issues.push(unparsable(file.path, `${basename(file.path)}: expected a JSON object`, 1));
      return { packages: [], issues };
    }
    const version = doc['lockfileVersion'];
    const known = version === 1 || version === 2 || version === 3;
    if (!known && !parsed.error) {
      issues.push(
        unparsable(
          file.path,
          version === undefined
            ? `${basename(file.path)}: no lockfileVersion; read best effort`
            : `${basename(file.path)}: unknown lockfileVersion ${JSON.stringify(version)}; read best effort`,
          1,
        ),
      );
    }
    const set = new PackageSet(file.path);
    const usePackages = isObject(doc['packages']) && (version !== 1 || !isObject(doc['dependencies']));
    if (usePackages) readPackages(doc['packages'] as Record<string, unknown>, parsed, set, file.path, issues);
    else if (isObject(doc['dependencies'])) readV1(doc['dependencies'], parsed, set, file.path, issues);
    else if (!parsed.error) issues.push(unparsable(file.path, `${basename(file.path)}: neither "packages" nor "dependencies" found`, 1));
    return { packages: set.finish(), issues };
  },
};

const NON_REGISTRY = /^(git\+|git:|github:|gitlab:|bitbucket:|file:)/;

const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const ROOT_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/** Package name from an install path: the part after the last `node_modules/`. */
function nameFromPath(p: string): string | undefined {
  const i = p.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  return p.slice(i + 'node_modules/'.length);
}

function parentDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function readPackages(
  packages: Record<string, unknown>,
  parsed: JsonParse,
  set: PackageSet,
  path: string,
  issues: ScanIssue[],
): void {
  const file = basename(path);
  const root = isObject(packages['']) ? packages[''] : {};
  const workspaces = workspacePatterns(root['workspaces']);
  /** install path -> key of the package installed there */
  const keyAt = new Map<string, string>();
  /** link path -> target folder */
  const links = new Map<string, string>();
  /** folders that declare dependencies resolved as direct: the root and workspaces */
  const projectFolders: string[] = [''];

  for (const loc in packages) {
    if (loc === '') continue;
    const entry = packages[loc];
    const line = isObject(entry) ? parsed.lineOf(entry) : parsed.keyLine(packages, loc);
    if (!isObject(entry)) {
      issues.push(unparsable(path, `${file}: entry "${loc}" is not an object`, line));
      continue;
    }
    if (entry['link'] === true) {
      if (typeof entry['resolved'] === 'string') links.set(loc, entry['resolved']);
      continue;
    }
    const name = typeof entry['name'] === 'string' ? entry['name'] : nameFromPath(loc);
    if (!loc.includes('node_modules/')) {
      // A folder of the project itself (workspace or `file:` dependency): not a registry package.
      if (matchesWorkspace(loc, workspaces)) projectFolders.push(loc);
      continue;
    }
    const version = entry['version'];
    if (name === undefined || name === '') {
      issues.push(unparsable(path, `${file}: entry "${loc}" has no package name`, line));
      continue;
    }
    if (typeof version !== 'string' || version === '') {
      issues.push(unparsable(path, `${file}: entry "${loc}" has no version`, line));
      continue;
    }
    if (!isRegistryVersion(version)) continue; // git / tarball / file spec without a version
    const resolved = entry['resolved'];
    if (typeof resolved === 'string' && NON_REGISTRY.test(resolved)) continue; // git or local: not the registry package of that name
    const dev = entry['dev'] === true;
    const key = set.add(name, version, line, dev);
    set.setLicense(key, entry['license']);
    keyAt.set(loc, key);
  }

  // Link targets that are workspaces by link even without a `workspaces` list (older npm).
  for (const target of links.values()) {
    if (!target.startsWith('..') && !projectFolders.includes(target) && isObject(packages[target]) && workspaces.length === 0) {
      projectFolders.push(target);
    }
  }

  const resolve = (from: string, dep: string): string | undefined => {
    let dir = from;
    for (;;) {
      const cand = dir === '' ? `node_modules/${dep}` : `${dir}/node_modules/${dep}`;
      const k = keyAt.get(cand);
      if (k !== undefined) return k;
      if (links.has(cand) || (packages[cand] !== undefined && !keyAt.has(cand))) return undefined; // link or non-registry
      if (dir === '') return undefined;
      dir = parentDir(dir);
    }
  };

  for (const loc of keyAt.keys()) {
    const entry = packages[loc] as Record<string, unknown>;
    const from = keyAt.get(loc)!;
    for (const field of DEP_FIELDS) {
      for (const [dep] of stringMap(entry[field])) {
        const to = resolve(loc, dep);
        if (to !== undefined) set.dependsOn(from, to);
      }
    }
  }

  for (const folder of projectFolders) {
    const entry = folder === '' ? root : packages[folder];
    if (!isObject(entry)) continue;
    for (const field of ROOT_FIELDS) {
      for (const [dep] of stringMap(entry[field])) {
        const to = resolve(folder, dep);
        if (to !== undefined) set.markDirect(to);
      }
    }
  }
}

interface V1Frame {
  deps: Record<string, unknown>;
  keys: Map<string, string>;
  parent: V1Frame | undefined;
}

function readV1(top: Record<string, unknown>, parsed: JsonParse, set: PackageSet, path: string, issues: ScanIssue[]): void {
  const file = basename(path);
  const required = new Set<string>();
  const topKeys: string[] = [];
  /** (entry, frame where its own nested deps live, key or undefined for local folders) */
  const todo: Array<{ entry: Record<string, unknown>; frame: V1Frame; key: string | undefined }> = [];

  const walk = (deps: Record<string, unknown>, parent: V1Frame | undefined, where: string): V1Frame => {
    const frame: V1Frame = { deps, keys: new Map(), parent };
    for (const alias in deps) {
      const entry = deps[alias];
      if (!isObject(entry)) {
        issues.push(unparsable(path, `${file}: entry "${where}${alias}" is not an object`, parsed.keyLine(deps, alias) ?? parsed.lineOf(deps)));
        continue;
      }
      const line = parsed.lineOf(entry);
      const rawVersion = entry['version'];
      if (typeof rawVersion !== 'string' || rawVersion === '') {
        issues.push(unparsable(path, `${file}: entry "${where}${alias}" has no version`, line));
        continue;
      }
      let version = rawVersion;
      let name = alias;
      if (version.startsWith('npm:')) {
        // alias: "version": "npm:real-name@1.2.3"
        const spec = version.slice(4);
        const at = spec.lastIndexOf('@');
        if (at > 0) {
          name = spec.slice(0, at);
          version = spec.slice(at + 1);
        }
      }
      let key: string | undefined;
      if (isRegistryVersion(version)) {
        key = set.add(name, version, line, entry['dev'] === true);
        frame.keys.set(alias, key);
        if (parent === undefined) topKeys.push(key);
      }
      const nested = isObject(entry['dependencies']) ? walk(entry['dependencies'], frame, `${where}${alias}/`) : { deps: {}, keys: new Map(), parent: frame };
      todo.push({ entry, frame: nested, key });
    }
    return frame;
  };
  walk(top, undefined, '');

  const resolve = (frame: V1Frame | undefined, dep: string): string | undefined => {
    for (let f = frame; f; f = f.parent) {
      const k = f.keys.get(dep);
      if (k !== undefined) return k;
      if (f.deps[dep] !== undefined) return undefined; // present but not a registry package
    }
    return undefined;
  };

  const localDirect: string[] = [];
  for (const { entry, frame, key } of todo) {
    for (const [dep] of stringMap(entry['requires'])) {
      const to = resolve(frame, dep);
      if (to === undefined) continue;
      if (key !== undefined) {
        set.dependsOn(key, to);
        required.add(to);
      } else if (typeof entry['version'] === 'string' && entry['version'].startsWith('file:')) {
        localDirect.push(to); // a workspace / local folder's own dependency
      }
    }
  }
  for (const k of topKeys) if (!required.has(k)) set.markDirect(k);
  for (const k of localDirect) set.markDirect(k);
}
