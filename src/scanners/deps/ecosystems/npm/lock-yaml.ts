import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { isObject } from './common.js';

/**
 * YAML for lockfiles. pnpm and yarn Berry write a small block-YAML subset (nested maps, plain
 * and quoted scalars, one-line flow maps and sequences). `fastParse` reads exactly that subset
 * line by line, about ten times faster than a general YAML parser (the 5,000-package pnpm goal
 * in issue 3), and gives up on anything else (block sequences, anchors, tags, block scalars,
 * multi-line flow, tabs, bad quoting); `parseLockYaml` then falls back to the `yaml` library,
 * which also gives the syntax-error messages. Both paths record the line of every key whose
 * value is a map or sequence.
 */
export interface LockYaml {
  /** The document as plain data (undefined when it is not a mapping). */
  value: Record<string, unknown> | undefined;
  /** Syntax errors (from the `yaml` library path only). */
  errors: Array<{ message: string; line: number }>;
  /** Line of the key whose value is `container`. */
  lineOf(container: object): number | undefined;
  /** Line of member `key` of the root mapping or of one of its direct children. */
  keyLine(obj: object, key: string): number | undefined;
}

function shallowLines(): [Map<object, Map<string, number>>, (o: object, k: string, line: number) => void, (o: object, k: string) => number | undefined] {
  const m = new Map<object, Map<string, number>>();
  const put = (o: object, k: string, line: number): void => {
    let inner = m.get(o);
    if (!inner) m.set(o, (inner = new Map()));
    inner.set(k, line);
  };
  return [m, put, (o, k) => m.get(o)?.get(k)];
}

class Unsupported extends Error {}

const MAX_FLOW_DEPTH = 32;

/** Line where `{`/`[` nesting (outside quotes, roughly) first exceeds MAX_FLOW_DEPTH. */
function deepFlowLine(text: string): number | undefined {
  let depth = 0;
  let line = 1;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      quote = 0;
    } else if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_FLOW_DEPTH) return line;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return undefined;
}

export function parseLockYaml(text: string): LockYaml {
  try {
    return fastParse(text);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    // The library's toJS is exponential on deeply nested flow collections: refuse those first.
    const line = deepFlowLine(text);
    if (line !== undefined) return { value: undefined, errors: [{ message: `flow collections nested deeper than ${MAX_FLOW_DEPTH}`, line }], lineOf: () => undefined, keyLine: () => undefined };
    return libraryParse(text);
  }
}

const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

export function fastParse(text: string): LockYaml {
  const lines = new Map<object, number>();
  const [, putKey, keyLine] = shallowLines();
  const root: Record<string, unknown> = {};
  // Each open map: the indent of its key, the indent its children use (set by the first child).
  const stack: Array<{ indent: number; child: number; obj: Record<string, unknown> }> = [{ indent: -1, child: -1, obj: root }];
  let pos = 0;
  let ln = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    ln++;
    let line = text.slice(pos, end);
    pos = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    if (indent === line.length) continue;
    const c0 = line.charCodeAt(indent);
    if (c0 === 35 /* # */) continue;
    if (c0 === 9) unsupported('tab');
    if (c0 === 45 /* - */ || c0 === 63 /* ? */ || c0 === 37 /* % */) unsupported('block sequence or directive');
    while (stack[stack.length - 1]!.indent >= indent) stack.pop();
    const top = stack[stack.length - 1]!;
    if (top.child < 0) top.child = indent;
    else if (top.child !== indent) unsupported('indentation');
    const parent = top.obj;

    // key
    let i = indent;
    let key: string;
    if (c0 === 39 || c0 === 34) {
      const q = quoted(line, i);
      key = q[0];
      i = q[1];
      if (line.charCodeAt(i) !== 58) unsupported('key');
    } else {
      let j = i;
      for (;;) {
        j = line.indexOf(':', j);
        if (j < 0) return unsupported('no key');
        if (j + 1 === line.length || line.charCodeAt(j + 1) === 32) break;
        j++;
      }
      key = line.slice(i, j).trimEnd();
      if (key === '' || '&*!|>{['.includes(key[0]!)) unsupported('key');
      i = j;
    }
    i++; // ':'
    if (stack.length <= 2) putKey(parent, key, ln);
    while (line.charCodeAt(i) === 32) i++;
    if (i >= line.length || line.charCodeAt(i) === 35) {
      const obj: Record<string, unknown> = {};
      set(parent, key, obj);
      lines.set(obj, ln);
      stack.push({ indent, child: -1, obj });
      continue;
    }
    const [v, after] = flowOrScalar(line, i, false);
    let k = after;
    while (line.charCodeAt(k) === 32) k++;
    if (k < line.length && line.charCodeAt(k) !== 35) unsupported('trailing content');
    set(parent, key, v);
    if (typeof v === 'object' && v !== null) lines.set(v, ln);
  }
  return { value: root, errors: [], lineOf: (c) => lines.get(c), keyLine };
}

