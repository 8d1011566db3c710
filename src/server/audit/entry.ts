import { createHash, createHmac } from 'node:crypto';
import { RampartError } from '../../core/errors.js';

/**
 * One audit entry and its place in the hash chain.
 *
 *   hash = SHA-256(prev_hash || canonical(entry))
 *
 * `prev_hash` is the 32 raw bytes of the previous entry's hash (hex in the store); the first entry
 * chains to GENESIS_HASH. `canonical` is deterministic JSON: object keys sorted by UTF-16 code
 * units, no whitespace, `seq` included so that renumbering or swapping rows changes the hash.
 * The detail is re-canonicalised from its parsed form, so a store that rewrites JSON text (e.g.
 * PostgreSQL jsonb reordering keys) does not break the chain.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

/** What a caller records: who did what to which resource, and how it ended. */
export interface AuditInput {
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  /** Extra facts. Never secret values: use valueDigest() for a value that must be recognisable. */
  detail?: JsonObject;
  /** Defaults to now. */
  ts?: Date;
}

/** A stored entry, as hashed. `ts` is ISO 8601 UTC with milliseconds. */
export interface AuditEntry {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  detail: JsonObject;
  prevHash: string;
  hash: string;
}

/** Version tag inside every canonical form: a future format change cannot collide with this one. */
export const ENTRY_FORMAT = 'rampart-audit-entry-v1';
/** The chain's anchor: SHA-256 of a fixed, documented string (not zeros, so it is never mistaken for unset). */
export const GENESIS_HASH = createHash('sha256').update('rampart-audit-genesis-v1').digest('hex');

const HEX64 = /^[0-9a-f]{64}$/;
const MAX_FIELD = 1024;
const MAX_DETAIL_BYTES = 64 * 1024;
const MAX_DEPTH = 32;
/** Detail keys that name a secret: they may only hold a valueDigest(), never the value itself. */
const SECRET_KEYS = new Set(['value', 'secret', 'password', 'passphrase', 'token', 'plaintext', 'privatekey', 'apikey', 'masterkey']);
const DIGEST_RE = /^hmac-sha256:[0-9a-f]{64}$/;

/** A caller bug (bad field, secret-looking detail): the server answers 500, never writes the entry. */
export class AuditEntryError extends RampartError {
  constructor(message: string) {
    super('E_AUDIT_ENTRY', message);
    this.name = 'AuditEntryError';
  }
}

/**
 * HMAC-SHA256 of a secret value under a server key, for entries that must show *which* value was
 * read or written without revealing it. Same key and value give the same digest.
 */
export function valueDigest(key: Buffer | string, value: Buffer | string): string {
  if ((typeof key === 'string' ? Buffer.byteLength(key) : key.length) < 16) {
    throw new AuditEntryError('valueDigest key must be at least 16 bytes');
  }
  return `hmac-sha256:${createHmac('sha256', key).update(value).digest('hex')}`;
}

/** Deterministic JSON: sorted keys, no whitespace; refuses what JSON cannot round-trip. */
export function canonicalJson(v: unknown): string {
  // Audit details are nearly always flat (strings, numbers, a short list of versions): written
  // directly, without the general walk's stack frames. Same output as the walk.
  return flatCanonical(v) ?? canonicalWalk(v);
}

/** canonicalJson by the general walk, for any JSON value. */
function canonicalWalk(v: unknown): string {
  const out: string[] = [];
  // Explicit stack: a deeply nested detail cannot overflow the call stack.
  type Frame = { v: unknown; depth: number } | { raw: string };
  const stack: Frame[] = [{ v, depth: 0 }];
  while (stack.length) {
    const f = stack.pop()!;
    if ('raw' in f) {
      out.push(f.raw);
      continue;
    }
    const x = f.v;
    if (f.depth > MAX_DEPTH) throw new AuditEntryError(`detail nested deeper than ${MAX_DEPTH} levels`);
    if (x === null || typeof x === 'boolean' || typeof x === 'string') {
      out.push(JSON.stringify(x));
    } else if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new AuditEntryError('detail holds a non-finite number');
      // -0 stringifies as 0 in JSON; keep it so, a parsed copy hashes the same.
      out.push(JSON.stringify(x));
    } else if (Array.isArray(x)) {
      // Pushed in reverse so they pop in order: "[", a, ",", b, "]".
      stack.push({ raw: ']' });
      for (let i = x.length - 1; i >= 0; i--) {
        stack.push({ v: x[i], depth: f.depth + 1 });
        if (i > 0) stack.push({ raw: ',' });
      }
      stack.push({ raw: '[' });
    } else if (isPlainObject(x)) {
      const o = x;
      const keys = Object.keys(o).sort();
      stack.push({ raw: '}' });
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        if (o[k] === undefined) throw new AuditEntryError(`detail key "${k}" is undefined`);
        stack.push({ v: o[k], depth: f.depth + 1 });
        stack.push({ raw: `${JSON.stringify(k)}:` });
        if (i > 0) stack.push({ raw: ',' });
      }
      stack.push({ raw: '{' });
    } else {
      throw new AuditEntryError(`detail holds a ${typeof x === 'object' ? 'non-plain object' : typeof x}, not JSON`);
    }
  }
  return out.join('');
}

