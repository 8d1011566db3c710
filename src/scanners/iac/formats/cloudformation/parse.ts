import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YNode } from 'yaml';
import { JsonSyntaxError, parseJson } from './json.js';
import type { CMap, CNode } from './node.js';

/**
 * Template text → positioned tree. JSON goes through our linear JSON parser; YAML through the
 * `yaml` package with the CloudFormation short-form tags rewritten to their long form. Never
 * throws: problems come back as messages with a line, and a fatal one leaves `root` undefined.
 */
export interface Parsed {
  root?: CNode;
  problems: { line?: number; message: string }[];
}

/** `!Ref` → `Ref`, `!Sub` → `Fn::Sub`, ... (the long-form key each short tag stands for). */
const SHORT_TAGS = new Map<string, string>([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...['Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Equals', 'And', 'Or', 'Not', 'Transform', 'ToJsonString', 'Length']
    .map((f) => [`!${f}`, `Fn::${f}`] as [string, string]),
]);

/** Alias expansion budget (billion-laughs guard): we build the tree ourselves, so yaml's maxAliasCount does not apply. */
const MAX_ALIAS_NODES = 100_000;
const MAX_DEPTH = 128;
/** Above this a broken JSON file is not retried as YAML (the YAML parser is slow on huge inputs). */
const YAML_RETRY_LIMIT = 2_000_000;
/** The YAML parser needs seconds per megabyte; larger YAML templates are refused with a warning. */
const YAML_LIMIT = 10_000_000;

export function parseTemplate(text: string): Parsed {
  const problems: Parsed['problems'] = [];
  const head = text.replace(/^\uFEFF?\s*/, '').slice(0, 1);
  if (head === '{') {
    try {
      const root = parseJson(text, (key, line) => problems.push({ line, message: `duplicate key '${key}' (the last value is used)` }));
      return { root, problems };
    } catch (e) {
      if (!(e instanceof JsonSyntaxError) || e.tooDeep || text.length > YAML_RETRY_LIMIT) {
        problems.push({ line: e instanceof JsonSyntaxError ? e.line : undefined, message: `invalid JSON: ${(e as Error).message}` });
        return { problems };
      }
      // `{` also starts a YAML flow mapping, which may carry short-form tags: let YAML decide.
      problems.length = 0;
    }
  }
  return parseYaml(text, problems);
}

function parseYaml(text: string, problems: Parsed['problems']): Parsed {
  if (text.length > YAML_LIMIT) {
    problems.push({ message: `YAML template larger than ${YAML_LIMIT / 1_000_000} MB not parsed (JSON templates have no such limit)` });
    return { problems };
  }
  const lc = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    problems.push({ message: `cannot parse: ${(e as Error).message}` });
    return { problems };
  }
  let fatal = false;
  for (const err of doc.errors) {
    const line = lc.linePos(err.pos[0]).line;
    if (err.code === 'DUPLICATE_KEY') problems.push({ line, message: `duplicate key (the last value is used): ${firstLine(err.message)}` });
    else {
      problems.push({ line, message: `invalid YAML: ${firstLine(err.message)}` });
      fatal = true;
    }
  }
  // Unresolved-tag warnings are expected: the short forms are handled below.
  if (fatal || doc.contents == null) return { problems };
  const w = new Walker(text, doc, lc);
  const root = w.convert(doc.contents, 0, false);
  if (w.exceeded) {
    problems.push({ line: w.exceededLine, message: `aliases expand to more than ${MAX_ALIAS_NODES} nodes or nesting is deeper than ${MAX_DEPTH}; template skipped` });
    return { problems };
  }
  return { root, problems };
}

