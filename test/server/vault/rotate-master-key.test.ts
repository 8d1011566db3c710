import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RampartError } from '../../../src/core/errors.js';
import { masterKeyCheck, masterKeyIdOf } from '../../../src/server/init.js';
import { generateMasterKey, Keyring, loadDataDirKeys, MASTER_KEY_FILE, NEXT_KEY_FILE, readKeyFile, rotateOnline, writeKeyFile } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { sysRoutes } from '../../../src/server/vault/sys-routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import { auditOf, DIALECTS, startHarness, type Harness } from '../gate/harness.js';

const ROTATE = '/api/v1/sys/rotate-master-key';

describe.each(DIALECTS)('online master key rotation on %s', (dialect) => {
  let h: Harness;
  let keyring: Keyring;
  let dataDir: string;
  let oldKeyId = '';
  const S = '/api/v1/projects/shop';
  const values = new Map<string, string>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-rotate-'));
    let vault: Vault | undefined;
    h = await startHarness(dialect, (store, audit) => [
      vaultRoutes({
        get vault() {
          return vault!;
        },
        audit,
      }),
      sysRoutes({
        store,
        get keyring() {
          return keyring;
        },
        audit,
        dataDir,
        env: {},
      }),
    ]);
    // A key-file server: master.key in the data dir, registered in the store, loaded as at start-up.
    const key = generateMasterKey();
    writeKeyFile(join(dataDir, MASTER_KEY_FILE), key);
    oldKeyId = masterKeyIdOf(key);
    await h.store.db.insertInto('master_keys').values({ id: oldKeyId, check_value: masterKeyCheck(key), created_at: '2026-01-01T00:00:00.000Z', retired_at: null }).execute();
    key.fill(0);
    keyring = await Keyring.load(h.store);
    expect(loadDataDirKeys(keyring, { dataDir, env: {} }).loaded).toEqual([oldKeyId]);
    vault = await Vault.open(h.store, keyring);

    // Secrets with several versions, one destroyed, before the rotation.
    for (let i = 0; i < 25; i++) {
      for (let v = 0; v < 2; v++) {
        const value = `s${i}-v${v}-${randomBytes(6).toString('hex')}`;
        expect((await h.call('PUT', `${S}/secrets/app/s${i}`, h.tokens.dev!, { value })).status).toBe(200);
        values.set(`app/s${i}@${v + 1}`, value);
      }
    }
    expect((await h.call('POST', `${S}/secrets-destroy/app/s0`, h.tokens.admin!, { versions: [1] })).status).toBe(200);
    values.delete('app/s0@1');
  }, 120_000);
  afterAll(async () => {
    keyring?.seal();
    await h?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is refused without admin:keys (403, audited) and changes nothing', async () => {
    const r = await h.call('POST', ROTATE, h.tokens.dev!);
    expect(r.status).toBe(403);
    expect(keyring.currentId).toBe(oldKeyId);
    expect(existsSync(join(dataDir, NEXT_KEY_FILE))).toBe(false);
    // A refusal's entry is written once the response has gone (onResponse): wait for it to land.
    let refusals: Awaited<ReturnType<typeof auditOf>> = [];
    for (let i = 0; i < 100 && refusals.length === 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 20));
      refusals = (await auditOf(h.store, 'vault.rotate-master-key')).filter((e) => e.outcome === 'deny');
    }
    expect(refusals.map((e) => e.actor)).toEqual([h.ids.dev]);
  });

  it('rotates while reads and writes go on; every secret still reads, the new key is in use and master.key holds it', async () => {
    let rotating = true;
    const failures: string[] = [];
    let served = 0;
    const traffic = (async () => {
      for (let n = 0; rotating || n < 5; n++) {
        const i = n % 25;
        const read = await h.call('GET', `${S}/secrets/app/s${i}?version=2`, h.tokens.dev!);
        if (read.status !== 200 || read.json.value !== values.get(`app/s${i}@2`)) failures.push(`read app/s${i}: ${read.status}`);
        const value = `live-${n}`;
        const w = await h.call('PUT', `${S}/secrets/live/w${n % 5}`, h.tokens.dev!, { value });
        if (w.status !== 200) failures.push(`write live/w${n % 5}: ${w.status}`);
        else values.set(`live/w${n % 5}@${w.json.version}`, value);
        served += 2;
      }
    })();
    const r = await h.call('POST', ROTATE, h.tokens.admin!);
    rotating = false;
    await traffic;
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(0);
    const newKeyId = r.json.keyId as string;
    expect(newKeyId).not.toBe(oldKeyId);
    expect(r.json.retired).toEqual([oldKeyId]);
    expect(r.json.rewrapped).toBeGreaterThanOrEqual(50);
    expect(keyring.currentId).toBe(newKeyId);
    // The old key no longer serves writes or rotations, but a read that fetched a row just before
    // its rewrap can still open it for a grace period.
    expect(keyring.get(oldKeyId)).toBeUndefined();
    expect(keyring.lookup(oldKeyId)).toBeInstanceOf(Buffer);

    // Every version written before or during the rotation reads back.
    for (const [at, value] of values) {
      const [path, version] = at.split('@') as [string, string];
      const g = await h.call('GET', `${S}/secrets/${path}?version=${version}`, h.tokens.dev!);
      expect(g.status, at).toBe(200);
      expect(g.json.value, at).toBe(value);
    }
    const destroyed = await h.call('GET', `${S}/secrets/app/s0?version=1`, h.tokens.dev!);
    expect(destroyed.status).toBe(410);

    // No row is left under the old key; a new write uses the new one.
    const keys = await h.store.db.selectFrom('secret_versions').select('key_id').distinct().execute();
    expect(keys.map((k) => k.key_id)).toEqual([newKeyId]);
    const after = await h.call('PUT', `${S}/secrets/app/after`, h.tokens.dev!, { value: 'after' });
    expect(after.status).toBe(200);
    const hist = await h.call('GET', `${S}/secrets-history/app/after`, h.tokens.dev!);
    expect(hist.json.versions[0].keyId).toBe(newKeyId);

    // The old key is retired in the store and gone from disk: master.key is the new key, no .next left.
    const rows = await h.store.db.selectFrom('master_keys').selectAll().orderBy('created_at').execute();
    expect(rows.map((k) => [k.id, k.retired_at !== null])).toEqual([
      [oldKeyId, true],
      [newKeyId, false],
    ]);
    const onDisk = readKeyFile(join(dataDir, MASTER_KEY_FILE));
    expect(masterKeyIdOf(onDisk)).toBe(newKeyId);
    onDisk.fill(0);
    expect(existsSync(join(dataDir, NEXT_KEY_FILE))).toBe(false);

    // A restart loads the new key alone and reads everything.
    const restarted = await Keyring.load(h.store);
    expect(loadDataDirKeys(restarted, { dataDir, env: {} }).loaded).toEqual([newKeyId]);
    expect(restarted.sealed).toBe(false);
    restarted.seal();

    // Audited with both key ids, never a key.
    const audited = await auditOf(h.store, 'vault.rotate-master-key');
    const ok = audited.filter((e) => e.outcome === 'allow');
    expect(ok).toHaveLength(1);
    expect(ok[0]!.actor).toBe(h.ids.admin);
    const detail = JSON.stringify(ok[0]!.detail);
    expect(detail).toContain(newKeyId);
    expect(detail).toContain(oldKeyId);
  }, 120_000);

  it('a second rotation works from the rotated state', async () => {
    const before = keyring.currentId;
    const r = await h.call('POST', ROTATE, h.tokens.admin!);
    expect(r.status).toBe(200);
    expect(r.json.retired).toEqual([before]);
    const g = await h.call('GET', `${S}/secrets/app/s3?version=1`, h.tokens.dev!);
    expect(g.json.value).toBe(values.get('app/s3@1'));
  }, 60_000);

  it('refuses a key from RAMPART_MASTER_KEY or from shares, saying why, before changing anything', async () => {
    const envKey = randomBytes(32).toString('base64');
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as RampartError);
    const fromEnv = await err(rotateOnline(h.store, keyring, dataDir, { env: { RAMPART_MASTER_KEY: envKey } }));
    expect(fromEnv?.code).toBe('E_ROTATE_UNSUPPORTED');
    expect(fromEnv?.message).toContain('RAMPART_MASTER_KEY');
    const empty = mkdtempSync(join(tmpdir(), 'rampart-shares-'));
    try {
      const fromShares = await err(rotateOnline(h.store, keyring, empty, { env: {} }));
      expect(fromShares?.code).toBe('E_ROTATE_UNSUPPORTED');
      expect(fromShares?.message).toContain('key shares');
      expect(existsSync(join(empty, NEXT_KEY_FILE))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const keyCount = await h.store.db.selectFrom('master_keys').select('id').execute();
    expect(keyCount).toHaveLength(3);
  });

  it('sealing zeroes the keys still in their grace period', () => {
    const retired = keyring.lookup(oldKeyId)!;
    expect(retired.some((b) => b !== 0)).toBe(true);
    keyring.seal();
    expect(retired.every((b) => b === 0)).toBe(true);
    expect(keyring.lookup(oldKeyId)).toBeUndefined();
    expect(keyring.sealed).toBe(true);
  });
});
