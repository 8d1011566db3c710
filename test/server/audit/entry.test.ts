import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, entryHash, GENESIS_HASH, isoNowText, jsonString, normaliseInput, normaliseText, sealEntry, valueDigest, type JsonObject } from '../../../src/server/audit/entry.js';

const base = { actor: 'user:alice', action: 'secret.read', resource: 'projects/p/secrets/db', outcome: 'success' };
const at = new Date('2026-01-02T03:04:05.678Z');

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(JSON.parse('{ "b" : 1 , "a" : 2 }'))).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('escapes strings as JSON does, including non-ASCII and quotes', () => {
    expect(canonicalJson({ 'k"': 'é\n\u2028' })).toBe('{"k\\"":"é\\n\u2028"}');
  });

  it('refuses what JSON cannot carry back: NaN, Infinity, undefined, functions, class instances', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/non-finite/);
    expect(() => canonicalJson({ u: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/non-plain object/);
  });

  it('refuses nesting deeper than 32 without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/deeper than 32/);
  });
});

describe('entry hash chain', () => {
  it('hash = SHA-256(prev_hash bytes || canonical entry), seq and a format tag included', () => {
    const fields = normaliseInput({ ...base, ts: at, detail: { version: 2 } }, new Date());
    const e = sealEntry(1, GENESIS_HASH, fields);
    const canon = canonicalEntry({ seq: 1, ...fields }).toString('utf8');
    expect(canon).toBe(
      '{"action":"secret.read","actor":"user:alice","detail":{"version":2},"format":"rampart-audit-entry-v1","outcome":"success","resource":"projects/p/secrets/db","seq":1,"ts":"2026-01-02T03:04:05.678Z"}',
    );
    const expected = createHash('sha256').update(Buffer.from(GENESIS_HASH, 'hex')).update(canon).digest('hex');
    expect(e.hash).toBe(expected);
    expect(e.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe(createHash('sha256').update('rampart-audit-genesis-v1').digest('hex'));
    // Same content at another position, or after another entry: another hash.
    expect(sealEntry(2, GENESIS_HASH, fields).hash).not.toBe(e.hash);
    expect(sealEntry(1, e.hash, fields).hash).not.toBe(e.hash);
  });

  it('entryHash refuses a prev_hash that is not 64 lowercase hex digits', () => {
    const fields = normaliseInput(base, at);
    expect(() => entryHash('ABC', { seq: 1, ...fields })).toThrow(/prev_hash/);
  });
});

describe('input checks', () => {
  it('needs non-empty bounded strings, a valid date and an object detail', () => {
    expect(() => normaliseInput({ ...base, actor: '' }, at)).toThrow(/actor/);
    expect(() => normaliseInput({ ...base, resource: 'x'.repeat(1025) }, at)).toThrow(/resource is longer/);
    expect(() => normaliseInput({ ...base, ts: new Date('nope') }, at)).toThrow(/ts/);
    expect(() => normaliseInput({ ...base, detail: [] as never }, at)).toThrow(/JSON object/);
    expect(() => normaliseInput({ ...base, detail: { big: 'x'.repeat(70_000) } }, at)).toThrow(/larger than/);
    expect(normaliseInput(base, at)).toMatchObject({ ts: '2026-01-02T03:04:05.678Z', detail: {} });
  });

  it('keeps a copy: changing the caller object later does not change what is hashed', () => {
    const detail = { list: [1, 2] };
    const f = normaliseInput({ ...base, detail }, at);
    detail.list.push(3);
    expect(f.detail).toEqual({ list: [1, 2] });
  });

  it('detail keys that name a secret must hold a valueDigest', () => {
    const key = Buffer.alloc(32, 1);
    for (const k of ['value', 'secret', 'Password', 'api_key', 'private-key', 'token']) {
      expect(() => normaliseInput({ ...base, detail: { nested: { [k]: 's3cr3t' } } }, at)).toThrow(/names a secret/);
    }
    const d = valueDigest(key, 's3cr3t');
    expect(d).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(valueDigest(key, 's3cr3t')).toBe(d);
    expect(valueDigest(Buffer.alloc(32, 2), 's3cr3t')).not.toBe(d);
    expect(normaliseInput({ ...base, detail: { value: d, token: null, tokenId: 'tok_1' } }, at).detail).toEqual({ value: d, token: null, tokenId: 'tok_1' });
    expect(() => valueDigest('short', 'x')).toThrow(/16 bytes/);
  });
});

describe('flat details', () => {
  it('copies a flat detail without sharing its arrays, and keeps an own __proto__ key a key', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const detail = JSON.parse('{"__proto__":"x","versions":[1,2],"path":"a/b"}') as JsonObject;
    const f = normaliseInput({ actor: 'user:a', action: 'secret.read', resource: 'r', outcome: 'allow', detail }, at);
    expect(f.detailJson).toBe('{"__proto__":"x","path":"a/b","versions":[1,2]}');
    expect(Object.keys(f.detail)).toEqual(['__proto__', 'versions', 'path']);
    expect(Object.getPrototypeOf(f.detail)).toBe(Object.prototype);
    (detail.versions as number[]).push(3);
    expect(f.detail.versions).toEqual([1, 2]);
    expect(canonicalJson(f.detail)).toBe(f.detailJson);
  });
});

describe('fast paths of the request entry', () => {
  it('jsonString writes exactly what JSON.stringify does', () => {
    const samples = ['', 'plain-id_0.9/path', 'a"b', 'back\\slash', 'tab\there', '\u0000\u001f\u007f', 'é', '\u2028', '\ud800', 'x\udfffy', '😀', ' !#[]~', '{"k":1}'];
    for (let c = 0; c < 256; c++) samples.push(`a${String.fromCharCode(c)}b`);
    for (const s of samples) expect(jsonString(s)).toBe(JSON.stringify(s));
  });

  it('isoNowText is the current time as toISOString writes it', () => {
    const before = Date.now();
    const t = isoNowText();
    const after = Date.now();
    expect(t).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(t)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(t)).toBeLessThanOrEqual(after);
  });

  it('normaliseText gives normaliseInput\'s fields without the copy; now may be ISO text, a caller\'s ts may not', () => {
    const input = { ...base, detail: { path: 'db', versions: [1, 2], requestId: 'r1' } };
    const { detail, ...rest } = normaliseInput(input, at);
    expect(detail).toEqual(input.detail);
    expect(normaliseText(input, at)).toEqual(rest);
    expect(normaliseText(input, at.toISOString())).toEqual(rest);
    expect(normaliseInput(input, at.toISOString())).toEqual({ ...rest, detail });
    expect(() => normaliseInput({ ...input, ts: at.toISOString() as unknown as Date }, at)).toThrow(/valid date/);
    expect(() => normaliseText({ ...base, detail: { password: 'hunter2' } }, at)).toThrow(/names a secret/);
  });
});