/** Printable ASCII but `"` and `\\`: JSON.stringify leaves such a string as it is, between quotes. */
const PLAIN_JSON = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify of a string; the common plain string (ids, paths, names) without a call into it. */
export function jsonString(s: string): string {
  return PLAIN_JSON.test(s) ? `"${s}"` : JSON.stringify(s);
}

/** A primitive as canonical JSON, or undefined when it is not one. */
function primitiveJson(x: unknown): string | undefined {
  if (typeof x === 'string') return jsonString(x);
  if (typeof x === 'number') {
    if (!Number.isFinite(x)) throw new AuditEntryError('detail holds a non-finite number');
    return JSON.stringify(x);
  }
  if (x === null) return 'null';
  if (typeof x === 'boolean') return x ? 'true' : 'false';
  return undefined;
}

/**
 * canonicalJson of a plain object whose values are primitives or arrays of primitives; undefined
 * for anything else (the general walk handles it, and reports errors the same way).
 */
function flatCanonical(v: unknown): string | undefined {
  if (!isPlainObject(v)) return undefined;
  const keys = Object.keys(v).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = v[k];
    let text = primitiveJson(x);
    if (text === undefined) {
      if (!Array.isArray(x)) return undefined;
      text = '[';
      for (let j = 0; j < x.length; j++) {
        const t = primitiveJson(x[j]);
        if (t === undefined) return undefined;
        text += j > 0 ? `,${t}` : t;
      }
      text += ']';
    }
    out += `${i > 0 ? ',' : ''}${JSON.stringify(k)}:${text}`;
  }
  return `${out}}`;
}

/** A detail key's canonical text (`"key":`) and whether it names a secret (refuseSecrets' rule). */
interface KeyInfo {
  head: string;
  secret: boolean;
}
/** KeyInfo by key: details use a small set of keys, so each is worked out once. Bounded. */
const KEY_INFO = new Map<string, KeyInfo>();
const KEY_INFO_MAX = 4096;

function keyInfo(k: string): KeyInfo {
  let i = KEY_INFO.get(k);
  if (i === undefined) {
    i = { head: `${JSON.stringify(k)}:`, secret: SECRET_KEYS.has(k.toLowerCase().replace(/[^a-z]/g, '')) };
    if (KEY_INFO.size < KEY_INFO_MAX && k.length <= 64) KEY_INFO.set(k, i);
  }
  return i;
}

/**
 * A detail's key list seen before: the keys in the caller's order, the positions in sorted key
 * order, and each key's KeyInfo. Requests of one kind build their details alike (same keys, same
 * order), so the sort and the KeyInfo lookups are done once per shape, not once per entry.
 */
interface Shape {
  keys: string[];
  order: number[];
  info: KeyInfo[];
}
/** Few shapes (one per kind of request entry); bounded, and a linear scan (short key lists first differ by length). */
const SHAPES: Shape[] = [];
const SHAPES_MAX = 32;

function shapeOf(keys: string[]): Shape {
  next: for (let s = 0; s < SHAPES.length; s++) {
    const sh = SHAPES[s]!;
    if (sh.keys.length !== keys.length) continue;
    for (let i = 0; i < keys.length; i++) if (sh.keys[i] !== keys[i]) continue next;
    return sh;
  }
  // Sorted by UTF-16 code units, as Array.prototype.sort() orders strings.
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  const sh: Shape = { keys: keys.slice(), order, info: keys.map(keyInfo) };
  if (SHAPES.length < SHAPES_MAX && keys.length <= 64 && keys.every((k) => k.length <= 64)) SHAPES.push(sh);
  return sh;
}

