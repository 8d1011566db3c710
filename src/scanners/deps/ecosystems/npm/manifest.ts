import semver from 'semver';
import type { ExtractResult, Package } from '../../package.js';
import { packageKey } from '../../package.js';
import { markDev } from '../../graph.js';
import { isObject, stringMap, unparsable } from './common.js';

/**
 * What an extractor knows beyond the packages, kept beside its result so `applyManifest` can
 * match package.json declarations exactly: yarn descriptors (`debug@^4.3.4` -> `debug@4.4.3`)
 * and the dependencies of workspaces recorded in the lockfile itself (yarn Berry).
 */
export interface LockContext {
  descriptors: Map<string, string>;
  /** Keys declared by workspaces the lockfile records (production unless the manifest says dev). */
  workspaceDeps: string[];
}

const contexts = new WeakMap<ExtractResult, LockContext>();

export function rememberContext(result: ExtractResult, ctx: LockContext): ExtractResult {
  contexts.set(result, ctx);
  return result;
}

export interface ManifestOptions {
  /** Path of the manifest for issues (default: package.json beside the lockfile). */
  path?: string;
  /** package.json contents of workspace packages (yarn v1 lockfiles do not record workspaces). */
  workspaces?: Array<string | Record<string, unknown>>;
}

const PROD_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Marks direct and dev from package.json for a lockfile that does not record the project's own
 * declarations (yarn.lock; also package-lock v1). Direct: declared by the root or a workspace
 * (dependencies, devDependencies, optionalDependencies, peerDependencies). Dev: reachable only
 * through devDependencies. Returns a new result; a manifest that is not JSON adds an issue and
 * leaves the packages as they were.
 */
export function applyManifest(
  result: ExtractResult,
  manifestJson: string | Record<string, unknown>,
  opts: ManifestOptions = {},
): ExtractResult {
  const source = result.packages[0]?.source ?? '';
  const dir = source.includes('/') ? source.slice(0, source.lastIndexOf('/') + 1) : '';
  const manifestPath = opts.path ?? `${dir}package.json`;
  const manifests: Record<string, unknown>[] = [];
  const issues = [...result.issues];
  for (const [i, m] of [manifestJson, ...(opts.workspaces ?? [])].entries()) {
    const parsed = parseManifest(m);
    if (parsed) manifests.push(parsed);
    else issues.push(unparsable(i === 0 ? manifestPath : `${manifestPath} (workspace ${i})`, 'package.json: not a JSON object'));
  }
  if (manifests.length === 0) return keep({ packages: result.packages, issues }, result);

  const ctx = contexts.get(result);
  const packages = result.packages.map((p) => ({ ...p, dependsOn: p.dependsOn ? [...p.dependsOn] : undefined }) as Package);
  const byName = new Map<string, Package[]>();
  for (const p of packages) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }

  const resolveDecl = (name: string, range: string): string | undefined => {
    const d = ctx?.descriptors;
    if (d) {
      const hit = d.get(`${name}@${range}`) ?? d.get(`${name}@npm:${range}`);
      if (hit !== undefined) return hit;
    }
    let real = name;
    let want = range;
    if (range.startsWith('npm:')) {
      const spec = range.slice(4);
      const at = spec.lastIndexOf('@');
      if (at > 0) {
        real = spec.slice(0, at);
        want = spec.slice(at + 1);
      }
    }
    const candidates = byName.get(real);
    if (!candidates || candidates.length === 0) return undefined;
    if (candidates.length === 1) return packageKey(candidates[0]!);
    const best = semver.maxSatisfying(
      candidates.map((c) => c.version),
      want,
      { loose: true },
    );
    const pick = best ? candidates.find((c) => c.version === best) : undefined;
    return pick ? packageKey(pick) : undefined;
  };

  // Workspaces the lockfile records count as production unless their own manifests are given
  // (yarn Berry folds a workspace's devDependencies into its lockfile entry).
  const prod = new Set<string>(opts.workspaces ? [] : (ctx?.workspaceDeps ?? []));
  const devOnly = new Set<string>();
  for (const m of manifests) {
    for (const f of PROD_FIELDS) {
      for (const [name, range] of stringMap(m[f])) {
        const k = resolveDecl(name, range);
        if (k !== undefined) prod.add(k);
      }
    }
    for (const [name, range] of stringMap(m['devDependencies'])) {
      const k = resolveDecl(name, range);
      if (k !== undefined) devOnly.add(k);
    }
  }

  for (const p of packages) {
    const k = packageKey(p);
    p.direct = prod.has(k) || devOnly.has(k);
  }
  markDev(packages, prod, devOnly);
  return keep({ packages, issues }, result);
}

function keep(next: ExtractResult, prev: ExtractResult): ExtractResult {
  const ctx = contexts.get(prev);
  if (ctx) contexts.set(next, ctx);
  return next;
}

function parseManifest(m: string | Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof m !== 'string') return isObject(m) ? m : undefined;
  try {
    const v: unknown = JSON.parse(m);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
