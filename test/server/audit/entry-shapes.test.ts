import { describe, expect, it } from 'vitest';
import { canonicalJson, normaliseInput, valueDigest, type JsonObject } from '../../../src/server/audit/entry.js';

// normaliseInput remembers each flat detail's key list (its sorted order, which keys name
// secrets): these check that a remembered list gives the same text, copy and refusals as a new one.
const base = { actor: 'user:alice', action: 'secret.read', resource: 'project:p/secret:db', outcome: 'allow' };
const at = new Date('2026-01-02T03:04:05.678Z');
const detailOf = (d: JsonObject) => normaliseInput({ ...base, detail: d }, at);

describe('flat details seen again (key lists remembered)', () => {
  it('the same keys in the same order give the canonical text of each entry, not of the first', () => {
    const first = detailOf({ path: 'a', status: 200, versions: [1, 2], ip: '127.0.0.1' });
    const second = detailOf({ path: 'b"\n', status: 403, versions: [], ip: '::1' });
    expect(first.detailJson).toBe('{"ip":"127.0.0.1","path":"a","status":200,"versions":[1,2]}');
    expect(second.detailJson).toBe('{"ip":"::1","path":"b\\"\\n","status":403,"versions":[]}');
    expect(second.detail).toEqual({ path: 'b"\n', status: 403, versions: [], ip: '::1' });
  });

  it('the same keys in another order sort alike, and the copy keeps the caller order', () => {
    const a = detailOf({ zeta: 1, alpha: 'x', mid: null });
    const b = detailOf({ mid: null, zeta: 1, alpha: 'x' });
    expect(a.detailJson).toBe('{"alpha":"x","mid":null,"zeta":1}');
    expect(b.detailJson).toBe(a.detailJson);
    expect(Object.keys(b.detail)).toEqual(['mid', 'zeta', 'alpha']);
  });

  it('orders keys by UTF-16 code units, as the general walk does', () => {
    const d = { b: 1, B: 2, 'é': 3, 'a-b': 4, a: 5, '\u{1F600}': 6, '\uFF01': 7 };
    expect(detailOf(d).detailJson).toBe(canonicalJson(JSON.parse(JSON.stringify(d)) as JsonObject));
    expect(detailOf({ ...d }).detailJson).toBe(canonicalJson({ ...d }));
  });

  it('a remembered key list still refuses a secret-named key without a digest, every time', () => {
    const digest = valueDigest('k'.repeat(16), 'v');
    expect(detailOf({ path: 'p', token: digest }).detailJson).toContain(digest);
    expect(() => detailOf({ path: 'p', token: 'rmp_plain' })).toThrow(/names a secret/);
    expect(() => detailOf({ path: 'p', token: 'rmp_plain' })).toThrow(/names a secret/);
    expect(detailOf({ path: 'p', token: null }).detailJson).toBe('{"path":"p","token":null}');
  });

  it('a nested value after a remembered flat list of the same keys takes the general walk', () => {
    expect(detailOf({ path: 'p', extra: 1 }).detailJson).toBe('{"extra":1,"path":"p"}');
    expect(detailOf({ path: 'p', extra: { b: 2, a: 1 } }).detailJson).toBe('{"extra":{"a":1,"b":2},"path":"p"}');
  });

  it('many different key lists (more than are remembered) all come out right', () => {
    for (let i = 0; i < 200; i++) {
      const d: JsonObject = { [`k${i}`]: i, [`j${199 - i}`]: 'x', __proto__x: true };
      expect(detailOf(d).detailJson).toBe(canonicalJson(d));
    }
  });

  it('an own "__proto__" key stays a key in the copy and the text', () => {
    const d = JSON.parse('{"__proto__":"x","a":1}') as JsonObject;
    for (let i = 0; i < 2; i++) {
      const n = detailOf(d);
      expect(n.detailJson).toBe('{"__proto__":"x","a":1}');
      expect(Object.keys(n.detail)).toEqual(['__proto__', 'a']);
      expect(Object.getPrototypeOf(n.detail)).toBe(Object.prototype);
    }
  });
});