/**
 * A flat detail (primitives, arrays of primitives) in one pass: its canonical text (as
 * flatCanonical), a private copy (as flatCopy) and the first key that names a secret without
 * holding a digest (refuseSecrets' rule; a flat detail has no nested keys). Undefined for any
 * other detail, which takes the general path.
 */
function flatNormalise(v: unknown, wantCopy = true): { text: string; copy: JsonObject | undefined; secretKey: string | undefined } | undefined {
  if (!isPlainObject(v)) return undefined;
  const keys = Object.keys(v);
  const shape = shapeOf(keys);
  // The copy keeps the caller's key order; the text is in sorted key order.
  const copy: JsonObject | undefined = wantCopy ? {} : undefined;
  /** Each value's canonical text, by the key's position in `keys`. */
  const texts: string[] = new Array<string>(keys.length);
  let secretKey: string | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const x = v[k];
    let c: JsonValue;
    if (Array.isArray(x)) {
      const arr: JsonValue[] = new Array<JsonValue>(x.length);
      let text = '[';
      for (let j = 0; j < x.length; j++) {
        const y: unknown = x[j];
        if (!isPrimitive(y)) return undefined;
        const z = y === 0 ? 0 : y;
        arr[j] = z;
        text += j > 0 ? `,${primitiveJson(z)!}` : primitiveJson(z)!;
      }
      c = arr;
      texts[i] = `${text}]`;
    } else if (isPrimitive(x)) {
      c = x === 0 ? 0 : x;
      texts[i] = primitiveJson(c)!;
    } else {
      return undefined;
    }
    if (secretKey === undefined && shape.info[i]!.secret && x !== null && !(typeof x === 'string' && DIGEST_RE.test(x))) secretKey = k;
    // An own "__proto__" key (JSON.parse makes one) must stay a key, not become the prototype.
    if (copy === undefined) continue;
    if (k === '__proto__') Object.defineProperty(copy, k, { value: c, enumerable: true, writable: true, configurable: true });
    else copy[k] = c;
  }
  let out = '{';
  for (let i = 0; i < shape.order.length; i++) {
    const at = shape.order[i]!;
    out += i > 0 ? `,${shape.info[at]!.head}${texts[at]!}` : `${shape.info[at]!.head}${texts[at]!}`;
  }
  return { text: `${out}}`, copy, secretKey };
}

function isPrimitive(x: unknown): x is string | number | boolean | null {
  return x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** What is hashed: an entry's fields, and optionally its detail's canonical text already made. */
export type HashedFields = Omit<AuditEntry, 'prevHash' | 'hash' | 'detail'> & { detail?: JsonObject; detailJson?: string };

/**
 * The exact bytes hashed for an entry (everything but prev_hash and hash): canonicalJson of
 * `{format, seq, ts, actor, action, resource, outcome, detail}`, written out in sorted key order
 * so that a detail already in canonical form (`detailJson`) is not serialised again.
 */
export function canonicalEntry(e: HashedFields): Buffer {
  if (!Number.isSafeInteger(e.seq)) throw new AuditEntryError('audit entry seq is not an integer');
  return Buffer.from(entryText(e.seq, e.detailJson ?? canonicalJson(e.detail ?? {}), e), 'utf8');
}

const FORMAT_JSON = JSON.stringify(ENTRY_FORMAT);

/**
 * The canonical text of an entry whose detail is already canonical text: its keys in sorted
 * order. The one definition of the hashed format (canonicalEntry here, writer/seal.ts chainHash).
 */
export function entryText(seq: number, detailJson: string, e: Pick<AuditEntry, 'ts' | 'actor' | 'action' | 'resource' | 'outcome'>): string {
  const s = jsonString;
  return `{"action":${s(e.action)},"actor":${s(e.actor)},"detail":${detailJson},"format":${FORMAT_JSON},"outcome":${s(e.outcome)},"resource":${s(e.resource)},"seq":${seq},"ts":${s(e.ts)}}`;
}

/** SHA-256(prev_hash bytes || canonical(entry)), hex. */
export function entryHash(prevHash: string, e: HashedFields): string {
  if (!HEX64.test(prevHash)) throw new AuditEntryError('prev_hash is not 64 lowercase hex digits');
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonicalEntry(e)).digest('hex');
}

/** Normalised entry fields: the detail as a private copy and as its canonical text (made once). */
export type EntryInput = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'> & { detailJson: string };

