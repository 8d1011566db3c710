/**
 * Applies the layers in order, as the container runtime's overlay would, to the analyzers'
 * outputs: a whiteout or opaque directory hides lower layers' files, a later copy of a file
 * replaces the earlier one. What survives is the image's inventory; each package is attributed
 * to the layer that brought it in.
 */
import type { Ecosystem } from '../../deps/package.js';
import { applyOsInfo, pickOs } from '../os/index.js';
import type { ImagePackage, LayerRef, OsInfo } from '../types.js';
import type { LayerOutputs, StoredOutput } from './collect.js';

/** Ecosystems of distribution packages (their advisories are the distribution's). */
export const OS_ECOSYSTEMS: ReadonlySet<Ecosystem> = new Set<Ecosystem>(['Debian', 'Ubuntu', 'Alpine', 'AlmaLinux', 'Rocky Linux', 'Red Hat']);

export function isOsPackage(p: Pick<ImagePackage, 'ecosystem'>): boolean {
  return OS_ECOSYSTEMS.has(p.ecosystem);
}

export interface SetuidFile {
  path: string;
  mode: number;
  layer: LayerRef;
}

export interface Inventory {
  os?: OsInfo;
  /** OS packages first, then language packages; each with its `layer`. */
  packages: ImagePackage[];
  /** Root-relative files the package managers say their packages installed. */
  owned: Set<string>;
  /** Setuid/setgid files still present in the final filesystem, with the layer that added them. */
  setuidFiles: SetuidFile[];
}

/** One file's copies, bottom to top, with no deletion between them. */
interface Chain {
  copies: { layer: LayerRef; stored: StoredOutput }[];
}

/** `a/b/c` -> `a/b/c`, `a/b`, `a`. */
function* selfAndAncestors(path: string): Generator<string> {
  let p = path;
  for (;;) {
    yield p;
    const i = p.lastIndexOf('/');
    if (i <= 0) return;
    p = p.slice(0, i);
  }
}

/** Whether `layer` hides a lower layer's `path`: a whiteout of it or of a parent, or an opaque parent. */
function hides(layer: LayerOutputs, path: string): boolean {
  if (layer.whiteouts.size === 0 && layer.opaque.size === 0) return false;
  let first = true;
  for (const p of selfAndAncestors(path)) {
    if (layer.whiteouts.has(p)) return true;
    if (!first && layer.opaque.has(p)) return true;
    first = false;
  }
  // An opaque root (`.wh..wh..opq` at the top) empties everything.
  return layer.opaque.has('');
}

function normPath(p: string): string {
  return p.replace(/^(\.\/|\/)+/, '');
}

const nameVersion = (p: Pick<ImagePackage, 'name' | 'version'>) => `${p.name}\u0000${p.version}`;

/**
 * The layer that brought `pkg` in: walking down the file's copies from the top, the lowest copy
 * reached while every copy on the way still lists the same name and version.
 */
function introducedIn(chain: Chain, pkg: ImagePackage, listed: Map<number, Set<string>>): LayerRef {
  const key = nameVersion(pkg);
  let at = chain.copies.length - 1;
  while (at > 0) {
    const below = chain.copies[at - 1]!;
    let set = listed.get(at - 1);
    if (!set) {
      set = new Set((below.stored.output.packages ?? []).map(nameVersion));
      listed.set(at - 1, set);
    }
    if (!set.has(key)) break;
    at--;
  }
  return chain.copies[at]!.layer;
}

/** Merges the layers' outputs (in index order) into the image inventory. */
export function mergeLayers(layers: readonly LayerOutputs[]): Inventory {
  const ordered = [...layers].sort((a, b) => a.layer.index - b.layer.index);
  const live = new Map<string, Chain>();
  for (const layer of ordered) {
    // This layer's deletions apply to what the layers below left, before its own files land.
    for (const [key, chain] of live) {
      if (layer.dropped.has(key) || hides(layer, chain.copies[0]!.stored.path)) live.delete(key);
    }
    for (const [key, stored] of layer.outputs) {
      const chain = live.get(key);
      if (chain) chain.copies.push({ layer: layer.layer, stored });
      else live.set(key, { copies: [{ layer: layer.layer, stored }] });
    }
  }

  const chains = [...live.values()].sort((a, b) => {
    const pa = a.copies[0]!.stored;
    const pb = b.copies[0]!.stored;
    return pa.path < pb.path ? -1 : pa.path > pb.path ? 1 : pa.analyzer < pb.analyzer ? -1 : pa.analyzer > pb.analyzer ? 1 : 0;
  });
  const osCandidates: OsInfo[] = [];
  for (const c of chains) {
    const os = c.copies[c.copies.length - 1]!.stored.output.os;
    if (os) osCandidates.push(os);
  }
  const os = pickOs(osCandidates);

  const owned = new Set<string>();
  const osPackages: ImagePackage[] = [];
  const langPackages: ImagePackage[] = [];
  const setuidFiles: SetuidFile[] = [];
  for (const chain of chains) {
    const top = chain.copies[chain.copies.length - 1]!;
    const out = top.stored.output;
    for (const o of out.ownedFiles ?? []) for (const f of o.files) owned.add(normPath(f));
    for (const s of out.setuidFiles ?? []) setuidFiles.push({ path: normPath(s.path), mode: s.mode, layer: top.layer });
    const listed = new Map<number, Set<string>>();
    for (const p of out.packages ?? []) {
      const found: ImagePackage = { ...p, source: normPath(p.source || top.stored.path), layer: introducedIn(chain, p, listed) };
      if (isOsPackage(found)) {
        // The distribution's ecosystem, release and purl (a package of another family gets no release).
        const pkg = applyOsInfo(found, os);
        for (const f of pkg.files ?? []) owned.add(normPath(f));
        osPackages.push(pkg);
      } else langPackages.push(found);
    }
  }
  for (const p of langPackages) if (owned.has(p.source)) p.osOwned = true;
  return { ...(os ? { os } : {}), packages: [...osPackages, ...langPackages], owned, setuidFiles };
}
