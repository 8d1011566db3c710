import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { digestOf, registerDeploy } from '../../../src/cli/deploy.js';
import { loginWithToken } from '../../../src/cli/login.js';
import { RampartError } from '../../../src/core/errors.js';
import { checkDeployment, resolveLogin, ServerError, uploadScan } from '../../../src/server/findings/client.js';
import { findingsRoutes } from '../../../src/server/findings/routes.js';
import { gateRoutes } from '../../../src/server/gate/routes.js';
import { DIALECTS, startHarness, type Harness } from '../gate/harness.js';
import { rampartReport, sarifLog } from './fixtures.js';

const DIGEST = 'sha256:' + 'e'.repeat(64);
const COMMIT = 'ccccccc1';

describe.each(DIALECTS)('findings client and rampart deploy check (server on %s)', (dialect) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-client-'));
    h = await startHarness(dialect, (store, audit) => [findingsRoutes({ store, audit }), gateRoutes({ store, audit })]);
    await h.call('PUT', '/api/v1/projects/shop/policies/p', h.tokens.sec!, { document: { requiredScanners: ['sast'], maxOpenSeverity: { '*': 'high' }, evidence: 'any' } });
    await h.call('PUT', '/api/v1/projects/shop/environments/prod', h.tokens.sec!, { policy: 'p' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('uploadScan sends a JSON report or SARIF and returns the summary', async () => {
    const s = await uploadScan(h.base, h.tokens.dev!, 'shop', COMMIT, rampartReport([{ fp: 'k1', severity: 'critical' }]), { imageDigest: DIGEST });
    expect(s).toMatchObject({ format: 'rampart', findings: 1, new: 1 });
    const row = await h.store.db.selectFrom('scans').selectAll().where('id', '=', s.scanId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ commit: COMMIT, image_digest: DIGEST });
    const t = await uploadScan(h.base, h.tokens.dev!, 'shop', COMMIT, sarifLog([], { tool: 'Other Tool' }));
    expect(t).toMatchObject({ format: 'sarif', scanners: ['other-tool'], findings: 0 });
  });

  it('server errors carry the server message and never the token', async () => {
    const e = await uploadScan(h.base, h.tokens.viewer!, 'shop', COMMIT, rampartReport([])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).status).toBe(403);
    expect((e as ServerError).message).toBe('server: permission denied: findings:write');
    const bad = await uploadScan(h.base, h.tokens.dev!, 'shop', COMMIT, { tool: { name: 'rampart' }, schemaVersion: '1.0.0', scanners: ['sast'], findings: 'x' }).catch((x: unknown) => x);
    expect((bad as Error).message).toBe('server: report.findings: expected an array');
    const down = await checkDeployment('http://127.0.0.1:1', h.tokens.dev!, { project: 'shop', env: 'prod', imageDigest: DIGEST }).catch((x: unknown) => x);
    expect((down as ServerError).code).toBe('E_SERVER_UNREACHABLE');
    expect((down as Error).message).not.toContain(h.tokens.dev!);
  });

  it('resolveLogin prefers the stored login, falls back to --server with RAMPART_TOKEN, and refuses expired CI logins', async () => {
    const cfg = join(dir, 'cfg1');
    await expect(resolveLogin(undefined, { configDir: cfg, env: {} })).rejects.toThrow(/not logged in: run rampart login/);
    expect(await resolveLogin('http://127.0.0.1:9/', { configDir: cfg, env: { RAMPART_TOKEN: 'rmp_x' } })).toEqual({ server: 'http://127.0.0.1:9', token: 'rmp_x' });
    await loginWithToken({ server: h.base, token: h.tokens.dev!, configDir: cfg });
    expect(await resolveLogin(undefined, { configDir: cfg, env: {} })).toEqual({ server: h.base, token: h.tokens.dev });
    // A user login has no expiry; a CI login past its expiresAt is refused.
    expect((await resolveLogin(undefined, { configDir: cfg, env: {}, now: () => Date.parse('2100-01-01') })).token).toBe(h.tokens.dev);
    const ci = join(dir, 'cfg2');
    mkdirSync(ci, { mode: 0o700 });
    const saved = { server: h.base, token: h.tokens.dev, kind: 'ci', expiresAt: '2026-01-01T00:00:00.000Z', savedAt: '2026-01-01T00:00:00.000Z' };
    writeFileSync(join(ci, 'credentials.json'), JSON.stringify({ version: 1, current: h.base, servers: { [h.base]: saved } }), { mode: 0o600 });
    await expect(resolveLogin(undefined, { configDir: ci, env: {}, now: () => Date.parse('2026-01-02') })).rejects.toThrow(`the login for ${h.base} expired at 2026-01-01T00:00:00.000Z; run rampart login again`);
    expect((await resolveLogin(undefined, { configDir: ci, env: {}, now: () => Date.parse('2025-12-31') })).token).toBe(h.tokens.dev);
  });

  async function runDeploy(args: string[]) {
    let code = -1;
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    const program = new Command('rampart').exitOverride();
    registerDeploy(program, (c) => (code = c));
    try {
      await program.parseAsync(['deploy', 'check', ...args], { from: 'user' });
    } catch (e) {
      code = e instanceof RampartError ? e.exitCode : 99;
      err.push(e instanceof Error ? e.message : String(e));
    } finally {
      vi.restoreAllMocks();
    }
    return { code, out: out.join(''), err: err.join('') };
  }

  it('rampart deploy check exits 1 with reasons on deny, 0 on allow, 2 on errors', async () => {
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    vi.stubEnv('RAMPART_TOKEN', h.tokens.dev!);
    const base = ['--project', 'shop', '--env', 'prod', '--server', h.base];

    // The open critical finding k1 exceeds the policy's "high".
    let r = await runDeploy([...base, '--image', `registry.example.com/shop@${DIGEST}`, '--commit', COMMIT.toUpperCase()]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`deployment of ${DIGEST} to shop/prod: DENY`);
    expect(r.err).toContain('1 open critical sast finding (at most high may stay open)');
    expect(r.err + r.out).not.toContain(h.tokens.dev!);

    // A commit-only scan without k1 does not speak for the image, whose own scan found it...
    await uploadScan(h.base, h.tokens.dev!, 'shop', COMMIT, rampartReport([], ['sast']));
    expect((await runDeploy([...base, '--image', DIGEST, '--commit', COMMIT])).code).toBe(1);
    // ...a new scan of the image without k1 does: the check now allows.
    await uploadScan(h.base, h.tokens.dev!, 'shop', COMMIT, rampartReport([], ['sast']), { imageDigest: DIGEST });
    r = await runDeploy([...base, '--image', DIGEST, '--commit', COMMIT, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'allow', reasons: [{ code: 'ok' }] });
    const decisions = await h.store.db.selectFrom('deployment_decisions').select(['decision', 'commit']).orderBy('ts').execute();
    expect(decisions.map((d) => [d.decision, d.commit])).toEqual([['deny', COMMIT], ['deny', COMMIT], ['allow', COMMIT]]);

    expect((await runDeploy([...base, '--image', 'nginx:latest'])).code).toBe(2);
    expect((await runDeploy([...base, '--image', DIGEST, '--commit', 'main'])).code).toBe(2);
    expect((await runDeploy([...base.slice(0, 4), '--image', DIGEST, '--server', 'http://127.0.0.1:1'])).code).toBe(2);
    const missing = await runDeploy(['--project', 'shop', '--env', 'nope', '--image', DIGEST, '--server', h.base]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('server: project shop has no environment nope');
    vi.stubEnv('RAMPART_TOKEN', '');
    const nologin = await runDeploy([...base, '--image', DIGEST]);
    expect(nologin.code).toBe(2);
    expect(nologin.err).toMatch(/not logged in/);
  });

  it('digestOf takes a bare digest or a pinned reference', () => {
    expect(digestOf(DIGEST)).toBe(DIGEST);
    expect(digestOf(`ghcr.io/acme/web:1.0@${DIGEST}`)).toBe(DIGEST);
    expect(digestOf('ghcr.io/acme/web:1.0')).toBeNull();
    expect(digestOf('sha256:abc')).toBeNull();
  });
});