/** EntryInput without the detail's copy: all a writer needs (its canonical text). */
export type EntryText = Omit<EntryInput, 'detail'>;

/**
 * `now` as ISO text, made once per millisecond: Date#toISOString costs more than the rest of an
 * entry's fields together, and a busy server appends many entries each millisecond.
 */
let isoMs = Number.NaN;
let isoText = '';
export function isoNowText(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoText = new Date(ms).toISOString();
    isoMs = ms;
  }
  return isoText;
}

/**
 * Validates caller input and returns the fields to hash (ts normalised to ISO). `now` is used
 * when the input has no ts: a Date, or the time already as ISO text (isoNowText()).
 */
export function normaliseInput(input: AuditInput, now: Date | string): EntryInput {
  return normalise(input, now, true) as EntryInput;
}

/** normaliseInput without the detail's copy (an append that never returns its entry). */
export function normaliseText(input: AuditInput, now: Date | string): EntryText {
  return normalise(input, now, false);
}

function normalise(input: AuditInput, now: Date | string, wantCopy: boolean): EntryText & { detail?: JsonObject } {
  if (typeof input !== 'object' || input === null) throw new AuditEntryError('audit entry must be an object');
  checkField('actor', input.actor);
  checkField('action', input.action);
  checkField('resource', input.resource);
  checkField('outcome', input.outcome);
  // A caller's ts must be a Date; only `now` may come as text already.
  const ts = input.ts ?? now;
  const tsText = typeof ts === 'string' && input.ts === undefined ? ts : isoOf(ts);
  const detail = input.detail ?? {};
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new AuditEntryError('audit entry detail must be a JSON object');
  }
  // A flat detail (primitives, arrays of primitives: nearly every entry) is written, copied and
  // checked for secrets in one pass; anything else takes the general walk, parsed back for the copy.
  const flat = flatNormalise(detail, wantCopy);
  const text = flat !== undefined ? flat.text : canonicalWalk(detail);
  // UTF-8 is at most 3 bytes per UTF-16 unit: a short text needs no exact count.
  if (text.length * 3 > MAX_DETAIL_BYTES && Buffer.byteLength(text) > MAX_DETAIL_BYTES) throw new AuditEntryError(`audit entry detail is larger than ${MAX_DETAIL_BYTES} bytes`);
  if (flat === undefined) refuseSecrets(detail);
  else if (flat.secretKey !== undefined) throw secretError(flat.secretKey);
  const out: EntryText & { detail?: JsonObject } = {
    ts: tsText,
    actor: input.actor,
    action: input.action,
    resource: input.resource,
    outcome: input.outcome,
    detailJson: text,
  };
  // A copy: later changes to the caller's object cannot change what was hashed.
  if (wantCopy) out.detail = flat !== undefined ? flat.copy! : (JSON.parse(text) as JsonObject);
  return out;
}

function isoOf(ts: unknown): string {
  if (!(ts instanceof Date) || Number.isNaN(ts.getTime())) throw new AuditEntryError('audit entry ts is not a valid date');
  return ts.toISOString();
}

function checkField(f: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0) throw new AuditEntryError(`audit entry ${f} must be a non-empty string`);
  if (v.length > MAX_FIELD) throw new AuditEntryError(`audit entry ${f} is longer than ${MAX_FIELD} characters`);
}

function secretError(k: string): AuditEntryError {
  return new AuditEntryError(`audit detail key "${k}" names a secret: record valueDigest(key, value), never the value`);
}

/** A detail key that names a secret must hold a digest, so a careless caller cannot log a value. */
function refuseSecrets(detail: JsonObject): void {
  const stack: JsonValue[] = [detail];
  while (stack.length) {
    const v = stack.pop()!;
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const norm = k.toLowerCase().replace(/[^a-z]/g, '');
        if (SECRET_KEYS.has(norm) && x !== null && !(typeof x === 'string' && DIGEST_RE.test(x))) throw secretError(k);
        stack.push(x);
      }
    }
  }
}

/** Builds a full entry chained to prevHash. */
export function sealEntry(seq: number, prevHash: string, fields: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'> & { detailJson?: string }): AuditEntry {
  const { detailJson, ...rest } = fields;
  const base = { seq, ...rest };
  return { ...base, prevHash, hash: entryHash(prevHash, detailJson === undefined ? base : { ...base, detailJson }) };
}

export const isHash = (s: unknown): s is string => typeof s === 'string' && HEX64.test(s);
