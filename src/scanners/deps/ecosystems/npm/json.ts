/**
 * A position-aware JSON parser (and JSONC: comments and trailing commas, as bun.lock uses) in
 * one pass. It records the 1-based line of every member whose value is an object or array, so
 * an extractor can name the line of a lockfile entry without parsing the file twice. On bad
 * input it stops at the first error and still returns what it built so far (containers are
 * attached to their parent before they are filled), so a truncated lockfile yields its good
 * entries plus one issue.
 */
export interface JsonParse {
  /** The (possibly partial) value; undefined when nothing could be read. */
  value: unknown;
  /** First syntax error, with its line. */
  error?: { message: string; line: number };
  /** Line of the key whose value is `container` (or of the opening bracket for the root). */
  lineOf(container: object): number | undefined;
  /** Line of any member `key` of an object at depth 1 or 2 (the root or its direct children). */
  keyLine(obj: object, key: string): number | undefined;
}

const MAX_DEPTH = 512;

class JsonError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function parseJson(text: string, opts: { jsonc?: boolean } = {}): JsonParse {
  const jsonc = opts.jsonc === true;
  const lines = new Map<object, number>();
  const shallow = new Map<object, Map<string, number>>();
  const n = text.length;
  let i = 0;
  let line = 1;
  let root: unknown;

  const fail = (msg: string): never => {
    throw new JsonError(msg, line);
  };

  function ws(): void {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13 || c === 0xfeff) i++;
      else if (jsonc && c === 47 /* / */) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          const e = text.indexOf('\n', i);
          i = e < 0 ? n : e;
        } else if (d === 42) {
          const e = text.indexOf('*/', i + 2);
          if (e < 0) fail('unterminated comment');
          for (let k = i; k < e; k++) if (text.charCodeAt(k) === 10) line++;
          i = e + 2;
        } else return;
      } else return;
    }
  }

  function str(): string {
    // text[i] === '"'
    const start = i + 1;
    let j = text.indexOf('"', start);
    if (j < 0) fail('unterminated string');
    let plain = true;
    for (let k = start; k < j; k++) {
      const c = text.charCodeAt(k);
      if (c === 92) {
        plain = false;
        break;
      }
      if (c === 10) fail('unterminated string');
    }
    if (plain) {
      i = j + 1;
      return text.slice(start, j);
    }
    // Escapes: find the real closing quote, then let JSON.parse decode.
    j = start;
    for (;;) {
      if (j >= n) fail('unterminated string');
      const c = text.charCodeAt(j);
      if (c === 92) j += 2;
      else if (c === 34) break;
      else if (c === 10) fail('unterminated string');
      else j++;
    }
    i = j + 1;
    try {
      return JSON.parse(text.slice(start - 1, j + 1)) as string;
    } catch {
      return fail('bad escape in string');
    }
  }

  function scalar(): unknown {
    const c = text.charCodeAt(i);
    if (c === 34) return str();
    if (c === 116 && text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (c === 102 && text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (c === 110 && text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const s = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const v = Number(text.slice(s, i));
      if (Number.isNaN(v)) fail('bad number');
      return v;
    }
    if (i >= n) return fail('unexpected end of file');
    return fail(`unexpected character '${text[i]}'`);
  }

  /** Reads a value; containers are created, attached via `attach`, then filled. */
  function value(attach: (v: unknown) => void, depth: number): void {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      const o: Record<string, unknown> = {};
      lines.set(o, line);
      attach(o);
      fillObject(o, depth + 1);
    } else if (c === 91 /* [ */) {
      const a: unknown[] = [];
      lines.set(a, line);
      attach(a);
      fillArray(a, depth + 1);
    } else attach(scalar());
  }

  function fillObject(o: Record<string, unknown>, depth: number): void {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    i++; // {
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
      return;
    }
    for (;;) {
      if (text.charCodeAt(i) !== 34) fail(i >= n ? 'unexpected end of file' : 'expected a string key');
      const keyLine = line;
      const key = str();
      if (depth <= 2) {
        let m = shallow.get(o);
        if (!m) shallow.set(o, (m = new Map()));
        m.set(key, keyLine);
      }
      ws();
      if (text.charCodeAt(i) !== 58) fail(i >= n ? 'unexpected end of file' : "expected ':'");
      i++;
      ws();
      value((v) => {
        if (key === '__proto__') Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
        else o[key] = v;
        if (typeof v === 'object' && v !== null) lines.set(v, keyLine);
      }, depth);
      ws();
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        ws();
        if (jsonc && text.charCodeAt(i) === 125) {
          i++;
          return;
        }
      } else if (c === 125) {
        i++;
        return;
      } else fail(i >= n ? 'unexpected end of file' : "expected ',' or '}'");
    }
  }

  function fillArray(a: unknown[], depth: number): void {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    i++; // [
    ws();
    if (text.charCodeAt(i) === 93) {
      i++;
      return;
    }
    for (;;) {
      if (i >= n) fail('unexpected end of file');
      value((v) => a.push(v), depth);
      ws();
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        ws();
        if (jsonc && text.charCodeAt(i) === 93) {
          i++;
          return;
        }
      } else if (c === 93) {
        i++;
        return;
      } else fail(i >= n ? 'unexpected end of file' : "expected ',' or ']'");
    }
  }

  const lineOf = (c: object): number | undefined => lines.get(c);
  const keyLine = (o: object, k: string): number | undefined => shallow.get(o)?.get(k);
  try {
    ws();
    if (i >= n) return { value: undefined, error: { message: 'empty file', line: 1 }, lineOf, keyLine };
    value((v) => (root = v), 0);
    ws();
    if (i < n) fail('unexpected content after the end of the document');
    return { value: root, lineOf, keyLine };
  } catch (e) {
    const error =
      e instanceof JsonError
        ? { message: e.message, line: e.line }
        : { message: e instanceof RangeError ? 'nesting too deep' : String(e), line };
    return { value: root, error, lineOf, keyLine };
  }
}
