import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { tokenAuthenticator, type Authenticate } from '../../../src/server/auth.js';
import { AuditLog } from '../../../src/server/audit/log.js';
import { auditPlugin, type AuditPlugin } from '../../../src/server/audit/plugin.js';
import { identityRoutes } from '../../../src/server/identity/routes.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { masterKeyCheck, masterKeyIdOf, seedBuiltinRoles } from '../../../src/server/init.js';
import { Keyring } from '../../../src/server/vault/master-key.js';
import { vaultRoutes } from '../../../src/server/vault/routes.js';
import { Vault } from '../../../src/server/vault/vault.js';
import type { Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { openDialectStore, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * The server the identity guard tests share: identity and vault routes with the audit plugin on
 * one dialect's store, projects `shop` and `other`, the given secrets in shop, and three users:
 * root (server admin), carol (admin of shop on app/** secrets only) and sam (admin of shop on
 * every path). Call inside a describe: it registers that describe's beforeAll/afterAll.
 */
export interface ShopHarness {
  /** The store (set once beforeAll ran). */
  readonly store: Store;
  /** http://127.0.0.1:<port> of the running server. */
  readonly base: string;
  /** Tokens and ids by user name (root, carol, sam, and those made with `user`). */
  tok: Record<string, string>;
  ids: Record<string, string>;
  /** JSON call with a bearer token. */
  call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** A user with a token of its own (no bindings yet). */
  user(name: string): Promise<void>;
  bind(path: string, principalKind: 'user' | 'service_account', principalId: string, role: string, paths?: string[], token?: string): Promise<{ status: number; json: any }>;
  /** Audit entries of refused or denied requests whose detail names `code`. */
  refusals(code: string): Promise<Record<string, unknown>[]>;
}

export const SHOP = '/api/v1/projects/shop';

export function shopHarness(
  dialect: 'sqlite' | 'postgres',
  opts: {
    tmpPrefix: string;
    secrets: string[];
    /** Wraps the server's token authenticator (to observe or delay authentication). */
    wrapAuth?: (inner: Authenticate) => Authenticate;
    /** Trust policies may name http:// issuers on loopback (tests running their own JWKS). */
    allowInsecureLoopback?: boolean;
    /** Unauthenticated plugins (e.g. the OIDC exchange), made once the store and audit log exist. */
    publicPlugins?: (store: Store, log: AuditLog) => FastifyPluginAsync[];
    /** The server's --user-token-ttl (seconds; unset = the default, USER_TOKEN_TTL_S: 30 days; null = none). */
    userTokenTtlSeconds?: number | null;
  },
): ShopHarness {
  let pg: PrivatePostgres | undefined;
  let dir: string;
  let store: Store | undefined;
  let log: AuditLog;
  let audit: AuditPlugin;
  let keyring: Keyring;
  let app: FastifyInstance;
  let base: string;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const db = () => store!.db;

  const h: ShopHarness = {
    get store() {
      return store!;
    },
    get base() {
      return base;
    },
    tok,
    ids,
    async call(method, path, token, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : undefined };
    },
    async user(name) {
      const now = isoNow();
      ids[name] = `u-${name}`;
      await db().insertInto('users').values({ id: ids[name]!, username: name, display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
      const t = newToken('user');
      await db()
        .insertInto('api_tokens')
        .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: ids[name]!, name: 'test', role_id: null, project_id: null, expires_at: null, revoked_at: null, last_used_at: null, created_at: now })
        .execute();
      tok[name] = t.token;
    },
    bind: (path, principalKind, principalId, role, paths, token = tok.root!) =>
      h.call('POST', path, token, { principalKind, principalId, role, ...(paths ? { paths } : {}) }),
    async refusals(code) {
      await audit.settled();
      const rows = await db().selectFrom('audit_entries').selectAll().where('outcome', 'in', ['deny', 'refused']).orderBy('seq').execute();
      return rows.filter((e) => String(e.detail).includes(code));
    },
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix));
    ({ store, pg } = await openDialectStore(dialect, join(dir, 'data')));
    const now = isoNow();
    await seedBuiltinRoles(db(), now);
    await h.user('root');
    await db().insertInto('role_bindings').values({ id: 'b-root', principal_kind: 'user', principal_id: ids.root!, role_id: 'admin', project_id: null, created_by: null, created_at: now }).execute();

    const key = randomBytes(32);
    await db().insertInto('master_keys').values({ id: masterKeyIdOf(key), check_value: masterKeyCheck(key), created_at: now, retired_at: null }).execute();
    keyring = await Keyring.load(store!);
    keyring.add(key);
    const vault = await Vault.open(store!, keyring);

    log = await AuditLog.open(store!, { signingKey: generateKeyPairSync('ed25519').privateKey, checkpointEvery: 1_000_000 });
    audit = auditPlugin(log);
    const authenticate = opts.wrapAuth ? opts.wrapAuth(tokenAuthenticator(store!)) : undefined;
    app = await buildServer({
      store: store!,
      logger: false,
      ...(authenticate ? { authenticate } : {}),
      rootPlugins: [audit],
      plugins: [identityRoutes({ store: store!, audit: log, allowInsecureLoopback: opts.allowInsecureLoopback ?? false, ...(opts.userTokenTtlSeconds !== undefined ? { userTokenTtlSeconds: opts.userTokenTtlSeconds } : {}) }), vaultRoutes({ vault, audit: log })],
      ...(opts.publicPlugins ? { publicPlugins: opts.publicPlugins(store!, log) } : {}),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    for (const name of ['shop', 'other']) expect((await h.call('POST', '/api/v1/projects', tok.root!, { name })).status).toBe(201);
    for (const p of opts.secrets) expect((await h.call('PUT', `${SHOP}/secrets/${p}`, tok.root!, { value: `v-${p}` })).status).toBe(200);
    await h.user('carol');
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', ids.carol!, 'admin', ['app/**'])).status).toBe(201);
    await h.user('sam');
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', ids.sam!, 'admin')).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    keyring?.seal();
    await app?.close();
    await log?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  return h;
}
