/**
 * Encoding functions: jsonencode/jsondecode, yamlencode/yamldecode, base64, urlencode, csvdecode,
 * textencodebase64/textdecodebase64.
 */
import { Document, parseAllDocuments } from 'yaml';
import { Unknown, isObject, type ObjectValue, type Value } from '../../../model/value.js';
import { FunctionError, arity, compareStrings, numberToString, str, type Impl } from './common.js';

/** Go's encoding/json escapes <, > and & (and U+2028/9) in strings; Terraform's output has them as \u003c etc. */
function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Compact JSON with object keys sorted, as Terraform serialises maps and objects. */
export function jsonEncode(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return jsonString(v);
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(jsonEncode).join(',') + ']';
  if (isObject(v)) {
    const keys = Object.keys(v).sort(compareStrings);
    return '{' + keys.map((k) => jsonString(k) + ':' + jsonEncode(v[k]!)).join(',') + '}';
  }
  throw new FunctionError('jsonencode(): value is not known');
}

/** Plain JSON data → model values (JSON has nothing else). */
function fromPlain(x: unknown, fn: string): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (x instanceof Date) return x.toISOString();
  if (Array.isArray(x)) return x.map((e) => fromPlain(e, fn));
  if (typeof x === 'object') {
    const o: ObjectValue = {};
    for (const [k, e] of Object.entries(x as Record<string, unknown>)) o[k] = fromPlain(e, fn);
    return o;
  }
  throw new FunctionError(`${fn}(): unsupported value`);
}

function jsondecode(args: Value[]): Value {
  arity('jsondecode', args, 1);
  try {
    return fromPlain(JSON.parse(str('jsondecode', args[0])), 'jsondecode');
  } catch (e) {
    if (e instanceof FunctionError) throw e;
    throw new FunctionError(`jsondecode(): invalid JSON: ${(e as Error).message}`);
  }
}

/** YAML in Terraform's style: strings and keys double-quoted, keys sorted, sequences not indented. */
function yamlencode(args: Value[]): Value {
  arity('yamlencode', args, 1);
  const sortKeys = (v: Value): Value => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (isObject(v)) {
      const o: ObjectValue = {};
      for (const k of Object.keys(v).sort(compareStrings)) o[k] = sortKeys(v[k]!);
      return o;
    }
    return v;
  };
  const doc = new Document(sortKeys(args[0] ?? null));
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'QUOTE_DOUBLE', indentSeq: false, lineWidth: 0 });
}

function yamldecode(args: Value[]): Value {
  arity('yamldecode', args, 1);
  try {
    // Terraform's decoder takes one document, YAML 1.2 core types; merge keys are not applied.
    const docs = parseAllDocuments(str('yamldecode', args[0]), { version: '1.2', schema: 'core', uniqueKeys: true });
    if (!Array.isArray(docs)) return null;
    const [doc, extra] = docs;
    if (!doc) return null;
    if (extra) throw new FunctionError('yamldecode(): only one YAML document is allowed');
    const problem = doc.errors[0] ?? doc.warnings[0];
    // A tag the core schema does not know (`!foo`) is an error in Terraform, only a warning here.
    if (problem) throw new FunctionError(`yamldecode(): invalid YAML: ${problem.message}`);
    return fromPlain(doc.toJS({ maxAliasCount: 100 }), 'yamldecode');
  } catch (e) {
    if (e instanceof FunctionError) throw e;
    throw new FunctionError(`yamldecode(): invalid YAML: ${(e as Error).message}`);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64decode(args: Value[]): Value {
  arity('base64decode', args, 1);
  const s = str('base64decode', args[0]);
  if (s.length % 4 !== 0 || !BASE64.test(s)) throw new FunctionError('base64decode(): the argument is not valid base64');
  const bytes = Buffer.from(s, 'base64');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Terraform refuses results that are not UTF-8 (use filebase64 for binary data).
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new FunctionError('base64decode(): the result is not valid UTF-8');
  return text;
}

/** Go's url.QueryEscape: unreserved characters stay, space becomes +, everything else %XX (upper-case). */
function urlencode(args: Value[]): Value {
  arity('urlencode', args, 1);
  let out = '';
  for (const b of Buffer.from(str('urlencode', args[0]), 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** RFC 4180 records: quoted fields may hold commas, newlines and doubled quotes. */
function csvRecords(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  let fieldStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
      i++;
      continue;
    } else {
      if (c === '"') throw new FunctionError('csvdecode(): bare " in a non-quoted field');
      field += c;
      fieldStart = false;
    }
    i++;
  }
  if (quoted) throw new FunctionError('csvdecode(): unterminated quoted field');
  if (!fieldStart || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** First line names the columns; each further line becomes a map of strings. */
function csvdecode(args: Value[]): Value {
  arity('csvdecode', args, 1);
  const [head, ...rows] = csvRecords(str('csvdecode', args[0]));
  if (!head) throw new FunctionError('csvdecode(): missing header line');
  return rows.map((r, n) => {
    if (r.length !== head.length) throw new FunctionError(`csvdecode(): line ${n + 2} has ${r.length} fields, the header has ${head.length}`);
    const o: ObjectValue = {};
    head.forEach((h, i) => (o[h] = r[i]!));
    return o;
  });
}

/** Encodings Node can do natively; Terraform accepts the IANA names. */
function textEncoding(fn: string, v: Value | undefined): BufferEncoding {
  const e = str(fn, v, 'encoding').toLowerCase().replace(/[-_]/g, '');
  if (e === 'utf8') return 'utf8';
  if (e === 'utf16le' || e === 'ucs2') return 'utf16le';
  if (e === 'iso88591' || e === 'latin1') return 'latin1';
  if (e === 'usascii' || e === 'ascii') return 'ascii';
  throw new FunctionError(`${fn}(): unsupported encoding ${str(fn, v)}`);
}

export const ENCODING_FUNCTIONS: Record<string, Impl> = {
  jsonencode: (a) => (arity('jsonencode', a, 1), jsonEncode(a[0]!)),
  jsondecode,
  yamlencode,
  yamldecode,
  base64encode: (a) => (arity('base64encode', a, 1), Buffer.from(str('base64encode', a[0]), 'utf8').toString('base64')),
  base64decode,
  urlencode,
  csvdecode,
  // Go's gzip bytes (header, deflate choices) cannot be reproduced here byte for byte.
  base64gzip: (a) => (arity('base64gzip', a, 1), str('base64gzip', a[0]), new Unknown('base64gzip() output is not reproduced byte for byte')),
  textencodebase64: (a) => (arity('textencodebase64', a, 2), Buffer.from(str('textencodebase64', a[0]), textEncoding('textencodebase64', a[1])).toString('base64')),
  textdecodebase64: (a) => {
    arity('textdecodebase64', a, 2);
    const s = str('textdecodebase64', a[0]);
    if (s.length % 4 !== 0 || !BASE64.test(s)) throw new FunctionError('textdecodebase64(): the argument is not valid base64');
    return Buffer.from(s, 'base64').toString(textEncoding('textdecodebase64', a[1]));
  },
};
