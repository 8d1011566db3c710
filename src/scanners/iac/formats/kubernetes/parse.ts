import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YNode } from 'yaml';
import type { ScanIssue } from '../../../../core/scanner.js';

/**
 * Kubernetes manifests (YAML, multi-document, and JSON, including `kind: List`) parsed into a
 * small positioned tree. Every node keeps its 1-based line and column so rules can point at the
 * offending field, or at the enclosing container / pod spec when a field is missing.
 *
 * Suppression: an object (or its pod template) may carry the annotation
 *   rampart.io/ignore: "<rule>[,<rule>...] -- <reason>"
 * where <rule> is a full id (`iac/kubernetes/host-network`) or the short name (`host-network`).
 * The reason after ` -- ` is required; an annotation without one suppresses nothing and is
 * reported as an issue.
 */

export interface Pos {
  line: number;
  column: number;
}

export type KNode = KMap | KSeq | KScalar;

export interface KMap {
  type: 'map';
  pos: Pos;
  entries: Map<string, { keyPos: Pos; value: KNode }>;
}
export interface KSeq {
  type: 'seq';
  pos: Pos;
  items: KNode[];
}
export interface KScalar {
  type: 'scalar';
  pos: Pos;
  value: unknown;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface KContainer {
  node: KMap;
  name: string;
  group: ContainerGroup;
  index: number;
  /** e.g. `spec.template.spec.containers[web]`. */
  path: string;
}

export interface KPodSpec {
  node: KMap;
  /** Position of the `spec:` key of the pod spec (where missing-field findings point). */
  pos: Pos;
  /** e.g. `spec.template.spec`. */
  path: string;
  /** Annotations of the pod's own metadata (a template's metadata for workloads). */
  annotations: Map<string, { value: string; pos: Pos }>;
  containers: KContainer[];
}

export interface KObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** Undefined when the manifest does not say (the target namespace decides). */
  namespace?: string;
  annotations: Map<string, { value: string; pos: Pos }>;
  node: KMap;
  pos: Pos;
  podSpec?: KPodSpec;
}

export interface ParsedManifests {
  objects: KObject[];
  issues: ScanIssue[];
}

/**
 * Alias bombs: the tree is built by our own walk (never `toJS`, where the library's maxAliasCount
 * applies), so a node budget bounds alias expansion instead.
 */
const MAX_NODES = 100_000;
const MAX_DEPTH = 64;
const SCANNER = 'iac';

