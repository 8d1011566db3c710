import {
  isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar,
  type Document, type Node as YamlNode,
} from 'yaml';
import type { ScanIssue } from '../../../core/scanner.js';

/** One source file: its path, text and line index. Every node points back at it. */
export interface SourceText {
  path: string;
  text: string;
  lc: LineCounter;
}

export interface Pos {
  path: string;
  line: number;
  column: number;
}

interface Base {
  src: SourceText;
  /** Offsets into src.text. */
  start: number;
  end: number;
  tag?: string;
}

export interface YScalar extends Base {
  kind: 'scalar';
  value: unknown;
  /** Quoted or block scalar: the author wrote a string on purpose. */
  quoted: boolean;
}
export interface YSeq extends Base {
  kind: 'seq';
  items: YNode[];
}
export interface YEntry {
  key: string;
  keyPos: Pos;
  value: YNode;
}
export interface YMap extends Base {
  kind: 'map';
  entries: Map<string, YEntry>;
}
export type YNode = YScalar | YSeq | YMap;

/** Position of a node's first character. */
export function posOf(n: YNode): Pos {
  const p = n.src.lc.linePos(n.start);
  return { path: n.src.path, line: p.line, column: p.col };
}

/** Position of `needle` inside a scalar's source text (falls back to the scalar's start). */
export function posIn(n: YNode, needle: string, from = 0): Pos {
  const slice = n.src.text.slice(n.start, n.end);
  const i = slice.indexOf(needle, from);
  const off = i < 0 ? n.start : n.start + i;
  const p = n.src.lc.linePos(off);
  return { path: n.src.path, line: p.line, column: p.col };
}

/**
 * Position of character `index` of one physical line (`line`, as it appears in the scalar's
 * value) inside the source; falls back to the first occurrence of `token` when escapes make
 * the value differ from the source.
 */
export function posInLine(n: YNode, line: string, index: number, token: string): Pos {
  const t = line.trim();
  const lead = line.length - line.trimStart().length;
  const slice = n.src.text.slice(n.start, n.end);
  const at = t ? slice.indexOf(t) : -1;
  if (at < 0 || index < lead) return posIn(n, token);
  const p = n.src.lc.linePos(n.start + at + (index - lead));
  return { path: n.src.path, line: p.line, column: p.col };
}

export function str(n: YNode | undefined): string | undefined {
  if (n?.kind !== 'scalar') return undefined;
  const v = n.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function get(n: YNode | undefined, key: string): YNode | undefined {
  return n?.kind === 'map' ? n.entries.get(key)?.value : undefined;
}

/** Nodes are shared when aliases repeat them; the budget stops alias bombs. */
const NODE_BUDGET = 200_000;

class Budget extends Error {}

function convert(node: unknown, doc: Document, src: SourceText, budget: { n: number }, depth: number): YNode | undefined {
  if (++budget.n > NODE_BUDGET || depth > 200) throw new Budget('too many nodes');
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target ? convert(target, doc, src, budget, depth + 1) : undefined;
  }
  const yn = node as YamlNode;
  const [start, , end] = yn.range ?? [0, 0, 0];
  const tag = (node as { tag?: string }).tag;
  if (isScalar(node)) {
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN;
    return { kind: 'scalar', value: node.value, quoted, src, start, end, ...(tag ? { tag } : {}) };
  }
  if (isSeq(node)) {
    const items: YNode[] = [];
    for (const it of node.items) {
      const c = convert(it, doc, src, budget, depth + 1);
      if (c) items.push(c);
    }
    return { kind: 'seq', items, src, start, end, ...(tag ? { tag } : {}) };
  }
  if (isMap(node)) {
    const entries = new Map<string, YEntry>();
    const merges: YMap[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key;
      // With `merge: true` yaml gives the merge key a symbol value; its source is still `<<`.
      const keyStr = isScalar(k) ? (typeof k.value === 'symbol' ? (k as { source?: string }).source ?? '<<' : String(k.value)) : undefined;
      if (keyStr === undefined) continue;
      if (keyStr === '<<') {
        const v = convert(pair.value, doc, src, budget, depth + 1);
        if (v?.kind === 'map') merges.push(v);
        else if (v?.kind === 'seq') for (const m of v.items) if (m.kind === 'map') merges.push(m);
        continue;
      }
      const kr = (k as YamlNode).range ?? [start, start, start];
      const lp = src.lc.linePos(kr[0]);
      const value = pair.value == null
        ? ({ kind: 'scalar', value: null, quoted: false, src, start: kr[1], end: kr[1] } as YScalar)
        : convert(pair.value, doc, src, budget, depth + 1);
      if (value) entries.set(keyStr, { key: keyStr, keyPos: { path: src.path, line: lp.line, column: lp.col }, value });
    }
    // `<<: *anchor` keys fill in what the map does not set itself.
    for (const m of merges) for (const [k, e] of m.entries) if (!entries.has(k)) entries.set(k, e);
    return { kind: 'map', entries, src, start, end, ...(tag ? { tag } : {}) };
  }
  return undefined;
}

/**
 * Parses one YAML file into a position-keeping tree. Unknown tags (`!reference`) are kept as
 * tagged nodes; errors, duplicate keys and alias bombs become issues, never exceptions.
 */
export function parseYamlFile(path: string, text: string): { root?: YMap; issues: ScanIssue[] } {
  const issues: ScanIssue[] = [];
  const lc = new LineCounter();
  const src: SourceText = { path, text, lc };
  const issue = (message: string, line?: number): void => {
    issues.push({ path, kind: 'unparsable', scanner: 'pipelines', message, ...(line ? { line } : {}) });
  };
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true, merge: true, prettyErrors: false }) as Document[];
    if (!Array.isArray(docs)) docs = [];
  } catch (e) {
    issue(`GitLab CI file could not be parsed: ${(e as Error).message}`);
    return { issues };
  }
  for (const d of docs) {
    if (d.errors.length > 0) {
      const e = d.errors[0]!;
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      const what = e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'invalid YAML';
      issue(`GitLab CI file has ${what} at line ${line}: ${e.message.split('\n')[0]}`, line);
      return { issues };
    }
  }
  // A component template starts with a `spec:` header document; the pipeline is the next one.
  const doc = docs.find((d) => {
    const c = d.contents;
    return !(isMap(c) && c.items.length > 0 && c.items.every((p) => isScalar(p.key) && p.key.value === 'spec'));
  });
  if (!doc || doc.contents == null) return { issues };
  let root: YNode | undefined;
  try {
    root = convert(doc.contents, doc, src, { n: 0 }, 0);
  } catch (e) {
    if (!(e instanceof Budget)) throw e;
    issue(`GitLab CI file rejected: more than ${NODE_BUDGET} nodes after alias expansion (alias bomb?)`);
    return { issues };
  }
  if (root === undefined) return { issues };
  if (root.kind !== 'map') {
    issue('GitLab CI file is not a mapping of keywords and jobs', posOf(root).line);
    return { issues };
  }
  return { root, issues };
}
