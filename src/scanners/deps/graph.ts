import type { Package } from './package.js';
import { packageKey } from './package.js';

/**
 * For each package key reachable from a direct dependency, one shortest chain of keys from a
 * direct dependency to it (`['express@4.17.1', 'body-parser@1.19.0', 'qs@6.7.0']`; a direct
 * package's chain is itself). Breadth-first over `dependsOn`, so cycles are harmless. Chains
 * through production dependencies are preferred: the search starts from the direct non-dev
 * packages and only then continues from the dev ones, so a package that production code pulls
 * in is never shown as reached through a devDependency. Packages no direct dependency reaches
 * (or a lockfile that records no direct dependencies) have no entry.
 */
export function chains(packages: readonly Package[]): Map<string, string[]> {
  const byKey = indexByKey(packages);
  const parent = new Map<string, string | null>();
  const prod = packages.filter((p) => p.direct && !p.dev).map(packageKey);
  const dev = packages.filter((p) => p.direct && p.dev).map(packageKey);
  bfs(prod, byKey, parent);
  bfs(dev, byKey, parent);

  const out = new Map<string, string[]>();
  const build = (key: string): string[] => {
    const done = out.get(key);
    if (done) return done;
    const up = parent.get(key);
    const chain = up == null ? [key] : [...build(up), key];
    out.set(key, chain);
    return chain;
  };
  for (const key of parent.keys()) build(key);
  return out;
}

/**
 * Marks dev: a package is dev when no path from a production root reaches it (every path from
 * the project goes through a devDependency). `prodRoots` are the keys the project declares
 * outside devDependencies. With `devRoots` (the devDependencies), a package neither reaches is
 * unknown and left not dev: unknown is not dev, so it is never filtered out as dev-only.
 * Mutates and returns `packages`.
 */
export function markDev<T extends Package>(packages: T[], prodRoots: Iterable<string>, devRoots?: Iterable<string>): T[] {
  const byKey = indexByKey(packages);
  const fromProd = new Map<string, string | null>();
  bfs([...prodRoots], byKey, fromProd);
  let fromDev: Map<string, string | null> | undefined;
  if (devRoots) {
    fromDev = new Map();
    bfs([...devRoots], byKey, fromDev);
  }
  for (const p of packages) {
    const k = packageKey(p);
    p.dev = !fromProd.has(k) && (fromDev === undefined || fromDev.has(k));
  }
  return packages;
}

function indexByKey(packages: readonly Package[]): Map<string, Package> {
  const m = new Map<string, Package>();
  for (const p of packages) {
    const k = packageKey(p);
    if (!m.has(k)) m.set(k, p);
  }
  return m;
}

/** Multi-source BFS; records each newly reached key's predecessor (null for a source). */
function bfs(sources: string[], byKey: Map<string, Package>, parent: Map<string, string | null>): void {
  const queue: string[] = [];
  for (const s of sources) {
    if (!byKey.has(s) || parent.has(s)) continue;
    parent.set(s, null);
    queue.push(s);
  }
  for (let h = 0; h < queue.length; h++) {
    const k = queue[h]!;
    for (const d of byKey.get(k)?.dependsOn ?? []) {
      if (parent.has(d) || !byKey.has(d)) continue;
      parent.set(d, k);
      queue.push(d);
    }
  }
}
