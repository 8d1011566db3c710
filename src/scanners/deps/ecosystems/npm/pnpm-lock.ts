import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor } from '../../package.js';
import { markDev } from '../../graph.js';
import { parseLockYaml } from './lock-yaml.js';
import { PackageSet, basename, isObject, isRegistryVersion, splitDescriptor, unparsable } from './common.js';

/**
 * pnpm-lock.yaml: v5.x (`/name/1.2.3_peer@1.0.0` keys, importers or top-level dependency maps
 * of plain versions), v6 (`/name@1.2.3(peer@1.0.0)`, `{ specifier, version }` importers) and v9
 * (`packages` for metadata and `snapshots` for the dependency graph, keys without the slash).
 * Peer variants of one name@version are one package. Direct: any importer's (workspace
 * project's) dependencies; dev: reachable only through importers' devDependencies. Links to
 * workspace projects and git/tarball/file packages without a registry version are skipped.
 */
export const extractor: Extractor = {
  id: 'npm/pnpm-lock',
  ecosystem: 'npm',
  accepts(path: string): boolean {
    return basename(path) === 'pnpm-lock.yaml';
  },
  extract(file: { path: string; content: string }): ExtractResult {
    try {
      return extractPnpm(file.path, file.content);
    } catch (e) {
      // The yaml library is not expected to throw with these options; stay pure regardless.
      return { packages: [], issues: [unparsable(file.path, `pnpm-lock.yaml: ${e instanceof Error ? e.message : String(e)}`)] };
    }
  },
};

type Style = 'v5' | 'v6' | 'v9';

const IMPORTER_FIELDS = ['dependencies', 'optionalDependencies', 'devDependencies'] as const;

/** Strips the peer suffix: `1.2.3(react@18)` (v6+) or `1.2.3_react@18` (v5). */
function stripPeers(v: string, style: Style): string {
  const p = v.indexOf('(');
  let out = p < 0 ? v : v.slice(0, p);
  if (style === 'v5') {
    const u = out.indexOf('_');
    if (u >= 0) out = out.slice(0, u);
  }
  return out;
}

/** A `packages`/`snapshots` key -> [name, version]. */
function parseKey(key: string, style: Style): [string, string] | undefined {
  if (style === 'v5') {
    if (!key.startsWith('/')) return undefined;
    const body = stripPeers(key.slice(1), 'v5');
    const slash = body.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return [body.slice(0, slash), body.slice(slash + 1)];
  }
  const body = key.startsWith('/') ? key.slice(1) : key;
  const parts = splitDescriptor(stripPeers(body, style));
  return parts;
}

/** A dependency reference (`2.0.0`, `18.2.0(react@18.2.0)`, `/alias/1.0.0`, `alias@1.0.0`) -> key. */
function refKey(name: string, ref: string, style: Style): string | undefined {
  if (ref.startsWith('link:') || ref.startsWith('file:')) return undefined;
  if (ref.startsWith('/')) {
    const p = parseKey(ref, style === 'v5' ? 'v5' : 'v6');
    return p && isRegistryVersion(p[1]) ? `${p[0]}@${p[1]}` : undefined;
  }
  const v = stripPeers(ref, style);
  if (isRegistryVersion(v)) return `${name}@${v}`;
  const p = splitDescriptor(v);
  return p && isRegistryVersion(p[1]) ? `${p[0]}@${p[1]}` : undefined;
}

function entries(v: unknown): Array<[string, unknown]> {
  return isObject(v) ? Object.entries(v) : [];
}

function refOf(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (isObject(v) && (typeof v['version'] === 'string' || typeof v['version'] === 'number')) return String(v['version']);
  return undefined;
}

