import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app.js';
import { auditPlugin } from '../../../src/server/audit/plugin.js';
import type { AuditInput } from '../../../src/server/audit/entry.js';
import type { AppendOptions, AuditLog } from '../../../src/server/audit/log.js';
import { LoginLimiter, loginLimitPlugin } from '../../../src/server/identity/login-limit.js';
import { newToken } from '../../../src/server/identity/tokens.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { isoNow } from '../../../src/store/schema.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * Review M5 (anyone could lock valid tokens out: failures keyed on the printed token prefix, and on
 * the proxy's address behind a reverse proxy) and L1 (requests without credentials were never
 * throttled, and each wrote an fsynced audit entry).
 */
describe.each(['sqlite', 'postgres'] as const)('login limiter on %s', (dialect) => {
  let dir: string;
  let pg: PrivatePostgres | undefined;
  let store: Store;
  let app: FastifyInstance | undefined;
  let good: string;
  let revoked: string;
  /** What the audit plugin appended, with the append options (durability). */
  const appended: { input: AuditInput; o: AppendOptions | undefined }[] = [];
  const fakeLog = { append: async (input: AuditInput, o?: AppendOptions) => void appended.push({ input, o }) } as unknown as AuditLog;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-limit2-'));
    if (dialect === 'postgres') {
      pg = await startPostgres();
      store = await openStore({ databaseUrl: await pg.createDatabase() });
    } else {
      store = await openStore({ dataDir: join(dir, 'data') });
    }
    const now = isoNow();
    await store.db.insertInto('users').values({ id: 'u1', username: 'alice', display_name: null, password_hash: null, disabled_at: null, created_at: now }).execute();
    for (const [name, rev] of [['good', null], ['revoked', now]] as const) {
      const t = newToken('user');
      await store.db
        .insertInto('api_tokens')
        .values({ id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'user', owner_id: 'u1', name, role_id: null, project_id: null, expires_at: null, revoked_at: rev, last_used_at: null, created_at: now })
        .execute();
      if (name === 'good') good = t.token;
      else revoked = t.token;
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(limiter: LoginLimiter, trustProxy?: string): Promise<void> {
    await app?.close();
    appended.length = 0;
    app = await buildServer({ store, logger: false, rootPlugins: [loginLimitPlugin(limiter), auditPlugin(fakeLog)], ...(trustProxy ? { trustProxy } : {}) });
  }
  const call = async (token: string | null, o: { url?: string; method?: 'GET' | 'POST'; from?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (o.from) headers['x-forwarded-for'] = o.from;
    const r = await app!.inject({ method: o.method ?? 'GET', url: o.url ?? '/api/v1/whoami', headers, remoteAddress: '127.0.0.1' });
    return { status: r.statusCode, body: r.body, retryAfter: r.headers['retry-after'] };
  };
  /** A well-formed token (valid checksum) that starts with `good`'s visible prefix. */
  const samePrefix = (): string => {
    for (;;) {
      const t = newToken('user').token;
      if (t !== good) return good.slice(0, 10) + t.slice(10);
    }
  };

  it('wrong tokens sharing a valid token\'s visible prefix never lock that token out (M5 attack A)', async () => {
    await start(new LoginLimiter({ freeFailures: 4, baseBlockMs: 60_000 }));
    for (let i = 0; i < 36; i++) expect([401, 429]).toContain((await call(samePrefix())).status);
    expect((await call(good)).status).toBe(200);
    // The guessing address is blocked for its bad tokens, with the same answer for unknown and revoked ones.
    const unknown = await call(samePrefix());
    const wrong = await call(revoked);
    expect(unknown.status).toBe(429);
    expect(wrong).toEqual(unknown);
    expect(Number(unknown.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(JSON.parse(unknown.body).error.code).toBe('E_RATE_LIMITED');
    expect((await call('garbage')).status).toBe(429);
    // And the valid token, through the cache or not, is served throughout.
    expect((await call(good)).status).toBe(200);
  });

  it('behind a trusted proxy, failures count per client (--trust-proxy), and a valid token passes even for a blocked client (M5 attack B)', async () => {
    await start(new LoginLimiter({ freeFailures: 3, baseBlockMs: 60_000 }), '127.0.0.1');
    for (let i = 0; i < 5; i++) await call(newToken('user').token, { from: '203.0.113.7' });
    expect((await call(newToken('user').token, { from: '203.0.113.7' })).status).toBe(429);
    // Another client behind the same proxy is not affected.
    expect((await call(newToken('user').token, { from: '198.51.100.9' })).status).toBe(401);
    expect((await call(good, { from: '198.51.100.9' })).status).toBe(200);
    expect((await call(good, { from: '203.0.113.7' })).status).toBe(200);
  });

  it('without --trust-proxy, X-Forwarded-For is ignored: a client cannot dodge its block by naming another address', async () => {
    await start(new LoginLimiter({ freeFailures: 3, baseBlockMs: 60_000 }));
    for (let i = 0; i < 5; i++) await call(newToken('user').token, { from: `203.0.113.${i}` });
    expect((await call(newToken('user').token, { from: '198.51.100.9' })).status).toBe(429);
    expect((await call(good, { from: '198.51.100.9' })).status).toBe(200);
  });

  it('requests without credentials are throttled too (L1): 429 after the free failures, public routes and valid tokens still served, refusals audited with deferred fsync', async () => {
    await start(new LoginLimiter({ freeFailures: 100, freeAnonymousFailures: 5, baseBlockMs: 60_000 }));
    for (let i = 0; i < 5; i++) expect((await call(null, { method: 'POST', url: `/api/v1/x${i}` })).status).toBe(401);
    const blocked = await call(null, { method: 'POST', url: '/api/v1/projects' });
    expect(blocked.status).toBe(429);
    expect((await call(null, { url: '/api/v1/whoami' })).status).toBe(429);
    expect((await call(null, { url: '/no/such/path' })).status).toBe(429);
    // Public routes answer anonymous clients all the same; a token holder from the address too.
    expect((await call(null, { url: '/api/v1/health' })).status).toBe(200);
    expect((await call(good)).status).toBe(200);
    // Token failures are counted on their own: the anonymous block did not touch them.
    expect((await call(newToken('user').token)).status).toBe(401);

    await new Promise((r) => setTimeout(r, 50)); // onResponse appends after the answer
    const refusals = appended.filter((a) => a.input.outcome === 'deny');
    expect(refusals.length).toBe(9);
    for (const a of refusals) {
      expect(a.input.actor).toBe('anonymous');
      expect(a.o?.durability).toBe('read');
    }
    expect(refusals.filter((a) => (a.input.detail as { status: number }).status === 429).length).toBe(3);
  });
});

describe('LoginLimiter.anyBlocked', () => {
  it('is false until a block is set, true while any block lasts, and false once the latest has ended', () => {
    let t = 1_000_000;
    const limiter = new LoginLimiter({ baseBlockMs: 1_000, now: () => t });
    expect(limiter.anyBlocked()).toBe(false);
    limiter.fail('ip:a', 2);
    expect(limiter.anyBlocked()).toBe(false); // a free failure blocks nothing
    limiter.fail('ip:a', 2); // blocked 1 s
    expect(limiter.anyBlocked()).toBe(true);
    t += 500;
    limiter.fail('ip:b', 2);
    limiter.fail('ip:b', 2); // blocked until t + 1 s, later than ip:a's block
    t += 600; // ip:a's block is over, ip:b's is not
    expect(limiter.blockedFor('ip:a')).toBe(0);
    expect(limiter.anyBlocked()).toBe(true);
    t += 500;
    expect(limiter.blockedFor('ip:b')).toBe(0);
    expect(limiter.anyBlocked()).toBe(false);
  });
});
