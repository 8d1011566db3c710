import { generateKeyPairSync } from 'node:crypto';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/server/audit/log.js';
import { verifyAudit } from '../../../src/server/audit/verify.js';
import type { Store } from '../../../src/store/db.js';
import { auditBackends } from './backends.js';

/**
 * Durability classes without a writer thread: on PostgreSQL the transaction of a read's or a
 * decision's audit entry commits with synchronous_commit off; every other one waits for its flush.
 */

const backends = auditBackends();
afterAll(() => backends.cleanup());

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const ev = (i: number) => ({ actor: 'user:u1', action: 'secret.read', resource: `project:one/secret:s${i}`, outcome: 'allow', detail: { i } });

/** Records the raw SQL statements run through the store (the audit log's own queries are builders). */
function recording(store: Store): { store: Store; raw: string[] } {
  const raw: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const node = args.node as RootOperationNode & { sqlFragments?: readonly string[] };
      if (node.kind === 'RawNode' && node.sqlFragments) raw.push(node.sqlFragments.join('?').trim().toLowerCase());
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return Promise.resolve(args.result);
    },
  };
  return { store: { ...store, db: store.db.withPlugin(plugin) }, raw };
}

const ASYNC = 'set local synchronous_commit = off';
const count = (raw: string[]) => raw.filter((s) => s === ASYNC).length;

describe('audit durability on PostgreSQL', () => {
  it('commits read and decision entries with synchronous_commit off, and nothing else', async () => {
    const { store: base } = await backends.open('postgres');
    const { store, raw } = recording(base);
    const log = await AuditLog.open(store, { signingKey: privateKey, checkpointEvery: 100_000 });
    await log.append(ev(1), { durability: 'read' });
    expect(count(raw)).toBe(1);
    await log.append(ev(2));
    await log.append(ev(3), { durability: 'full' });
    expect(count(raw)).toBe(1);
    await log.appendBatch([ev(4), ev(5)], { durability: 'read' });
    expect(count(raw)).toBe(2);

    const now = new Date().toISOString();
    await base.db.insertInto('projects').values({ id: 'p-dur', name: 'dur', description: null, created_at: now }).onConflict((oc) => oc.doNothing()).execute();
    const row = (id: string) => ({ id, project_id: 'p-dur', environment: 'prod', image_digest: `sha256:${'a'.repeat(64)}`, commit: null, decision: 'allow', reasons: '[]', actor: 'user:u1', ts: now });
    await log.insertWithEntry('deployment_decisions', row(`d-${Date.now()}-1`), { ...ev(6), action: 'deploy.check' }, { durability: 'read' });
    expect(count(raw)).toBe(3);
    await log.insertWithEntry('deployment_decisions', row(`d-${Date.now()}-2`), { ...ev(7), action: 'deploy.check' });
    expect(count(raw)).toBe(3);

    // server.auditSync full: every entry waits for its flush.
    const full = await AuditLog.open(store, { signingKey: privateKey, checkpointEvery: 100_000, auditSync: 'full' });
    await full.append(ev(8), { durability: 'read' });
    expect(count(raw)).toBe(3);

    await log.close();
    await full.close();
    expect(await verifyAudit(base, publicKey)).toMatchObject({ ok: true, entries: 8 });
  });

  it('does not touch SQLite without a writer thread (its commits are always fsynced)', async () => {
    const { store: base } = await backends.open('sqlite');
    const { store, raw } = recording(base);
    const log = await AuditLog.open(store, { signingKey: privateKey, checkpointEvery: 100_000 });
    await log.append(ev(1), { durability: 'read' });
    expect(count(raw)).toBe(0);
    await log.close();
    expect(await verifyAudit(base, publicKey)).toMatchObject({ ok: true, entries: 1 });
  });
});
