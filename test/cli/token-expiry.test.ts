import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeExpiry } from '../../src/cli/api/lifetimes.js';
import { formatWhoami, loginFor, loginWithToken, renewCommand, renewHint } from '../../src/cli/login.js';
import { resolveLogin } from '../../src/server/findings/client.js';
import { shopHarness } from '../server/identity/shop-harness.js';

/**
 * Issue 7 in the CLI: a login stores its token's expiry (from the server), whoami shows it ("expires
 * in 29 d (2026-12-28)") and warns under 7 days, and `rampart tokens renew` / `login --renew`
 * store the renewed token in place of the old one.
 */
describe('describeExpiry', () => {
  const now = Date.parse('2026-11-28T12:00:00.000Z');
  it('says how long is left, with the day, and warns under 7 days or once expired', () => {
    expect(describeExpiry('2026-12-28T12:00:00.000Z', now)).toEqual({ text: 'expires in 30 d (2026-12-28)', warn: false });
    expect(describeExpiry('2026-12-05T11:00:00.000Z', now)).toEqual({ text: 'expires in 6 d (2026-12-05)', warn: true });
    expect(describeExpiry('2026-11-28T17:30:00.000Z', now)).toEqual({ text: 'expires in 5 h (2026-11-28)', warn: true });
    expect(describeExpiry('2026-11-26T12:00:00.000Z', now)).toEqual({ text: 'expired 2 d ago (2026-11-26)', warn: true });
    expect(describeExpiry(null, now)).toEqual({ text: 'never expires', warn: false });
  });
  it('whoami prints it under the token line', () => {
    const me = { id: 'user:u1', kind: 'user', name: 'ann', tokenId: 't1', bindings: [], tokenExpiresAt: '2026-12-27T13:00:00.000Z' };
    expect(formatWhoami(me, 'http://127.0.0.1:1', now).split('\n')[1]).toBe('token expires in 29 d (2026-12-27)');
    expect(formatWhoami({ ...me, tokenExpiresAt: null }, 'http://127.0.0.1:1', now).split('\n')[1]).toBe('token never expires');
  });
});

describe('login expiry and renewal against a server (SQLite)', () => {
  const h = shopHarness('sqlite', { tmpPrefix: 'rampart-cli-renew-', secrets: [] });
  const configDir = mkdtempSync(join(tmpdir(), 'rampart-cli-renew-cfg-'));
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it('stores the expiry the server gives, and renews into the credentials file', async () => {
    const made = await h.call('POST', '/api/v1/tokens', h.tok.root!, { name: 'laptop', expiresInSeconds: 3 * 86400 });
    expect(made.status).toBe(201);
    // whoami says the presented token's expiry (what login stores and whoami shows).
    const expiresAt = (await h.call('GET', '/api/v1/whoami', made.json.token)).json.tokenExpiresAt as string;
    expect(expiresAt).toBe(made.json.expiresAt);
    // A token without an end reads null.
    const me = await h.call('GET', '/api/v1/whoami', h.tok.root!);
    expect(me.json.tokenExpiresAt).toBeNull();

    await loginWithToken({ server: h.base, token: made.json.token, expiresAt, configDir });
    expect((await loginFor(undefined, configDir))?.expiresAt).toBe(made.json.expiresAt);

    await renewCommand({ quiet: true }, configDir);
    const stored = (await loginFor(undefined, configDir))!;
    expect(stored.token).not.toBe(made.json.token);
    expect(Date.parse(stored.expiresAt!)).toBeGreaterThan(Date.parse(made.json.expiresAt));
    expect((await h.call('GET', '/api/v1/whoami', stored.token)).status).toBe(200);
    expect((await h.call('GET', '/api/v1/whoami', made.json.token)).status).toBe(401);

    // Renewing the revoked one (another copy of the old login) is refused with what to do.
    await loginWithToken({ server: h.base, token: made.json.token, configDir });
    await expect(renewCommand({ quiet: true }, configDir)).rejects.toMatchObject({ code: 'E_LOGIN_REFUSED' });
  });
});

describe('an expired login (issue 7 review)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-expired-login-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A credentials file holding one login of `kind` that expired on 2026-01-01. */
  function expiredLogin(kind: 'user' | 'ci'): string {
    const cfg = join(dir, kind);
    mkdirSync(cfg, { mode: 0o700 });
    const saved = { server: 'https://rampart.example', token: 'rmp_u_x', kind, expiresAt: '2026-01-01T00:00:00.000Z', savedAt: '2025-12-01T00:00:00.000Z' };
    writeFileSync(join(cfg, 'credentials.json'), JSON.stringify({ version: 1, current: saved.server, servers: { [saved.server]: saved } }), { mode: 0o600 });
    return cfg;
  }

  it("tells a person that the token cannot be renewed and who gives a new one; a CI job logs in again", async () => {
    const now = () => Date.parse('2026-01-02');
    await expect(resolveLogin(undefined, { configDir: expiredLogin('user'), env: {}, now })).rejects.toThrow(/expired at 2026-01-01T00:00:00\.000Z and cannot be renewed: ask an admin for a new token/);
    await expect(resolveLogin(undefined, { configDir: expiredLogin('ci'), env: {}, now })).rejects.toThrow(/expired at 2026-01-01T00:00:00\.000Z; run rampart login again/);
  });

  it('the warning before expiry names the bootstrap token’s way on, which is not renewal', () => {
    expect(renewHint(false)).toContain('rampart tokens renew');
    expect(renewHint(true)).toContain('bootstrap token is not renewed');
    expect(renewHint(true)).toContain('rampart tokens create');
  });
});
