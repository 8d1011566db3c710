import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { masterKeyCheck, masterKeyIdOf } from '../../../src/server/init.js';
import {
  combine,
  decodeShare,
  Keyring,
  keyFromEnv,
  loadConfiguredKey,
  MASTER_KEY_ENV,
  readKeyFile,
  split,
  UNSEAL_ATTEMPT_TTL_MS,
  writeKeyFile,
  type KnownKey,
} from '../../../src/server/vault/master-key.js';

const root = mkdtempSync(join(tmpdir(), 'rampart-mk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const path = () => join(root, `k${n++}`);

const code = (c: string) => expect.objectContaining({ code: c });

function known(key: Buffer, createdAt = '2026-01-01T00:00:00.000Z', retiredAt: string | null = null): KnownKey {
  return { id: masterKeyIdOf(key), checkValue: masterKeyCheck(key), createdAt, retiredAt };
}

/** Replaces one base32 letter of the share body with a different valid letter. */
function typo(share: string): string {
  const at = share.length - 10;
  const ch = share[at] === 'a' ? 'b' : 'a';
  return share.slice(0, at) + ch + share.slice(at + 1);
}

describe('key file', () => {
  it('reads a 0600 file and refuses group- or other-readable modes', () => {
    const key = randomBytes(32);
    const p = path();
    writeKeyFile(p, key);
    expect(readKeyFile(p).equals(key)).toBe(true);
    chmodSync(p, 0o400);
    expect(readKeyFile(p).equals(key)).toBe(true);
    for (const mode of [0o640, 0o604, 0o644, 0o660, 0o606]) {
      chmodSync(p, mode);
      expect(() => readKeyFile(p)).toThrow(code('E_KEY_PERMISSIONS'));
    }
  });

  it('refuses a wrong size, a directory, a missing file, and overwriting on write', () => {
    const short = path();
    writeFileSync(short, randomBytes(31), { mode: 0o600 });
    expect(() => readKeyFile(short)).toThrow(code('E_KEY_INVALID'));
    const long = path();
    writeFileSync(long, randomBytes(33), { mode: 0o600 });
    expect(() => readKeyFile(long)).toThrow(code('E_KEY_INVALID'));
    const dir = path();
    mkdirSync(dir, { mode: 0o700 });
    expect(() => readKeyFile(dir)).toThrow(code('E_KEY_INVALID'));
    expect(() => readKeyFile(path())).toThrow(code('E_NOT_INITIALIZED'));
    expect(() => writeKeyFile(short, randomBytes(32))).toThrow(code('E_KEY_EXISTS'));
  });

  it('checks the mode of the file a link points to', () => {
    const target = path();
    writeKeyFile(target, randomBytes(32));
    chmodSync(target, 0o644);
    const link = path();
    symlinkSync(target, link);
    expect(() => readKeyFile(link)).toThrow(code('E_KEY_PERMISSIONS'));
  });
});

describe('RAMPART_MASTER_KEY', () => {
  it('decodes base64 and base64url of 32 bytes, with or without padding', () => {
    const key = randomBytes(32);
    expect(keyFromEnv({ [MASTER_KEY_ENV]: key.toString('base64') })!.equals(key)).toBe(true);
    expect(keyFromEnv({ [MASTER_KEY_ENV]: key.toString('base64url') })!.equals(key)).toBe(true);
    expect(keyFromEnv({ [MASTER_KEY_ENV]: ` ${key.toString('base64')}\n` })!.equals(key)).toBe(true);
    expect(keyFromEnv({})).toBeUndefined();
  });

  it('refuses junk, short keys and long keys without echoing the value', () => {
    const bad = [randomBytes(16).toString('base64'), randomBytes(48).toString('base64'), 'not base64 at all !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!', randomBytes(32).toString('hex')];
    for (const v of bad) {
      let err: Error | undefined;
      try {
        keyFromEnv({ [MASTER_KEY_ENV]: v });
      } catch (e) {
        err = e as Error;
      }
      expect(err).toMatchObject({ code: 'E_KEY_INVALID' });
      expect(err!.message).not.toContain(v.trim());
    }
  });

  it('loadConfiguredKey prefers the environment, falls back to the file, else nothing (sealed start)', () => {
    const fileKey = randomBytes(32);
    const envKey = randomBytes(32);
    const p = path();
    writeKeyFile(p, fileKey);
    expect(loadConfiguredKey({ keyFile: p, env: { [MASTER_KEY_ENV]: envKey.toString('base64') } })).toMatchObject({ source: 'env' });
    const f = loadConfiguredKey({ keyFile: p, env: {} })!;
    expect(f.source).toBe('file');
    expect(f.key.equals(fileKey)).toBe(true);
    expect(loadConfiguredKey({ keyFile: path(), env: {} })).toBeUndefined();
    chmodSync(p, 0o644);
    expect(() => loadConfiguredKey({ keyFile: p, env: {} })).toThrow(code('E_KEY_PERMISSIONS'));
  });
});

describe('Shamir shares', () => {
  it('splits 3-of-5 and any 3 rebuild the key; 2 are not enough', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 5, 3);
    expect(shares).toHaveLength(5);
    expect(new Set(shares).size).toBe(5);
    for (const s of shares) expect(s).toMatch(/^rampart-share-v1:[a-z2-7-]+$/);
    for (const pick of [[0, 1, 2], [0, 2, 4], [1, 3, 4], [4, 3, 2]]) {
      expect((await combine(pick.map((i) => shares[i]!))).equals(key)).toBe(true);
    }
    // All five work too (extras beyond the threshold are fine).
    expect((await combine(shares)).equals(key)).toBe(true);
    await expect(combine(shares.slice(0, 2))).rejects.toMatchObject({ code: 'E_SHARE_INVALID', message: expect.stringContaining('2 of the 3') });
  });

  it('accepts shares retyped in upper case, without dashes or with spaces', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 3, 2);
    const retyped = [shares[0]!.toUpperCase(), 'rampart-share-v1:' + shares[1]!.slice('rampart-share-v1:'.length).replace(/-/g, ' ')];
    expect((await combine(retyped)).equals(key)).toBe(true);
  });

  it('refuses a mistyped, truncated, foreign or repeated share with a clear message that does not quote it', async () => {
    const shares = await split(randomBytes(32), 5, 3);
    const other = await split(randomBytes(32), 5, 3);
    const cases: [string[], RegExp][] = [
      [[shares[0]!, typo(shares[1]!), shares[2]!], /share 2 is mistyped/],
      [[shares[0]!, shares[1]!.slice(0, -7), shares[2]!], /share 2 has the wrong length/],
      [[shares[0]!, shares[1]!.replace(/[a-z2-7]$/, '1'), shares[2]!], /share 2 holds a character/],
      [['hello', shares[1]!, shares[2]!], /share 1 is not a Rampart key share/],
      [[shares[0]!, shares[1]!, other[2]!], /different splits/],
      [[shares[0]!, shares[1]!, shares[1]!], /given twice/],
    ];
    for (const [input, msg] of cases) {
      const err = await combine(input).catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'E_SHARE_INVALID', message: expect.stringMatching(msg) });
      for (const s of input.filter((x) => x.length > 40)) expect((err as Error).message).not.toContain(s.slice(17, 40));
    }
  });

  it('refuses bad split parameters', async () => {
    await expect(split(randomBytes(32), 2, 3)).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(split(randomBytes(32), 5, 1)).rejects.toMatchObject({ code: 'E_USAGE' });
    await expect(split(randomBytes(16), 5, 3)).rejects.toMatchObject({ code: 'E_KEY_INVALID' });
  });

  it('decodeShare reports the threshold and split id', async () => {
    const shares = await split(randomBytes(32), 4, 3);
    const a = decodeShare(shares[0]!);
    const b = decodeShare(shares[3]!);
    expect(a.threshold).toBe(3);
    expect(a.setId).toBe(b.setId);
    expect(a.raw).toHaveLength(33);
  });
});