class Walker {
  exceeded = false;
  exceededLine = 1;
  private aliasNodes = 0;
  private readonly active = new Set<unknown>();

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly lc: LineCounter,
  ) {}

  private lines(n: YNode): { line: number; endLine: number } {
    const r = (n as { range?: [number, number, number] }).range ?? [0, 0, 0];
    let end = Math.max(r[0], r[1] - 1);
    // The value range can run into the following newline and indentation; the last line is the last printed character.
    while (end > r[0] && /\s/.test(this.text[end] ?? '')) end--;
    return { line: this.lc.linePos(r[0]).line, endLine: this.lc.linePos(end).line };
  }

  convert(node: unknown, depth: number, viaAlias: boolean): CNode {
    const n = node as YNode;
    const pos = this.lines(n);
    if ((viaAlias && ++this.aliasNodes > MAX_ALIAS_NODES) || depth > MAX_DEPTH) {
      if (!this.exceeded) this.exceededLine = pos.line;
      this.exceeded = true;
      return { kind: 'scalar', ...pos, value: null };
    }
    if (this.exceeded) return { kind: 'scalar', ...pos, value: null };
    if (isAlias(n)) {
      const target = n.resolve(this.doc);
      // A self-referencing alias would loop forever; it yields null.
      if (!target || this.active.has(target)) return { kind: 'scalar', ...pos, value: null };
      this.active.add(target);
      const r = this.convert(target, depth + 1, true);
      this.active.delete(target);
      // Findings on an aliased value belong where the alias is used, not at the anchor (often another resource).
      return relocate(r, pos.line);
    }
    const plain = this.plain(n, pos, depth, viaAlias);
    const fn = n.tag ? SHORT_TAGS.get(n.tag) : undefined;
    if (!fn) return plain;
    return { kind: 'map', ...pos, entries: new Map([[fn, { keyLine: pos.line, value: plain }]]) };
  }

  private plain(n: YNode, pos: { line: number; endLine: number }, depth: number, viaAlias: boolean): CNode {
    if (isMap(n)) {
      const m: CMap = { kind: 'map', ...pos, entries: new Map() };
      const merged: CMap['entries'] = new Map();
      for (const pair of n.items) {
        const k = pair.key as YNode | null;
        let key: string | undefined;
        if (k && isScalar(k)) key = String(k.value);
        else if (k && isAlias(k)) {
          const t = k.resolve(this.doc);
          if (t && isScalar(t)) key = String(t.value);
        }
        if (key === undefined) continue;
        const keyLine = k ? this.lines(k).line : pos.line;
        const value: CNode = pair.value == null
          ? { kind: 'scalar', line: keyLine, endLine: keyLine, value: null }
          : this.convert(pair.value, depth + 1, viaAlias);
        if (key === '<<') {
          // YAML merge key: entries of the merged map(s) that are not set explicitly.
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) if (s.kind === 'map') for (const [mk, mv] of s.entries) if (!merged.has(mk)) merged.set(mk, mv);
          continue;
        }
        // Duplicates were reported by the parser; the last one wins, as in JSON.
        m.entries.delete(key);
        m.entries.set(key, { keyLine, value });
      }
      for (const [mk, mv] of merged) if (!m.entries.has(mk)) m.entries.set(mk, mv);
      return m;
    }
    if (isSeq(n)) return { kind: 'seq', ...pos, items: n.items.map((i) => this.convert(i, depth + 1, viaAlias)) };
    if (isScalar(n)) {
      let v = n.value;
      // `EngineVersion: 7.10` is the string "7.10" to CloudFormation, not the number 7.1.
      const src = (n as { source?: unknown }).source;
      if (typeof v === 'number' && n.type === 'PLAIN' && typeof src === 'string' && String(v) !== src) v = src;
      const value = v === null || v === undefined ? null : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
      return { kind: 'scalar', ...pos, value };
    }
    return { kind: 'scalar', ...pos, value: null };
  }
}

function relocate(n: CNode, line: number): CNode {
  if (n.kind === 'scalar') return { ...n, line, endLine: line };
  if (n.kind === 'seq') return { ...n, line, endLine: line, items: n.items.map((i) => relocate(i, line)) };
  return { ...n, line, endLine: line, entries: new Map([...n.entries].map(([k, e]) => [k, { keyLine: line, value: relocate(e.value, line) }])) };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
