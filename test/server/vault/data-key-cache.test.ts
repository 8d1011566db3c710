import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataKeyCache, OPENED_VALUE_MAX_BYTES } from '../../../src/server/vault/data-key-cache.js';
import { newDataKey, open, openValue, sealValue } from '../../../src/server/vault/envelope.js';
import { Keyring, masterKeyCheck, masterKeyIdOf } from '../../../src/server/vault/master-key.js';

const key32 = () => randomBytes(32);

describe('DataKeyCache', () => {
  it('gives back a copy of the key only for the same secret, version, key id and wrapped bytes', () => {
    const c = new DataKeyCache(8, 60_000, () => 0);
    const wrapped = randomBytes(61);
    const same = Buffer.from(wrapped);
    const dk = key32();
    c.set('p\u0000a', 1, 'mk_1', wrapped, dk);
    const hit = c.get('p\u0000a', 1, 'mk_1', same);
    expect(hit?.equals(dk)).toBe(true);
    // The cache keeps its own copies: the caller zeroing its buffers changes nothing.
    dk.fill(0);
    wrapped.fill(0);
    expect(c.get('p\u0000a', 1, 'mk_1', wrapped)).toBeUndefined();
    expect(c.get('p\u0000a', 1, 'mk_1', randomBytes(61))).toBeUndefined();
    expect(c.get('p\u0000a', 2, 'mk_1', same)).toBeUndefined();
    expect(c.get('p\u0000a', 1, 'mk_2', same)).toBeUndefined();
    expect(c.get('p\u0000b', 1, 'mk_1', same)).toBeUndefined();
    expect(c.get('p\u0000a', 1, 'mk_1', same)).toBe(hit);
    expect(hit!.equals(Buffer.alloc(32))).toBe(false);
  });

  it('zeroes and drops a key once it expires', () => {
    let t = 1_000;
    const c = new DataKeyCache(8, 100, () => t);
    const wrapped = randomBytes(61);
    c.set('s', 1, 'mk', wrapped, key32());
    const held = c.get('s', 1, 'mk', wrapped)!;
    t += 99;
    expect(c.get('s', 1, 'mk', wrapped)).toBe(held);
    t += 1;
    expect(c.get('s', 1, 'mk', wrapped)).toBeUndefined();
    expect(held.equals(Buffer.alloc(32))).toBe(true);
    expect(c.size).toBe(0);
  });

  it('evicts (and zeroes) the least recently used key when full', () => {
    const c = new DataKeyCache(2, 60_000, () => 0);
    const w = [randomBytes(61), randomBytes(61), randomBytes(61)];
    c.set('s', 1, 'mk', w[0]!, key32());
    c.set('s', 2, 'mk', w[1]!, key32());
    const first = c.get('s', 1, 'mk', w[0]!)!; // version 1 is now the most recent
    const second = c.get('s', 2, 'mk', w[1]!)!;
    c.get('s', 1, 'mk', w[0]!);
    c.set('s', 3, 'mk', w[2]!, key32());
    expect(c.size).toBe(2);
    expect(c.get('s', 2, 'mk', w[1]!)).toBeUndefined();
    expect(second.equals(Buffer.alloc(32))).toBe(true);
    expect(c.get('s', 1, 'mk', w[0]!)).toBe(first);
    expect(c.get('s', 3, 'mk', w[2]!)).toBeDefined();
  });

  it('forgets every version of one secret, and everything on clear, zeroing the keys', () => {
    const c = new DataKeyCache(8, 60_000, () => 0);
    const w = randomBytes(61);
    c.set('a', 1, 'mk', w, key32());
    c.set('a', 2, 'mk', w, key32());
    c.set('b', 1, 'mk', w, key32());
    const a1 = c.get('a', 1, 'mk', w)!;
    const b1 = c.get('b', 1, 'mk', w)!;
    c.forgetSecret('a');
    expect(c.get('a', 1, 'mk', w)).toBeUndefined();
    expect(c.get('a', 2, 'mk', w)).toBeUndefined();
    expect(a1.equals(Buffer.alloc(32))).toBe(true);
    expect(c.get('b', 1, 'mk', w)).toBe(b1);
    c.forgetSecret('nothing-here');
    c.clear();
    expect(c.size).toBe(0);
    expect(b1.equals(Buffer.alloc(32))).toBe(true);
  });

  it('does not keep a key read from a row that predates a change (a destroy racing a read)', () => {
    const c = new DataKeyCache(8, 60_000, () => 0);
    const wrapped = randomBytes(61);
    const before = c.stamp;
    // The reader took its stamp and went to read the row; meanwhile the secret was destroyed.
    c.forgetSecret('p\u0000a');
    c.set('p\u0000a', 1, 'mk_1', wrapped, key32(), before);
    expect(c.get('p\u0000a', 1, 'mk_1', wrapped)).toBeUndefined();
    expect(c.size).toBe(0);
    // A read that started after the change is kept.
    c.set('p\u0000a', 1, 'mk_1', wrapped, key32(), c.stamp);
    expect(c.get('p\u0000a', 1, 'mk_1', wrapped)).toBeDefined();
    // clear() (seal, rotation) moves the stamp too.
    const s2 = c.stamp;
    c.clear();
    c.set('p\u0000a', 2, 'mk_1', wrapped, key32(), s2);
    expect(c.size).toBe(0);
  });

  it('keeps nothing when its size or lifetime is zero', () => {
    const c = new DataKeyCache(0, 60_000);
    c.set('s', 1, 'mk', randomBytes(61), key32());
    expect(c.size).toBe(0);
  });
});