describe('Keyring', () => {
  it('is sealed until the current key is added, and verifies keys against the check value', () => {
    const key = randomBytes(32);
    const ring = new Keyring([known(key)]);
    expect(ring.sealed).toBe(true);
    expect(() => ring.current()).toThrow(code('E_SEALED'));
    expect(() => ring.add(randomBytes(32))).toThrow(code('E_KEY_MISMATCH'));
    const copy = Buffer.from(key);
    expect(ring.add(copy)).toBe(masterKeyIdOf(key));
    copy.fill(0); // the ring keeps its own copy
    expect(ring.sealed).toBe(false);
    expect(ring.current().key.equals(key)).toBe(true);
    ring.seal();
    expect(ring.sealed).toBe(true);
  });

  it('a key whose id matches but whose check value does not is refused', () => {
    const key = randomBytes(32);
    const row = { ...known(key), checkValue: masterKeyCheck(randomBytes(32)) };
    expect(() => new Keyring([row]).add(key)).toThrow(code('E_KEY_MISMATCH'));
  });

  it('the newest unretired key is current; an older one can be loaded for reading', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const ring = new Keyring([known(oldKey, '2026-01-01T00:00:00.000Z'), known(newKey, '2026-02-01T00:00:00.000Z')]);
    expect(ring.currentId).toBe(masterKeyIdOf(newKey));
    ring.add(oldKey);
    expect(ring.sealed).toBe(true);
    expect(ring.missing()).toEqual([masterKeyIdOf(newKey)]);
    ring.add(newKey);
    expect(ring.sealed).toBe(false);
    expect(ring.lookup(masterKeyIdOf(oldKey))!.equals(oldKey)).toBe(true);
  });

  it('unseals with 3 of 5 shares, reporting progress', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 5, 3);
    const ring = new Keyring([known(key)]);
    expect(await ring.unseal(shares[4]!)).toEqual({ sealed: true, have: 1, threshold: 3 });
    expect(await ring.unseal(shares[1]!)).toEqual({ sealed: true, have: 2, threshold: 3 });
    expect(await ring.unseal(shares[2]!)).toEqual({ sealed: false, have: 0, threshold: 3, keyId: masterKeyIdOf(key) });
    expect(ring.current().key.equals(key)).toBe(true);
  });

  it('unseal refuses a repeated share without losing progress, and a bad share without storing it', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 5, 3);
    const ring = new Keyring([known(key)]);
    await ring.unseal(shares[0]!);
    await expect(ring.unseal(shares[0]!)).rejects.toMatchObject({ code: 'E_SHARE_INVALID', message: expect.stringContaining('already given') });
    await expect(ring.unseal(typo(shares[1]!))).rejects.toMatchObject({ code: 'E_SHARE_INVALID', message: expect.stringContaining('mistyped') });
    expect(await ring.unseal(shares[1]!)).toMatchObject({ sealed: true, have: 2 });
    expect(await ring.unseal(shares[3]!)).toMatchObject({ sealed: false });
  });

  it('a share of another split never discards the shares collected so far (M2: anyone may post a well-formed share)', async () => {
    const key = randomBytes(32);
    const stranger = randomBytes(32);
    const shares = await split(key, 3, 2);
    const foreign = await split(stranger, 3, 2);
    const ring = new Keyring([known(key)]);
    expect(await ring.unseal(shares[0]!)).toEqual({ sealed: true, have: 1, threshold: 2 });
    // The foreign share starts an attempt of its own; the holder's attempt keeps its share.
    expect(await ring.unseal(foreign[1]!)).toEqual({ sealed: true, have: 1, threshold: 2 });
    expect(await ring.unseal(shares[2]!)).toMatchObject({ sealed: false, keyId: masterKeyIdOf(key) });
  });

  it('a whole foreign split is refused as not this database\'s key, dropping only its own attempt', async () => {
    const key = randomBytes(32);
    const stranger = randomBytes(32);
    const shares = await split(key, 3, 2);
    const foreign = await split(stranger, 4, 3);
    const ring = new Keyring([known(key)]);
    await ring.unseal(shares[1]!);
    await ring.unseal(foreign[0]!);
    await ring.unseal(foreign[1]!);
    await expect(ring.unseal(foreign[2]!)).rejects.toMatchObject({ code: 'E_UNSEAL_FAILED' });
    expect(ring.sealed).toBe(true);
    // The foreign attempt is gone (its shares are accepted afresh), the holder's is kept.
    expect(await ring.unseal(foreign[2]!)).toEqual({ sealed: true, have: 1, threshold: 3 });
    expect(await ring.unseal(shares[0]!)).toMatchObject({ sealed: false, keyId: masterKeyIdOf(key) });
  });

  it('an attempt nobody adds to for the timeout is forgotten; others are not', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 5, 3);
    let t = 1_000_000;
    const ring = new Keyring([known(key)], { now: () => t });
    await ring.unseal(shares[0]!);
    t += UNSEAL_ATTEMPT_TTL_MS - 1;
    expect(await ring.unseal(shares[1]!)).toMatchObject({ have: 2 });
    t += UNSEAL_ATTEMPT_TTL_MS;
    expect(await ring.unseal(shares[2]!)).toEqual({ sealed: true, have: 1, threshold: 3 });
  });

  it('a flood of foreign attempts is bounded; the least recently advanced attempts go first', async () => {
    const key = randomBytes(32);
    const shares = await split(key, 3, 2);
    let t = 0;
    const ring = new Keyring([known(key)], { now: () => t, maxPendingShares: 8 });
    await ring.unseal(shares[0]!);
    t++;
    // One share each from many splits: the store stays bounded.
    for (let i = 0; i < 8 + 5; i++) {
      t++;
      await ring.unseal((await split(randomBytes(32), 2, 2))[0]!);
    }
    expect(ring.pendingShares).toBe(8);
    // The holder's share was the oldest: it went, so the next holder starts again (and is told so by have: 1).
    expect(await ring.unseal(shares[1]!)).toEqual({ sealed: true, have: 1, threshold: 2 });
    expect(await ring.unseal(shares[2]!)).toMatchObject({ sealed: false });
    expect(ring.pendingShares).toBe(0);
  });

  it('with no registered key, reports the server as not initialised', () => {
    const ring = new Keyring([]);
    expect(ring.sealed).toBe(true);
    expect(() => ring.currentId).toThrow(code('E_NOT_INITIALIZED'));
  });
});