function extractPnpm(path: string, text: string): ExtractResult {
  const issues: ScanIssue[] = [];
  if (text.trim() === '') return { packages: [], issues: [unparsable(path, 'pnpm-lock.yaml: empty file', 1)] };
  const doc = parseLockYaml(text);
  for (const err of doc.errors) issues.push(unparsable(path, `pnpm-lock.yaml: ${err.message}`, err.line));
  const js = doc.value;
  if (js === undefined) {
    if (doc.errors.length === 0) issues.push(unparsable(path, 'pnpm-lock.yaml: expected a YAML mapping', 1));
    return { packages: [], issues };
  }

  const rawVersion = js['lockfileVersion'];
  const major = Number.parseFloat(String(rawVersion));
  let style: Style;
  if (major >= 5 && major < 6) style = 'v5';
  else if (major >= 6 && major < 7) style = 'v6';
  else if (major >= 7 && major < 10) style = 'v9';
  else {
    style = 'v9';
    if (doc.errors.length === 0) {
      issues.push(
        unparsable(
          path,
          rawVersion === undefined
            ? 'pnpm-lock.yaml: no lockfileVersion; read best effort'
            : `pnpm-lock.yaml: unknown lockfileVersion ${JSON.stringify(rawVersion)}; read best effort`,
          1,
        ),
      );
    }
  }

  const set = new PackageSet(path);
  const flags = new Map<string, boolean>(); // key -> dev flag as v5/v6 record it
  const packages = js['packages'];
  const snapshots = js['snapshots'];
  const graphSections: Array<[string, unknown]> = [...entries(style === 'v9' ? snapshots : packages)];

  const addEntry = (k: string, v: unknown, section: unknown): string | undefined => {
    const line = typeof v === 'object' && v !== null ? doc.lineOf(v) : isObject(section) ? doc.keyLine(section, k) : undefined;
    let parsed = parseKey(k, style);
    if ((!parsed || !isRegistryVersion(parsed[1])) && isObject(v) && typeof v['name'] === 'string' && typeof v['version'] === 'string') {
      parsed = [v['name'], v['version']];
    }
    if (!parsed) {
      issues.push(unparsable(path, `pnpm-lock.yaml: cannot read the package key "${k}"`, line));
      return undefined;
    }
    if (!isRegistryVersion(parsed[1])) return undefined; // git, tarball, file, link
    const key = set.add(parsed[0], parsed[1], line, false);
    if (isObject(v) && typeof v['dev'] === 'boolean') flags.set(key, (flags.get(key) ?? true) && v['dev']);
    return key;
  };

  for (const [k, v] of entries(packages)) addEntry(k, v, packages);
  for (const [k, v] of graphSections) {
    const from = style === 'v9' ? addEntry(k, v, snapshots) : set.has(keyOf(k, v, style) ?? '') ? keyOf(k, v, style) : undefined;
    if (from === undefined || !isObject(v)) continue;
    for (const field of ['dependencies', 'optionalDependencies'] as const) {
      for (const [dep, ref] of entries(v[field])) {
        if (typeof ref !== 'string' && typeof ref !== 'number') continue;
        const to = refKey(dep, String(ref), style);
        if (to !== undefined) set.dependsOn(from, to);
      }
    }
  }

  // Importers: the workspace projects (v5 single-project files keep the maps at the top).
  const importers: Record<string, unknown>[] = [];
  if (isObject(js['importers'])) for (const [, imp] of entries(js['importers'])) if (isObject(imp)) importers.push(imp);
  if (importers.length === 0 && IMPORTER_FIELDS.some((f) => isObject(js[f]))) importers.push(js);

  const prodRoots = new Set<string>();
  const devRoots = new Set<string>();
  let directSeen = false;
  for (const imp of importers) {
    for (const field of IMPORTER_FIELDS) {
      for (const [dep, spec] of entries(imp[field])) {
        const ref = refOf(spec);
        if (ref === undefined) continue;
        const to = refKey(dep, ref, style);
        if (to === undefined || !set.has(to)) continue;
        set.markDirect(to);
        directSeen = true;
        if (field !== 'devDependencies') prodRoots.add(to);
        else devRoots.add(to);
      }
    }
  }

  const out = set.finish();
  if (doc.errors.length > 0) {
    // A damaged file may have lost edges: dev only where the project itself says so.
    for (const p of out) p.dev = devRoots.has(`${p.name}@${p.version}`) && !prodRoots.has(`${p.name}@${p.version}`);
  } else if (directSeen || importers.length > 0) markDev(out, prodRoots, devRoots);
  else for (const p of out) p.dev = flags.get(`${p.name}@${p.version}`) ?? false;
  return { packages: out, issues };
}

function keyOf(k: string, v: unknown, style: Style): string | undefined {
  let parsed = parseKey(k, style);
  if ((!parsed || !isRegistryVersion(parsed[1])) && isObject(v) && typeof v['name'] === 'string' && typeof v['version'] === 'string') {
    parsed = [v['name'], v['version']];
  }
  return parsed && isRegistryVersion(parsed[1]) ? `${parsed[0]}@${parsed[1]}` : undefined;
}
