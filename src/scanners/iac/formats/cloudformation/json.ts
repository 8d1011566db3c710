import type { CMap, CNode, CSeq } from './node.js';

/**
 * A positioned JSON parser for templates. The YAML parser would read JSON too, but takes tens of
 * seconds on a 20 MB single-line template; this one is a single linear pass. Duplicate keys are
 * reported through `onDuplicate` and the last value wins, as with JSON.parse.
 */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** Too deep to be a template in any syntax: not worth a YAML retry. */
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 256;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseJson(text: string, onDuplicate: (key: string, line: number) => void): CNode {
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at line ${line}`, line);
  };
  const ws = (): void => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13) break;
    }
  };
  const str = (): string => {
    // i is at the opening quote; JSON strings cannot hold raw newlines, so the line does not move.
    let j = i + 1;
    let escaped = false;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c === 34) break;
      else if (c === 10) fail('unterminated string');
    }
    if (j >= text.length) fail('unterminated string');
    const raw = text.slice(i + 1, j);
    i = j + 1;
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return fail('invalid string escape');
    }
  };
  const value = (depth: number): CNode => {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH} at line ${line}`, line, true);
    ws();
    const start = line;
    const c = text[i];
    if (c === '{') {
      i++;
      const m: CMap = { kind: 'map', line: start, endLine: start, entries: new Map() };
      ws();
      if (text[i] === '}') {
        i++;
        m.endLine = line;
        return m;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a string key');
        const keyLine = line;
        const key = str();
        ws();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        const v = value(depth + 1);
        if (m.entries.has(key)) {
          onDuplicate(key, keyLine);
          m.entries.delete(key);
        }
        m.entries.set(key, { keyLine, value: v });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          m.endLine = line;
          return m;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const s: CSeq = { kind: 'seq', line: start, endLine: start, items: [] };
      ws();
      if (text[i] === ']') {
        i++;
        s.endLine = line;
        return s;
      }
      for (;;) {
        s.items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          s.endLine = line;
          return s;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { kind: 'scalar', line: start, endLine: start, value: str() };
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { kind: 'scalar', line: start, endLine: start, value: v };
      }
    }
    NUMBER.lastIndex = i;
    const n = NUMBER.exec(text);
    if (!n) return fail(i >= text.length ? 'unexpected end of input' : `unexpected character '${c}'`);
    i += n[0].length;
    return { kind: 'scalar', line: start, endLine: start, value: Number(n[0]) };
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  const root = value(0);
  ws();
  if (i < text.length) fail('unexpected text after the document');
  return root;
}
