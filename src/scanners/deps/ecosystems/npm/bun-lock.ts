import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor } from '../../package.js';
import { markDev } from '../../graph.js';
import { PackageSet, basename, isObject, isRegistryVersion, splitDescriptor, splitNamePath, stringMap, unparsable } from './common.js';
import { parseJson } from './json.js';

/**
 * bun.lock, Bun's text lockfile (JSONC: trailing commas allowed), `lockfileVersion` 0 and 1.
 * `packages` is keyed by a node_modules-free install path (`is-odd/is-number` is the copy nested
 * under is-odd; `@shop/lib/debug` the one under workspace @shop/lib); each value is
 * `["name@version", registry, { dependencies, ... }, integrity]`. A dependency resolves to the
 * nearest copy walking up that path, as Node does. Direct and dev come from `workspaces`.
 * Workspace, git, tarball, file and link packages are skipped. The binary bun.lockb is not
 * read: it gets an issue saying how to produce bun.lock.
 */
export const extractor: Extractor = {
  id: 'npm/bun-lock',
  ecosystem: 'npm',
  accepts(path: string): boolean {
    const b = basename(path);
    return b === 'bun.lock' || b === 'bun.lockb';
  },
  extract(file: { path: string; content: string }): ExtractResult {
    if (basename(file.path) === 'bun.lockb') {
      return {
        packages: [],
        issues: [
          {
            path: file.path,
            kind: 'unparsable',
            scanner: 'deps',
            message: 'binary bun.lockb is not supported; run `bun install --save-text-lockfile` to write bun.lock',
          },
        ],
      };
    }
    return extractBun(file.path, file.content);
  },
};

const PROD_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

function extractBun(path: string, text: string): ExtractResult {
  const issues: ScanIssue[] = [];
  const parsed = parseJson(text, { jsonc: true });
  if (parsed.error) issues.push(unparsable(path, `bun.lock: ${parsed.error.message}`, parsed.error.line));
  const doc = parsed.value;
  if (!isObject(doc)) {
    if (!parsed.error) issues.push(unparsable(path, 'bun.lock: expected a JSON object', 1));
    return { packages: [], issues };
  }
  const version = doc['lockfileVersion'];
  if (version !== 0 && version !== 1 && !parsed.error) {
    issues.push(unparsable(path, `bun.lock: unknown lockfileVersion ${JSON.stringify(version)}; read best effort`, 1));
  }
  const pkgs = doc['packages'];
  if (!isObject(pkgs)) {
    if (!parsed.error) issues.push(unparsable(path, 'bun.lock: no "packages" object', 1));
    return { packages: [], issues };
  }

  const set = new PackageSet(path);
  /** install path -> package key (registry packages only) */
  const keyAt = new Map<string, string>();
  /** install paths of non-registry entries (workspaces, git...): a dependency resolving there stops */
  const other = new Set<string>();
  /** workspace package name -> workspace folder */
  const workspaceByName = new Map<string, string>();

  for (const loc in pkgs) {
    const entry = pkgs[loc];
    const line = typeof entry === 'object' && entry !== null ? parsed.lineOf(entry) : parsed.keyLine(pkgs, loc);
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      issues.push(unparsable(path, `bun.lock: package "${loc}" is not a ["name@version", ...] array`, line));
      continue;
    }
    const parts = splitDescriptor(entry[0]);
    if (!parts) {
      issues.push(unparsable(path, `bun.lock: package "${loc}" has no version in "${entry[0]}"`, line));
      continue;
    }
    const [name, version] = parts;
    if (version.startsWith('workspace:')) {
      workspaceByName.set(name, version.slice('workspace:'.length));
      other.add(loc);
      continue;
    }
    if (!isRegistryVersion(version)) {
      other.add(loc);
      continue;
    }
    keyAt.set(loc, set.add(name, version, line, false));
  }

  const resolve = (fromPath: string[], dep: string): string | undefined => {
    for (let n = fromPath.length; n >= 0; n--) {
      const cand = n === 0 ? dep : `${fromPath.slice(0, n).join('/')}/${dep}`;
      const k = keyAt.get(cand);
      if (k !== undefined) return k;
      if (other.has(cand)) return undefined;
    }
    return undefined;
  };

  for (const [loc, from] of keyAt) {
    const entry = pkgs[loc] as unknown[];
    const info = entry.find((x, i) => i > 0 && isObject(x));
    if (!isObject(info)) continue;
    const at = splitNamePath(loc);
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
      for (const [dep] of stringMap(info[field])) {
        const to = resolve(at, dep);
        if (to !== undefined) set.dependsOn(from, to);
      }
    }
  }

  const prodRoots = new Set<string>();
  const devRoots = new Set<string>();
  const workspaces = doc['workspaces'];
  const folderToName = new Map<string, string>();
  for (const [n, folder] of workspaceByName) folderToName.set(folder, n);
  let anyWorkspace = false;
  if (isObject(workspaces)) {
    for (const folder in workspaces) {
      const ws = workspaces[folder];
      if (!isObject(ws)) continue;
      anyWorkspace = true;
      const wsName = folder === '' ? undefined : (folderToName.get(folder) ?? (typeof ws['name'] === 'string' ? ws['name'] : undefined));
      const from = wsName === undefined ? [] : [wsName];
      for (const field of [...PROD_FIELDS, 'devDependencies'] as const) {
        for (const [dep] of stringMap(ws[field])) {
          const to = resolve(from, dep);
          if (to === undefined) continue;
          set.markDirect(to);
          if (field !== 'devDependencies') prodRoots.add(to);
          else devRoots.add(to);
        }
      }
    }
  }
  const out = set.finish();
  if (parsed.error) {
    // A damaged file may have lost edges: dev only where the project itself says so.
    for (const p of out) p.dev = devRoots.has(`${p.name}@${p.version}`) && !prodRoots.has(`${p.name}@${p.version}`);
  } else if (anyWorkspace) markDev(out, prodRoots, devRoots);
  return { packages: out, issues };
}
