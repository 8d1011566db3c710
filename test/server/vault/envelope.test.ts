import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, rewrapDataKey, seal, unwrapDataKey, type MasterKey, type Sealed } from '../../../src/server/vault/envelope.js';

const master = (id = 'mk_test'): MasterKey => ({ id, key: randomBytes(32) });
const ctx = { project: 'proj-1', path: 'db/password', version: 3 };

/** Flips one bit of a copy at `at` (negative counts from the end). */
function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  const i = at < 0 ? c.length + at : at;
  c[i]! ^= 0x01;
  return c;
}

function refused(fn: () => unknown) {
  expect(fn).toThrow(expect.objectContaining({ code: 'E_VAULT_DECRYPT' }));
}

describe('envelope seal/open', () => {
  it('round-trips strings, binary and empty values', () => {
    const mk = master();
    for (const v of ['hunter2', 'ünïcødé ✓', '', randomBytes(5000)]) {
      const s = seal(v, ctx, mk);
      expect(s.keyId).toBe(mk.id);
      const out = open(s, ctx, mk);
      expect(out.equals(typeof v === 'string' ? Buffer.from(v, 'utf8') : v)).toBe(true);
    }
  });

  it('uses a fresh data key and nonce each time: same value, different blobs', () => {
    const mk = master();
    const a = seal('same', ctx, mk);
    const b = seal('same', ctx, mk);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    // The value never appears in either blob.
    expect(a.ciphertext.includes(Buffer.from('same'))).toBe(false);
  });

  it('refuses a tampered ciphertext body, nonce, tag or format byte', () => {
    const mk = master();
    const s = seal('the secret value', ctx, mk);
    refused(() => open({ ...s, ciphertext: flip(s.ciphertext, 20) }, ctx, mk)); // body
    refused(() => open({ ...s, ciphertext: flip(s.ciphertext, 1) }, ctx, mk)); // nonce
    refused(() => open({ ...s, ciphertext: flip(s.ciphertext, -1) }, ctx, mk)); // tag
    refused(() => open({ ...s, ciphertext: flip(s.ciphertext, 0) }, ctx, mk)); // format
    refused(() => open({ ...s, ciphertext: s.ciphertext.subarray(0, 20) }, ctx, mk)); // truncated
    refused(() => open({ ...s, ciphertext: Buffer.alloc(0) }, ctx, mk));
    expect(open(s, ctx, mk).toString()).toBe('the secret value');
  });

  it('refuses a tampered wrapped key', () => {
    const mk = master();
    const s = seal('v', ctx, mk);
    for (const at of [1, 15, -1]) refused(() => open({ ...s, wrappedKey: flip(s.wrappedKey, at) }, ctx, mk));
    // Another version's wrapped key (a different data key) does not open this ciphertext.
    const other = seal('v', ctx, mk);
    refused(() => open({ ...s, wrappedKey: other.wrappedKey }, ctx, mk));
  });

  it('binds the value to project, path and version (a ciphertext moved to another row fails)', () => {
    const mk = master();
    const s = seal('v', ctx, mk);
    refused(() => open(s, { ...ctx, project: 'proj-2' }, mk));
    refused(() => open(s, { ...ctx, path: 'db/password2' }, mk));
    refused(() => open(s, { ...ctx, version: 4 }, mk));
    // Field boundaries are encoded: moving a character between project and path changes the AAD.
    const s2 = seal('v', { project: 'ab', path: 'c', version: 1 }, mk);
    refused(() => open(s2, { project: 'a', path: 'bc', version: 1 }, mk));
  });

  it('binds the wrapped key to the master key id and refuses the wrong master key', () => {
    const mk = master('mk_a');
    const s = seal('v', ctx, mk);
    // Same key bytes under another id: the wrapped key's AAD differs.
    refused(() => open({ ...s, keyId: 'mk_b' }, ctx, { id: 'mk_b', key: mk.key }));
    // Right id, wrong key bytes.
    refused(() => open(s, ctx, { id: 'mk_a', key: randomBytes(32) }));
    // A key id the caller does not hold.
    expect(() => open(s, ctx, master('mk_other'))).toThrow(expect.objectContaining({ code: 'E_VAULT_KEY_UNAVAILABLE' }));
    expect(() => open(s, ctx, () => undefined)).toThrow(expect.objectContaining({ code: 'E_VAULT_KEY_UNAVAILABLE' }));
  });

  it('opens through a key lookup and after a rewrap to a new master key', () => {
    const a = master('mk_a');
    const b = master('mk_b');
    const s = seal('rotating', ctx, a);
    const moved: Sealed = { ...s, wrappedKey: rewrapDataKey(s.wrappedKey, a, b), keyId: b.id };
    expect(open(moved, ctx, (id) => (id === 'mk_b' ? b.key : undefined)).toString()).toBe('rotating');
    refused(() => open({ ...moved, keyId: a.id }, ctx, a));
    // The data key itself is unchanged by the rewrap.
    expect(unwrapDataKey(moved.wrappedKey, b).equals(unwrapDataKey(s.wrappedKey, a))).toBe(true);
  });

  it('rejects a master key of the wrong size', () => {
    expect(() => seal('v', ctx, { id: 'x', key: randomBytes(16) })).toThrow(expect.objectContaining({ code: 'E_VAULT_KEY' }));
  });
});

describe('envelope format stability', () => {
  it('opens a value sealed by an earlier build (fixed key; the associated-data encoding is unchanged)', () => {
    const mk: MasterKey = { id: 'mk_0123456789abcdef', key: Buffer.alloc(32, 7) };
    const sealed: Sealed = {
      ciphertext: Buffer.from('AYsKYgHv03ubujrTjaGM8S97Jizt+GD7dctfrzruHznKrab0F99QjXT5qLE0', 'base64'),
      wrappedKey: Buffer.from('Ab8rlWOzGgIBggB+wDrepnovTfP6k09eBByYxMmko2cm2NiKEH35HEkQrfPZWgSEKEqVcg5VCnDWquxNTg==', 'base64'),
      keyId: mk.id,
    };
    expect(open(sealed, { project: 'proj-1', path: 'db/password', version: 3 }, mk).toString('utf8')).toBe('known answer ✓');
    // Any other context fails: the version and path are bound in.
    refused(() => open(sealed, { project: 'proj-1', path: 'db/password', version: 4 }, mk));
    refused(() => open(sealed, { project: 'proj-1', path: 'db/passwore', version: 3 }, mk));
  });

  it('round-trips versions past 32 bits', () => {
    const mk = master();
    const big = { ...ctx, version: 2 ** 40 + 5 };
    expect(open(seal('v', big, mk), big, mk).toString()).toBe('v');
    refused(() => open(seal('v', big, mk), { ...big, version: 5 }, mk));
  });
});
