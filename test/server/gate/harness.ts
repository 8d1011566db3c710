import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildServer } from '../../../src/server/app.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { BUILTIN_ROLES } from '../../../src/server/identity/rbac.js';
import { newToken, type TokenKind } from '../../../src/server/identity/tokens.js';
import { SqliteWriter } from '../../../src/server/writer/writer.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { isoNow, type OwnerKind } from '../../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface Harness {
  store: Store;
  audit: AuditLog;
  app: FastifyInstance;
  base: string;
  /** The audit log's checkpoint key (for verifyAudit). */
  auditPublicKey: KeyObject;
  /** Principal ids and tokens by name: dev, dev2, sec, viewer, admin, hook (a service account, deployer globally), outsider. */
  tokens: Record<string, string>;
  ids: Record<string, string>;
  call(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/**
 * A real server on 127.0.0.1 over a fresh store (SQLite in a temp dir, or a private PostgreSQL
 * cluster), with projects `shop` (p1) and `other` (p2) and one user per role of interest.
 */
export async function startHarness(dialect: Dialect, plugins: (store: Store, audit: AuditLog) => FastifyPluginAsync[], opts: { writer?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-gate-'));
  let pg: PrivatePostgres | undefined;
  let store: Store;
  if (dialect === 'postgres') {
    pg = await startPostgres();
    store = await openStore({ databaseUrl: await pg.createDatabase() });
  } else {
    store = await openStore({ dataDir: join(dir, 'data') });
  }
  const now = isoNow();
  const db = store.db;
  await db.insertInto('projects').values([
    { id: 'p1', name: 'shop', description: null, created_at: now },
    { id: 'p2', name: 'other', description: null, created_at: now },
  ]).execute();
  await db.insertInto('roles').values(BUILTIN_ROLES.map((r) => ({ id: r.id, name: r.name, project_id: null, permissions: JSON.stringify(r.permissions), description: null, builtin: 1, created_at: now }))).execute();
  const users: [string, string, string | null][] = [
    ['dev', 'developer', 'p1'],
    ['dev2', 'developer', 'p1'],
    ['sec', 'security-admin', 'p1'],
    ['viewer', 'viewer', 'p1'],
    ['admin', 'admin', null],
    ['outsider', 'developer', 'p2'],
  ];
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const addToken = async (ownerKind: OwnerKind, ownerId: string, kind: TokenKind) => {
    const t = newToken(kind);
    await db.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: ownerKind, owner_id: ownerId, name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now }).execute();
    return t.token;
  };
  for (const [name, role, project] of users) {
    await db.insertInto('users').values({ id: `u-${name}`, username: name, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    await db.insertInto('role_bindings').values({ id: `b-${name}`, principal_kind: 'user', principal_id: `u-${name}`, role_id: role, project_id: project, created_by: null, created_at: now }).execute();
    tokens[name] = await addToken('user', `u-${name}`, 'user');
    ids[name] = `user:u-${name}`;
  }
  await db.insertInto('service_accounts').values({ id: 'sa-hook', name: 'admission', project_id: null, description: null, disabled_at: null, created_at: now }).execute();
  await db.insertInto('role_bindings').values({ id: 'b-hook', principal_kind: 'service_account', principal_id: 'sa-hook', role_id: 'deployer', project_id: null, created_by: null, created_at: now }).execute();
  tokens.hook = await addToken('service_account', 'sa-hook', 'service');
  ids.hook = 'service_account:sa-hook';

  // writer: audit entries and inserts go through the SQLite writer thread, as `rampart server` runs.
  const writer = opts.writer && store.sqlite ? await SqliteWriter.open(store.sqlite.file) : undefined;
  const auditKeys = generateKeyPairSync('ed25519');
  const audit = await AuditLog.open(store, { signingKey: auditKeys.privateKey, ...(writer ? { writer } : {}) });
  const app = await buildServer({ store, logger: false, plugins: plugins(store, audit) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  return {
    store,
    audit,
    app,
    base,
    auditPublicKey: auditKeys.publicKey,
    tokens,
    ids,
    async call(method, path, token, body) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await r.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = text;
      }
      return { status: r.status, json };
    },
    async close() {
      await app.close();
      await audit.close().catch(() => undefined);
      await writer?.close().catch(() => undefined);
      await store.close();
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Audit entries with this action, oldest first. */
export async function auditOf(store: Store, action: string) {
  return store.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('seq').execute();
}
