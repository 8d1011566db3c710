import type { ScanIssue } from '../../../../core/scanner.js';
import type { ExtractResult, Extractor } from '../../package.js';
import { PackageSet, basename, isObject, isRegistryVersion, splitDescriptor, stringMap, unparsable } from './common.js';
import { parseLockYaml } from './lock-yaml.js';
import { rememberContext } from './manifest.js';

export { applyManifest } from './manifest.js';

/**
 * yarn.lock, classic (v1, yarn's own indented format) and Berry (v2+, YAML with `__metadata`).
 *
 * Neither records which packages the project declares: pass the package.json beside the
 * lockfile to `applyManifest(result, manifestJson)` for exact direct/dev. Without it, Berry's
 * workspace entries give the direct dependencies (dev unknown, so false), and for v1 a package
 * nothing else depends on is direct.
 *
 * Only registry packages are reported: `npm:` resolutions and `patch:`es of them (as the
 * patched package). Workspaces, `file:`/`link:`/`portal:` folders and git or tarball
 * dependencies are skipped.
 */
export const extractor: Extractor = {
  id: 'npm/yarn-lock',
  ecosystem: 'npm',
  accepts(path: string): boolean {
    return basename(path) === 'yarn.lock';
  },
  extract(file: { path: string; content: string }): ExtractResult {
    const text = file.content;
    if (text.trim() === '') return { packages: [], issues: [unparsable(file.path, 'yarn.lock: empty file', 1)] };
    return /^__metadata:/m.test(text) ? extractBerry(file.path, text) : extractV1(file.path, text);
  },
};

const LOCAL_PROTOCOLS = ['file:', 'link:', 'portal:', 'workspace:', 'exec:', 'git', 'github:', 'http:', 'https:'];

function isLocalRange(range: string): boolean {
  return LOCAL_PROTOCOLS.some((p) => range.startsWith(p));
}

const MAX_LINE_ISSUES = 10;

interface V1Entry {
  descriptors: string[];
  line: number;
  fields: Map<string, string>;
  deps: Array<[string, string]>;
}

/** Reads one key or value token at `pos`: a JSON-style quoted string or a bare word. */
function token(s: string, pos: number, stopAtColon: boolean): [string, number] | undefined {
  if (s.charCodeAt(pos) === 34) {
    let j = pos + 1;
    while (j < s.length && s.charCodeAt(j) !== 34) j += s.charCodeAt(j) === 92 ? 2 : 1;
    if (j >= s.length) return undefined;
    try {
      return [JSON.parse(s.slice(pos, j + 1)) as string, j + 1];
    } catch {
      return undefined;
    }
  }
  let j = pos;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 9 || (stopAtColon && c === 58 && (j + 1 === s.length || s.charCodeAt(j + 1) === 32))) break;
    j++;
  }
  return j === pos ? undefined : [s.slice(pos, j), j];
}

function parseV1(path: string, text: string, issues: ScanIssue[]): V1Entry[] {
  const entries: V1Entry[] = [];
  const lines = text.split('\n');
  let cur: V1Entry | undefined;
  let section: string | undefined;
  let errors = 0;
  const bad = (ln: number, msg: string): void => {
    errors++;
    if (errors <= MAX_LINE_ISSUES) issues.push(unparsable(path, `yarn.lock: ${msg}`, ln));
    else if (errors === MAX_LINE_ISSUES + 1) issues.push(unparsable(path, 'yarn.lock: more unreadable lines not listed', ln));
  };

  for (let idx = 0; idx < lines.length; idx++) {
    const ln = idx + 1;
    let raw = lines[idx]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const body = raw.slice(indent);
    if (body === '' || body.startsWith('#')) continue;

    if (indent === 0) {
      section = undefined;
      if (!body.endsWith(':')) {
        cur = undefined;
        bad(ln, `expected an entry header ending in ':'`);
        continue;
      }
      const descriptors = body
        .slice(0, -1)
        .split(',')
        .map((d) => d.trim())
        .map((d) => (d.startsWith('"') && d.endsWith('"') && d.length >= 2 ? d.slice(1, -1) : d))
        .filter((d) => d !== '');
      cur = { descriptors, line: ln, fields: new Map(), deps: [] };
      entries.push(cur);
      continue;
    }
    if (!cur) continue; // body of a header already reported
    const k = token(body, 0, true);
    if (!k) {
      bad(ln, 'cannot read this line');
      continue;
    }
    let p = k[1];
    if (body.charCodeAt(p) === 58) p++;
    while (body.charCodeAt(p) === 32) p++;
    const rest = body.slice(p);
    if (indent === 2) {
      if (rest === '') {
        section = k[0];
        continue;
      }
      section = undefined;
      const v = token(rest, 0, false);
      if (!v && rest.startsWith('"')) bad(ln, `unterminated string in "${k[0]}"`);
      cur.fields.set(k[0], v ? v[0] : rest);
    } else if (section !== undefined) {
      if (section === 'dependencies' || section === 'optionalDependencies') {
        const v = token(rest, 0, false);
        if (v) cur.deps.push([k[0], v[0]]);
        else bad(ln, `cannot read the dependency "${k[0]}"`);
      }
    } else bad(ln, 'unexpected indentation');
  }
  return entries;
}