describe('DataKeyCache opened values', () => {
  const w = randomBytes(61);
  const ct = randomBytes(40);

  it('gives a copy of a kept value only for the same secret version, wrapped key and ciphertext', () => {
    const c = new DataKeyCache(8, 60_000, () => 0);
    c.set('s', 1, 'mk', w, key32());
    const value = Buffer.from('hunter2');
    c.keepOpened('s', 1, 'mk', w, ct, value);
    value.fill(0);
    const a = c.openedValue('s', 1, 'mk', Buffer.from(w), Buffer.from(ct))!;
    expect(a.toString()).toBe('hunter2');
    // The caller owns (and wipes) its copy: the kept one is unaffected.
    a.fill(0);
    expect(c.openedValue('s', 1, 'mk', w, ct)!.toString()).toBe('hunter2');
    const edited = Buffer.from(ct);
    edited[3]! ^= 1;
    expect(c.openedValue('s', 1, 'mk', w, edited)).toBeUndefined();
    expect(c.openedValue('s', 1, 'mk', randomBytes(61), ct)).toBeUndefined();
    expect(c.openedValue('s', 1, 'mk2', w, ct)).toBeUndefined();
    expect(c.openedValue('s', 2, 'mk', w, ct)).toBeUndefined();
  });

  it('keeps nothing without the data key, for a long value, or after a change since the stamp', () => {
    const c = new DataKeyCache(8, 60_000, () => 0);
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.from('x'));
    expect(c.openedValue('s', 1, 'mk', w, ct)).toBeUndefined();
    c.set('s', 1, 'mk', w, key32());
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.alloc(OPENED_VALUE_MAX_BYTES + 1, 1));
    expect(c.openedValue('s', 1, 'mk', w, ct)).toBeUndefined();
    const before = c.stamp;
    c.forgetSecret('other');
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.from('x'), before);
    expect(c.openedValue('s', 1, 'mk', w, ct)).toBeUndefined();
  });

  it('zeroes a kept value after a second (read or not), and with its key on change, seal and rotation', async () => {
    let t = 0;
    const c = new DataKeyCache(8, 60_000, () => t, 20);
    c.set('s', 1, 'mk', w, key32());
    c.set('s', 2, 'mk', w, key32());
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.from('one'));
    c.keepOpened('s', 2, 'mk', w, ct, Buffer.from('two'));
    const held = (v: number) => (c as unknown as { entries: Map<string, { value?: Buffer }> }).entries.get(`s\u0000${v}`)!.value!;
    const one = held(1);
    const two = held(2);
    t = 19;
    expect(c.openedValue('s', 1, 'mk', w, ct)!.toString()).toBe('one');
    t = 20;
    expect(c.openedValue('s', 1, 'mk', w, ct)).toBeUndefined();
    expect(one.equals(Buffer.alloc(3))).toBe(true);
    // Version 2 is never read again: the sweep zeroes it all the same.
    await new Promise((r) => setTimeout(r, 60));
    expect(two.equals(Buffer.alloc(3))).toBe(true);
    // The data keys outlive their values.
    expect(c.get('s', 1, 'mk', w)).toBeDefined();
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.from('one'));
    const again = held(1);
    c.forgetSecret('s');
    expect(again.equals(Buffer.alloc(3))).toBe(true);
    c.set('s', 1, 'mk', w, key32());
    c.keepOpened('s', 1, 'mk', w, ct, Buffer.from('one'));
    const third = held(1);
    c.clear();
    expect(third.equals(Buffer.alloc(3))).toBe(true);
  });
});

