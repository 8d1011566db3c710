import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/server/audit/log.js';
import { checkDeployment } from '../../../src/server/gate/check.js';
import { gateReads } from '../../../src/server/gate/facts.js';
import type { Store } from '../../../src/store/db.js';
import { migrateToLatest, migrations } from '../../../src/store/migrations/index.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * Migration 0009 on a database that already holds a policy, an environment and a person's scan:
 * the stored policy gets an explicit `evidence: "any"` and keeps allowing what it allowed, while
 * the same document saved anew would mean `ci` and deny.
 */

const DIGEST = 'sha256:' + 'f'.repeat(64);
const COMMIT = 'f00dfeed';
const OLD_DOC = JSON.stringify({ version: 1, maxOpenSeverity: {}, requiredScanners: ['sast'], scanWindowHours: 168, denyExpiredWaivers: true, signature: null });

describe.each(['sqlite', 'postgres'] as const)('migration 0009 on %s', (dialect) => {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store;
  let audit: AuditLog;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-0009-'));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const db = store.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(store.dialect) } });
    const down = await migrator.migrateTo('0008_waiver_requester_token');
    expect(down.error).toBeUndefined();
    // Rows as a server before 0009 wrote them.
    const now = isoNow();
    await db.insertInto('projects').values({ id: 'p1', name: 'shop', description: null, created_at: now }).execute();
    await db.insertInto('policies').values([
      { id: 'pol-old', project_id: 'p1', name: 'old', document: OLD_DOC, created_at: now, updated_at: now },
      { id: 'pol-bad', project_id: 'p1', name: 'bad', document: 'not json', created_at: now, updated_at: now },
    ]).execute();
    await db.insertInto('environments').values([
      { id: 'e1', project_id: 'p1', name: 'prod', policy_id: 'pol-old', fail_closed: 1, created_at: now },
    ]).execute();
    await db.insertInto('scans').values({ id: 'sc-old', project_id: 'p1', commit: COMMIT, image_digest: DIGEST, scanners: '["sast"]', uploaded_by: 'user:u1', created_at: now }).execute();
    // Later migrations run too; 0009 is the first.
    expect((await migrateToLatest(db, store.dialect))[0]).toBe('0009_scan_evidence');
    audit = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey });
  }, 120_000);

  afterAll(async () => {
    await audit?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = () =>
    checkDeployment(store, gateReads(store), audit, { projectId: 'p1', project: 'shop', env: 'prod', imageDigest: DIGEST, commit: COMMIT, actor: 'user:u2', requestId: 'r1', now: new Date(Date.now() + 1000) });

  it('gives old documents evidence "any", so the environment decides as before; a broken one is left as it was', async () => {
    const rows = await store.db.selectFrom('policies').select(['id', 'document']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.document === 'not json' ? r.document : JSON.parse(r.document)])).toEqual([
      ['pol-bad', 'not json'],
      ['pol-old', { ...JSON.parse(OLD_DOC), evidence: 'any' }],
    ]);
    const scan = await store.db.selectFrom('scans').selectAll().where('id', '=', 'sc-old').executeTakeFirstOrThrow();
    expect(scan).toMatchObject({ uploader_kind: null, uploader_name: null, uploader_token_id: null, uploader_policy_id: null, uploader_sha: null });
    expect(await check()).toMatchObject({ allow: true, reasons: [{ code: 'ok', message: 'required scans present (sast)' }] });
  });

  it('the same document saved without evidence now means ci: the unattributed old scan does not count', async () => {
    await store.db.updateTable('policies').set({ document: OLD_DOC }).where('id', '=', 'pol-old').execute();
    const v = await check();
    expect(v.allow).toBe(false);
    expect(v.reasons.map((r) => r.code)).toEqual(['missing-scan', 'not-evidence']);
    expect(v.reasons[1]!.message).toBe('scan sc-old is not CI evidence: it was uploaded before Rampart recorded who uploads scans');
  });
});