function set(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function quoted(s: string, i: number): [string, number] {
  const q = s.charCodeAt(i);
  if (q === 39) {
    let out = '';
    let j = i + 1;
    for (;;) {
      const e = s.indexOf("'", j);
      if (e < 0) unsupported('unterminated quote');
      out += s.slice(j, e);
      if (s.charCodeAt(e + 1) === 39) {
        out += "'";
        j = e + 2;
      } else return [out, e + 1];
    }
  }
  let j = i + 1;
  while (j < s.length && s.charCodeAt(j) !== 34) j += s.charCodeAt(j) === 92 ? 2 : 1;
  if (j >= s.length) unsupported('unterminated quote');
  try {
    return [JSON.parse(s.slice(i, j + 1)) as string, j + 1];
  } catch {
    return unsupported('escape');
  }
}

function plainValue(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null' || s === '~') return null;
  return s;
}

/** A value at s[i]: flow map, flow sequence, quoted or plain scalar. Returns [value, end]. */
function flowOrScalar(s: string, i: number, inFlow: boolean): [unknown, number] {
  const c = s.charCodeAt(i);
  if (c === 123 /* { */) {
    const o: Record<string, unknown> = {};
    let j = skip(s, i + 1);
    if (s.charCodeAt(j) === 125) return [o, j + 1];
    for (;;) {
      let key: string;
      if (s.charCodeAt(j) === 39 || s.charCodeAt(j) === 34) {
        const q = quoted(s, j);
        key = q[0];
        j = skip(s, q[1]);
        if (s.charCodeAt(j) !== 58) unsupported('flow key');
      } else {
        const e = flowKeyEnd(s, j);
        key = s.slice(j, e).trimEnd();
        j = e;
      }
      j = skip(s, j + 1);
      const [v, after] = flowOrScalar(s, j, true);
      set(o, key, v);
      j = skip(s, after);
      const d = s.charCodeAt(j);
      if (d === 44) j = skip(s, j + 1);
      else if (d === 125) return [o, j + 1];
      else unsupported('flow map');
    }
  }
  if (c === 91 /* [ */) {
    const a: unknown[] = [];
    let j = skip(s, i + 1);
    if (s.charCodeAt(j) === 93) return [a, j + 1];
    for (;;) {
      const [v, after] = flowOrScalar(s, j, true);
      a.push(v);
      j = skip(s, after);
      const d = s.charCodeAt(j);
      if (d === 44) j = skip(s, j + 1);
      else if (d === 93) return [a, j + 1];
      else unsupported('flow sequence');
    }
  }
  if (c === 39 || c === 34) return quoted(s, i);
  if (i >= s.length || '&*!|>%@`'.includes(s[i]!)) unsupported('scalar');
  if (!inFlow) {
    let e = s.indexOf(' #', i);
    if (e < 0) e = s.length;
    return [plainValue(s.slice(i, e).trimEnd()), e];
  }
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93) break;
    if (d === 123 || d === 91) unsupported('flow');
    j++;
  }
  if (j >= s.length) unsupported('unterminated flow');
  return [plainValue(s.slice(i, j).trimEnd()), j];
}

function skip(s: string, i: number): number {
  while (s.charCodeAt(i) === 32) i++;
  return i;
}

function flowKeyEnd(s: string, j: number): number {
  for (let k = j; k < s.length; k++) {
    const d = s.charCodeAt(k);
    if (d === 58 && (s.charCodeAt(k + 1) === 32 || s.charCodeAt(k + 1) === 44 || s.charCodeAt(k + 1) === 125)) return k;
    if (d === 44 || d === 125 || d === 123 || d === 91 || d === 93) break;
  }
  return unsupported('flow key');
}

export function libraryParse(text: string): LockYaml {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
  const errors = doc.errors.slice(0, 3).map((e) => ({ message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''), line: lc.linePos(e.pos[0]).line }));
  const root = doc.contents;
  if (!isMap(root)) return { value: undefined, errors, lineOf: () => undefined, keyLine: () => undefined };
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  const lines = new Map<object, number>();
  const [, putKey, keyLine] = shallowLines();
  // Lines of depth-1 and depth-2 keys (sections and their entries), matched to the plain data.
  if (isObject(value)) {
    for (const pair of root.items) {
      if (!isScalar(pair.key)) continue;
      const k = String(pair.key.value);
      const v = value[k];
      if (pair.key.range) putKey(value, k, lc.linePos(pair.key.range[0]).line);
      if (typeof v === 'object' && v !== null && pair.key.range) lines.set(v, lc.linePos(pair.key.range[0]).line);
      if (!isMap(pair.value) || !isObject(v)) continue;
      for (const p2 of pair.value.items) {
        if (!isScalar(p2.key) || !p2.key.range) continue;
        const v2 = v[String(p2.key.value)];
        putKey(v, String(p2.key.value), lc.linePos(p2.key.range[0]).line);
        if (typeof v2 === 'object' && v2 !== null) lines.set(v2, lc.linePos(p2.key.range[0]).line);
      }
    }
  }
  return { value: isObject(value) ? value : undefined, errors, lineOf: (c) => lines.get(c), keyLine };
}