/** A keyring holding one master key, and 'hunter2' sealed under a fresh data key it wraps. */
const ctx = { project: 'proj', path: 'db/password', version: 4 };
function ring() {
  const master = key32();
  const id = masterKeyIdOf(master);
  const k = new Keyring([{ id, checkValue: masterKeyCheck(master), createdAt: '2026-01-01T00:00:00.000Z', retiredAt: null }]);
  k.add(master);
  const dk = newDataKey({ id, key: master });
  const ciphertext = sealValue('hunter2', ctx, dk.dataKey);
  dk.dataKey.fill(0);
  return { k, id, master, wrapped: dk.wrappedKey, ciphertext };
}

describe('Keyring.openValue', () => {
  const secret = 'proj\u0000db/password';

  it('opens once, answers the same again without opening, and refuses once sealed', () => {
    const { k, id, wrapped, ciphertext } = ring();
    let opened = 0;
    const open1 = (d: Buffer) => (opened++, openValue(ciphertext, ctx, d));
    const first = k.openValue(secret, 4, id, wrapped, ciphertext, open1);
    first.fill(0);
    expect(k.openValue(secret, 4, id, wrapped, ciphertext, open1).toString()).toBe('hunter2');
    expect(opened).toBe(1);
    // A tampered ciphertext is opened (and refused), never answered from what was kept.
    const bad = Buffer.from(ciphertext);
    bad[bad.length - 1]! ^= 1;
    expect(() => k.openValue(secret, 4, id, wrapped, bad, (d) => openValue(bad, ctx, d))).toThrow(expect.objectContaining({ code: 'E_VAULT_DECRYPT' }));
    k.seal();
    expect(() => k.openValue(secret, 4, id, wrapped, ciphertext, open1)).toThrow(expect.objectContaining({ code: 'E_VAULT_KEY_UNAVAILABLE' }));
  });
});

describe('Keyring.withDataKey', () => {

  it('opens the value with a freshly unwrapped key, then with the cached one', () => {
    const { k, id, master, wrapped, ciphertext } = ring();
    const first = k.withDataKey('proj\u0000db/password', 4, id, wrapped, (dk) => openValue(ciphertext, ctx, dk));
    expect(first.toString()).toBe('hunter2');
    expect(k.dataKeys.size).toBe(1);
    const again = k.withDataKey('proj\u0000db/password', 4, id, wrapped, (dk) => openValue(ciphertext, ctx, dk));
    expect(again.toString()).toBe('hunter2');
    // Same answer as the two-step open.
    expect(open({ ciphertext, wrappedKey: wrapped, keyId: id }, ctx, { id, key: master }).toString()).toBe('hunter2');
  });

  it('does not cache a key whose value fails to open, and a tampered wrapped key never matches', () => {
    const { k, id, wrapped, ciphertext } = ring();
    const bad = Buffer.from(ciphertext);
    bad[bad.length - 1]! ^= 1;
    expect(() => k.withDataKey('s', 4, id, wrapped, (dk) => openValue(bad, ctx, dk))).toThrow(expect.objectContaining({ code: 'E_VAULT_DECRYPT' }));
    expect(k.dataKeys.size).toBe(0);
    k.withDataKey('s', 4, id, wrapped, (dk) => openValue(ciphertext, ctx, dk));
    const tampered = Buffer.from(wrapped);
    tampered[5]! ^= 1;
    expect(() => k.withDataKey('s', 4, id, tampered, (dk) => openValue(ciphertext, ctx, dk))).toThrow(expect.objectContaining({ code: 'E_VAULT_DECRYPT' }));
  });

  it('is wiped on seal, and a sealed keyring opens nothing even for a cached key', () => {
    const { k, id, wrapped, ciphertext } = ring();
    k.withDataKey('s', 4, id, wrapped, (dk) => openValue(ciphertext, ctx, dk));
    expect(k.dataKeys.size).toBe(1);
    k.seal();
    expect(k.dataKeys.size).toBe(0);
    expect(() => k.withDataKey('s', 4, id, wrapped, (dk) => openValue(ciphertext, ctx, dk))).toThrow(expect.objectContaining({ code: 'E_VAULT_KEY_UNAVAILABLE' }));
  });
});