function extractV1(path: string, text: string): ExtractResult {
  const issues: ScanIssue[] = [];
  if (/^\s*[{[]/.test(text)) {
    return { packages: [], issues: [unparsable(path, 'yarn.lock: not a yarn lockfile', 1)] };
  }
  const entries = parseV1(path, text, issues);
  const set = new PackageSet(path);
  const descriptors = new Map<string, string>();
  const keyOf = new Map<V1Entry, string>();

  for (const e of entries) {
    const first = e.descriptors[0];
    const parts = first === undefined ? undefined : splitDescriptor(first);
    if (!parts) {
      issues.push(unparsable(path, `yarn.lock: cannot read the entry "${e.descriptors.join(', ')}"`, e.line));
      continue;
    }
    let [name, range] = parts;
    if (range.startsWith('npm:')) {
      const real = splitDescriptor(range.slice(4));
      if (real) [name, range] = real;
    }
    if (isLocalRange(range)) continue;
    const version = e.fields.get('version');
    if (version === undefined || version === '') {
      issues.push(unparsable(path, `yarn.lock: entry "${first}" has no version`, e.line));
      continue;
    }
    if (!isRegistryVersion(version)) continue;
    const key = set.add(name, version, e.line, false);
    keyOf.set(e, key);
    for (const d of e.descriptors) descriptors.set(d, key);
  }

  const required = new Set<string>();
  for (const [e, key] of keyOf) {
    for (const [name, range] of e.deps) {
      const to = descriptors.get(`${name}@${range}`);
      if (to !== undefined) {
        set.dependsOn(key, to);
        if (to !== key) required.add(to);
      }
    }
  }
  for (const key of new Set(keyOf.values())) if (!required.has(key)) set.markDirect(key);
  return rememberContext({ packages: set.finish(), issues }, { descriptors, workspaceDeps: [] });
}

/** `name@npm:1.2.3` or a patch of it -> [name, version]; undefined for other protocols. */
function berryResolution(res: string): [string, string] | { workspace: string } | undefined {
  const parts = splitDescriptor(res);
  if (!parts) return undefined;
  const [name, ref] = parts;
  if (ref.startsWith('npm:')) return [name, ref.slice(4)];
  if (ref.startsWith('workspace:')) return { workspace: ref.slice('workspace:'.length) };
  if (ref.startsWith('patch:')) {
    const hash = ref.indexOf('#');
    let inner = ref.slice(6, hash < 0 ? undefined : hash);
    try {
      inner = decodeURIComponent(inner);
    } catch {
      return undefined;
    }
    const r = berryResolution(inner);
    return Array.isArray(r) ? r : undefined;
  }
  return undefined;
}

function extractBerry(path: string, text: string): ExtractResult {
  const issues: ScanIssue[] = [];
  const doc = parseLockYaml(text);
  for (const err of doc.errors) issues.push(unparsable(path, `yarn.lock: ${err.message}`, err.line));
  const root = doc.value;
  if (root === undefined) {
    if (doc.errors.length === 0) issues.push(unparsable(path, 'yarn.lock: expected a YAML mapping', 1));
    return { packages: [], issues };
  }
  const set = new PackageSet(path);
  const descriptors = new Map<string, string>();
  const pending: Array<{ key: string | undefined; deps: Array<[string, string]>; workspace: string | undefined }> = [];

  for (const descriptorList in root) {
    const value = root[descriptorList];
    const line = doc.keyLine(root, descriptorList);
    if (descriptorList === '__metadata') {
      const v = isObject(value) ? Number(value['version']) : NaN;
      if (!(v >= 4 && v <= 10)) {
        const shown = isObject(value) ? JSON.stringify(value['version']) : 'missing';
        issues.push(unparsable(path, `yarn.lock: unknown __metadata.version ${shown}; read best effort`, line));
      }
      continue;
    }
    if (!isObject(value)) {
      issues.push(unparsable(path, `yarn.lock: entry "${descriptorList}" is not a mapping`, line));
      continue;
    }
    const resolution = value['resolution'];
    const deps = [...stringMap(value['dependencies']), ...stringMap(value['optionalDependencies'])];
    if (typeof resolution !== 'string') {
      issues.push(unparsable(path, `yarn.lock: entry "${descriptorList}" has no resolution`, line));
      continue;
    }
    const r = berryResolution(resolution);
    if (r === undefined) continue; // git, tarball, file, link, portal, exec
    if (!Array.isArray(r)) {
      pending.push({ key: undefined, deps, workspace: r.workspace });
      continue;
    }
    const [name, version] = r;
    if (!isRegistryVersion(version)) {
      issues.push(unparsable(path, `yarn.lock: entry "${descriptorList}" has no usable version`, line));
      continue;
    }
    const key = set.add(name, version, line, false);
    for (const d of descriptorList.split(',')) descriptors.set(d.trim(), key);
    pending.push({ key, deps, workspace: undefined });
  }

  const lookup = (name: string, range: string): string | undefined =>
    descriptors.get(`${name}@${range}`) ?? descriptors.get(`${name}@npm:${range}`);
  const workspaceDeps: string[] = [];
  for (const { key, deps, workspace } of pending) {
    for (const [name, range] of deps) {
      const to = lookup(name, range);
      if (to === undefined) continue;
      if (key !== undefined) set.dependsOn(key, to);
      else {
        set.markDirect(to);
        if (workspace !== '.') workspaceDeps.push(to);
      }
    }
  }
  return rememberContext({ packages: set.finish(), issues }, { descriptors, workspaceDeps });
}
