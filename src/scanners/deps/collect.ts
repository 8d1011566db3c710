import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import type { ScanIssue, SourceFile } from '../../core/scanner.js';
import type { Package } from './package.js';
import { extractorFor } from './extractors.js';
import { applyManifest as applyNpmManifest } from './ecosystems/npm/index.js';
import { applyManifest as applyComposerManifest } from './ecosystems/composer/index.js';
import { collectRequirements, pypiExtractors } from './ecosystems/pypi/index.js';
import { combineGoModSum, extractGoBinary, extractGoMod, extractGoSum, isGoBinaryCandidate } from './ecosystems/go/index.js';
import { scheme as goScheme } from './ecosystems/go/version.js';

/** The packages of one lockfile (or manifest, or binary), as the scanner and SBOM use them. */
export interface Lockfile {
  path: string;
  packages: Package[];
}

const MANIFESTS = new Set(['package.json', 'composer.json']);
const requirementsExtractor = pypiExtractors.find((e) => e.id.includes('requirements'));

/** Cheap test on the path (and size): lockfiles, the manifests they need, Go binaries by name. */
export function acceptsDepsFile(f: SourceFile): boolean {
  const base = posix.basename(f.path);
  if (MANIFESTS.has(base)) return true;
  if (extractorFor(f.path)) return true;
  return maybeBinary(f);
}

function maybeBinary(f: SourceFile): boolean {
  const base = posix.basename(f.path);
  // Go binaries have no extension (or .exe); reading 4 bytes of every such file is cheap.
  return f.size >= 64 * 1024 && f.size <= 512 * 1024 * 1024 && (!base.includes('.') || base.endsWith('.exe'));
}

/**
 * Reads every accepted file once and turns the tree into lockfiles: each extractor on its own
 * file, package.json / composer.json applied to the lockfile beside them, requirements includes
 * followed, go.mod and go.sum of one module combined, Go binaries read from their build info.
 */
export function collectLockfiles(root: string, files: SourceFile[], issue: (i: ScanIssue) => void): Lockfile[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const cache = new Map<string, string | undefined>();
  const read = (path: string): string | undefined => {
    if (cache.has(path)) return cache.get(path);
    const f = byPath.get(path);
    // Includes may name files the walker did not hand us (e.g. base.in); stay inside the root.
    const abs = f ? f.absPath : resolve(root, path);
    let text: string | undefined;
    if (f || abs.startsWith(resolve(root) + sep)) {
      try {
        text = readFileSync(abs, 'utf8');
      } catch {
        text = undefined;
      }
    }
    cache.set(path, text);
    return text;
  };

  const out: Lockfile[] = [];
  const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '');

  // requirements: an entry is a requirements file no other requirements file includes.
  const reqFiles = files.filter((f) => requirementsExtractor?.accepts(f.path));
  const included = new Set<string>();
  const reqResults = new Map<string, ReturnType<typeof collectRequirements>>();
  for (const f of reqFiles) {
    const r = collectRequirements(f.path, read);
    reqResults.set(f.path, r);
    for (const inc of r.files) if (inc !== f.path) included.add(inc);
  }
  for (const [path, r] of reqResults) {
    if (included.has(path)) continue;
    r.issues.forEach(issue);
    out.push({ path, packages: r.packages });
  }

  // Go modules: go.mod is authoritative; go.sum beside it fills in what go.mod cannot.
  const goMods = new Map<string, SourceFile>();
  const goSums = new Map<string, SourceFile>();
  for (const f of files) {
    const base = posix.basename(f.path);
    if (base === 'go.mod') goMods.set(dirOf(f.path), f);
    else if (base === 'go.sum') goSums.set(dirOf(f.path), f);
  }
  for (const dir of new Set([...goMods.keys(), ...goSums.keys()])) {
    const modFile = goMods.get(dir);
    const sumFile = goSums.get(dir);
    const modText = modFile && read(modFile.path);
    const sumText = sumFile && read(sumFile.path);
    const mod = modFile && modText !== undefined ? extractGoMod({ path: modFile.path, content: modText }) : undefined;
    const sum = sumFile && sumText !== undefined ? extractGoSum({ path: sumFile.path, content: sumText }) : undefined;
    const r = combineGoModSum(mod, sum, (a, b) => goScheme.compare(a, b));
    r.issues.forEach(issue);
    out.push({ path: (modFile ?? sumFile)!.path, packages: r.packages });
  }

  for (const f of files) {
    const base = posix.basename(f.path);
    if (MANIFESTS.has(base) || base === 'go.mod' || base === 'go.sum' || reqResults.has(f.path)) continue;
    const ex = extractorFor(f.path);
    if (!ex) {
      if (maybeBinary(f)) readGoBinary(f, issue, out);
      continue;
    }
    const content = read(f.path);
    if (content === undefined) {
      issue({ path: f.path, kind: 'unreadable', message: 'cannot read lockfile', scanner: 'deps' });
      continue;
    }
    let r = ex.extract({ path: f.path, content });
    const dir = dirOf(f.path);
    if (ex.ecosystem === 'npm' && (base === 'yarn.lock' || !r.packages.some((p) => p.direct))) {
      const manifest = read(`${dir}package.json`);
      if (manifest !== undefined) r = applyNpmManifest(r, manifest, { path: `${dir}package.json` });
    } else if (base === 'composer.lock') {
      const manifest = read(`${dir}composer.json`);
      if (manifest !== undefined) r = applyComposerManifest(r, manifest, { path: `${dir}composer.json` });
    }
    r.issues.forEach(issue);
    out.push({ path: f.path, packages: r.packages });
  }
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return out;
}

function readGoBinary(f: SourceFile, issue: (i: ScanIssue) => void, out: Lockfile[]): void {
  let head: Buffer;
  try {
    const fd = openSync(f.absPath, 'r');
    try {
      head = Buffer.alloc(4);
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return;
  }
  if (!isGoBinaryCandidate(f.path, f.size, head)) return;
  let buf: Buffer;
  try {
    buf = readFileSync(f.absPath);
  } catch {
    return;
  }
  const r = extractGoBinary(f.path, buf);
  // Executables that are not Go programs are common; only Go build info is news.
  if (r.packages.length === 0) return;
  r.issues.forEach(issue);
  out.push({ path: f.path, packages: r.packages });
}