/** Cheap content test: a YAML/JSON file whose text mentions apiVersion and kind. */
export function isKubernetesManifest(path: string, content: string): boolean {
  if (!/\.(ya?ml|json)$/i.test(path)) return false;
  const head = content.length > 200_000 ? content.slice(0, 200_000) : content;
  return /(^|[\s{,])"?apiVersion"?\s*:/m.test(head) && /(^|[\s{,])"?kind"?\s*:/m.test(head);
}

/**
 * Line of the first Helm / Go-template action that makes the file an unrendered chart template,
 * or undefined. Template text inside values of rendered output (Prometheus rules with
 * `{{ $labels.pod }}`, Alertmanager `{{ range .Alerts }}`) does not count: only Helm's own
 * objects (.Values, .Release, .Chart, ...) and functions (include, toYaml, nindent, ...) do. A
 * template that uses neither and breaks YAML is reported as invalid YAML ("unrendered template?").
 */
// `(?:[^}]*[\s(]|\s*)` is `\s*(?:[^}]*[\s(]|)` without a `\s*` in front of `[^}]*` (two runs that
// can take the same spaces backtrack quadratically); it matches the same text.
const HELM_ACTION =
  /\{\{-?(?:[^{}]*[\s(]|\s*)\$?\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|\{\{-?\s*(?:include|template|tpl|toYaml|define)\s|\|\s*(?:nindent|indent|toYaml)\b[^}]*\}\}/;

export function isHelmTemplate(content: string): number | undefined {
  if (!content.includes('{{')) return undefined;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trimStart().startsWith('#')) continue;
    if (l.includes('{{') && HELM_ACTION.test(l)) return i + 1;
  }
  return undefined;
}

export function getMap(n: KNode | undefined, key: string): KMap | undefined {
  const v = n?.type === 'map' ? n.entries.get(key)?.value : undefined;
  return v?.type === 'map' ? v : undefined;
}
export function getSeq(n: KNode | undefined, key: string): KSeq | undefined {
  const v = n?.type === 'map' ? n.entries.get(key)?.value : undefined;
  return v?.type === 'seq' ? v : undefined;
}
export function getEntry(n: KNode | undefined, key: string): { keyPos: Pos; value: KNode } | undefined {
  return n?.type === 'map' ? n.entries.get(key) : undefined;
}
/** Scalar value of `key` (undefined when absent, null, or not a scalar). */
export function getScalar(n: KNode | undefined, key: string): unknown {
  const v = getEntry(n, key)?.value;
  return v?.type === 'scalar' ? (v.value ?? undefined) : undefined;
}
export function getString(n: KNode | undefined, key: string): string | undefined {
  const v = getScalar(n, key);
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
/** Follows a dotted path of map keys. */
export function getPath(n: KNode | undefined, path: string): { keyPos: Pos; value: KNode } | undefined {
  let cur: KNode | undefined = n;
  let e: { keyPos: Pos; value: KNode } | undefined;
  for (const k of path.split('.')) {
    e = getEntry(cur, k);
    if (!e) return undefined;
    cur = e.value;
  }
  return e;
}

class Budget {
  nodes = 0;
  exceeded = false;
}

function convert(node: unknown, doc: Document, lc: LineCounter, budget: Budget, depth: number, seen: Set<unknown>, viaAlias = false): KNode {
  const n = node as YNode | null;
  const off = (n as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  const p = lc.linePos(off);
  const pos: Pos = { line: p.line, column: p.col };
  // Plain nodes are bounded by the file size; only alias expansion can multiply them.
  if ((viaAlias && ++budget.nodes > MAX_NODES) || depth > MAX_DEPTH) {
    budget.exceeded = true;
    return { type: 'scalar', pos, value: undefined };
  }
  if (n && isAlias(n)) {
    const target = n.resolve(doc);
    if (!target || seen.has(target)) return { type: 'scalar', pos, value: undefined };
    seen.add(target);
    const r = convert(target, doc, lc, budget, depth + 1, seen, true);
    seen.delete(target);
    return r;
  }
  if (n && isMap(n)) {
    const entries = new Map<string, { keyPos: Pos; value: KNode }>();
    const merged_ = new Map<string, { keyPos: Pos; value: KNode }>();
    for (const pair of n.items) {
      const k = pair.key;
      let key: string;
      if (k && isScalar(k)) key = String(k.value);
      else if (k && isAlias(k)) {
        const t = k.resolve(doc);
        key = t && isScalar(t) ? String(t.value) : '';
      } else continue;
      if (key === '<<') {
        // merge key: copy entries of the merged map(s) that are not set here
        const merged = convert(pair.value, doc, lc, budget, depth + 1, seen, viaAlias);
        const sources = merged.type === 'seq' ? merged.items : [merged];
        for (const s of sources) if (s.type === 'map') for (const [mk, mv] of s.entries) if (!merged_.has(mk)) merged_.set(mk, mv);
        continue;
      }
      const kOff = (k as { range?: [number, number, number] }).range?.[0] ?? off;
      const kp = lc.linePos(kOff);
      const value = pair.value == null
        ? { type: 'scalar' as const, pos: { line: kp.line, column: kp.col }, value: null }
        : convert(pair.value, doc, lc, budget, depth + 1, seen, viaAlias);
      if (!entries.has(key)) entries.set(key, { keyPos: { line: kp.line, column: kp.col }, value });
    }
    // explicit keys win over merged ones (YAML merge-key semantics)
    for (const [mk, mv] of merged_) if (!entries.has(mk)) entries.set(mk, mv);
    return { type: 'map', pos, entries };
  }
  if (n && isSeq(n)) {
    return { type: 'seq', pos, items: n.items.map((i) => convert(i, doc, lc, budget, depth + 1, seen, viaAlias)) };
  }
  if (n && isScalar(n)) return { type: 'scalar', pos, value: n.value };
  return { type: 'scalar', pos, value: null };
}

function stringMap(m: KMap | undefined): Map<string, { value: string; pos: Pos }> {
  const out = new Map<string, { value: string; pos: Pos }>();
  if (!m) return out;
  for (const [k, e] of m.entries) {
    if (e.value.type === 'scalar' && e.value.value != null) out.set(k, { value: String(e.value.value), pos: e.keyPos });
  }
  return out;
}

const GROUPS: ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

function podSpecAt(holder: KMap, basePath: string): KPodSpec | undefined {
  // holder is the map holding `metadata` and `spec` (a Pod, a template).
  const e = getEntry(holder, 'spec');
  if (!e || e.value.type !== 'map') return undefined;
  const spec = e.value;
  const path = basePath ? `${basePath}.spec` : 'spec';
  const containers: KContainer[] = [];
  for (const group of GROUPS) {
    const seq = getSeq(spec, group);
    if (!seq) continue;
    seq.items.forEach((c, index) => {
      if (c.type !== 'map') return;
      const name = getString(c, 'name') ?? `#${index}`;
      containers.push({ node: c, name, group, index, path: `${path}.${group}[${name}]` });
    });
  }
  return { node: spec, pos: e.keyPos, path, annotations: stringMap(getMap(getMap(holder, 'metadata'), 'annotations')), containers };
}

function podSpecOf(kind: string, root: KMap): KPodSpec | undefined {
  switch (kind) {
    case 'Pod':
      return podSpecAt(root, '');
    case 'PodTemplate': {
      const t = getMap(root, 'template');
      return t ? podSpecAt(t, 'template') : undefined;
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job': {
      const t = getMap(getMap(root, 'spec'), 'template');
      return t ? podSpecAt(t, 'spec.template') : undefined;
    }
    case 'CronJob': {
      const t = getMap(getMap(getMap(getMap(root, 'spec'), 'jobTemplate'), 'spec'), 'template');
      return t ? podSpecAt(t, 'spec.jobTemplate.spec.template') : undefined;
    }
    default: {
      // Other controllers embedding a pod template (Argo Rollout, Knative Service, ...).
      const t = getMap(getMap(root, 'spec'), 'template');
      return t && getSeq(getMap(t, 'spec'), 'containers') ? podSpecAt(t, 'spec.template') : undefined;
    }
  }
}

function toObject(root: KMap): KObject | undefined {
  const apiVersion = getString(root, 'apiVersion');
  const kind = getString(root, 'kind');
  if (!apiVersion || !kind) return undefined;
  const meta = getMap(root, 'metadata');
  const obj: KObject = {
    apiVersion,
    kind,
    name: getString(meta, 'name') ?? getString(meta, 'generateName') ?? '(unnamed)',
    annotations: stringMap(getMap(meta, 'annotations')),
    node: root,
    pos: root.pos,
  };
  const ns = getString(meta, 'namespace');
  if (ns !== undefined) obj.namespace = ns;
  const ps = podSpecOf(kind, root);
  if (ps) obj.podSpec = ps;
  return obj;
}

/** Parses a manifest file; never throws. */
export function parseManifests(path: string, content: string): ParsedManifests {
  const issues: ScanIssue[] = [];
  const objects: KObject[] = [];
  const helmLine = isHelmTemplate(content);
  if (helmLine !== undefined) {
    issues.push({
      path,
      line: helmLine,
      kind: 'other',
      scanner: SCANNER,
      message: `${path}:${helmLine}: unrendered Helm template ({{ ... }}) skipped; scan the output of \`helm template\` instead`,
    });
    return { objects, issues };
  }
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(content, { lineCounter: lc, uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (e) {
    issues.push({ path, kind: 'unparsable', scanner: SCANNER, message: `${path}: cannot parse: ${(e as Error).message}` });
    return { objects, issues };
  }
  const budget = new Budget();
  for (const doc of docs) {
    let fatal = false;
    for (const err of doc.errors) {
      const line = lc.linePos(err.pos[0]).line;
      const dup = err.code === 'DUPLICATE_KEY';
      issues.push({
        path,
        line,
        kind: 'unparsable',
        scanner: SCANNER,
        message: dup
          ? `${path}:${line}: duplicate mapping key (the first value is used): ${firstLine(err.message)}`
          : `${path}:${line}: invalid YAML/JSON${content.includes('{{') ? ' (unrendered template?)' : ''}, document skipped: ${firstLine(err.message)}`,
      });
      if (!dup) fatal = true;
    }
    if (fatal || doc.contents == null) continue;
    const root = convert(doc.contents, doc, lc, budget, 0, new Set());
    if (budget.exceeded) {
      issues.push({
        path,
        line: root.pos.line,
        kind: 'unparsable',
        scanner: SCANNER,
        message: `${path}:${root.pos.line}: aliases expand to too many nodes, or nesting is deeper than ${MAX_DEPTH}; rest of file skipped`,
      });
      break;
    }
    collect(root, objects, 0);
  }
  return { objects, issues };
}

function collect(n: KNode, out: KObject[], depth: number): void {
  if (n.type === 'seq' && depth === 0) {
    for (const i of n.items) collect(i, out, depth + 1);
    return;
  }
  if (n.type !== 'map') return;
  const kind = getString(n, 'kind');
  const items = getSeq(n, 'items');
  if (kind !== undefined && /List$/.test(kind) && items && depth < 4) {
    for (const i of items.items) collect(i, out, depth + 1);
    return;
  }
  const o = toObject(n);
  if (o) out.push(o);
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
