import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { api, ServerTestBed, startServerProcess } from '../helpers/server-process.js';

/**
 * Issue 7, master key from Shamir shares, as an operator runs it with the built CLI:
 * `rampart server init --key-shares 5 --key-threshold 3` prints the token and the shares once and
 * writes no key; `rampart server` starts sealed (vault 503) and `rampart server unseal` takes the
 * shares on stdin (a bad or repeated one is refused without losing progress); an admin can seal
 * again; a restart is sealed again. No share, token or secret value reaches the trace-level server
 * log or the audit export, and the audit log verifies. On SQLite and PostgreSQL.
 */

const bed = new ServerTestBed();
const children = bed.children;

afterAll(() => bed.cleanup());

async function startServer(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ url: string; log: () => string; stop(): Promise<number | null> }> {
  const s = await startServerProcess({ dataDir, env, children, logLevel: 'trace' });
  return { url: s.url, log: s.stderr, stop: s.stop };
}

/** The CLI with text on stdin (shares are never given on argv). */
function cliWithStdin(args: string[], env: NodeJS.ProcessEnv, stdin: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const c = execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, timeout: 60_000 }, (e, stdout, stderr) => {
      const code = e ? (typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    c.stdin!.end(stdin);
  });
}

describe.each(['sqlite', 'postgres'] as const)('sealed start and unseal with the built CLI on %s', (dialect) => {
  it('init prints token and shares once; sealed until 3 shares; seal again; a restart is sealed; no share in any log', async () => {
    const { env, dataDir } = await bed.prepare('rampart-e2e-sealed-', dialect);
    const init = await runCli(['server', 'init', '--data-dir', dataDir, '--key-shares', '5', '--key-threshold', '3'], { env });
    expect(init.code, init.stderr).toBe(0);
    const [admin, ...shares] = init.stdout.trim().split('\n');
    expect(admin).toMatch(/^rmp_u_/);
    expect(shares).toHaveLength(5);
    expect(new Set(shares).size).toBe(5);
    for (const s of shares) expect(init.stderr).not.toContain(s);
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false); // the key exists only as shares
    const value = `pw-${Date.now()}-sealed`;
    const secrets = [admin!, value, ...shares];

    const srv = await startServer(dataDir, env);
    const logs: string[] = [];
    try {
      // The note follows the "listening" line, perhaps in a later chunk of stderr.
      for (let i = 0; i < 300 && !/vault is sealed/.test(srv.log()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(srv.log()).toMatch(/vault is sealed.*rampart server unseal/);
      // Like Vault's sys/seal-status: 3 of the 5 shares unseal it, none given yet.
      expect((await api(srv.url, null, 'GET', '/api/v1/sys/seal-status')).json).toMatchObject({ sealed: true, t: 3, n: 5, progress: 0 });
      expect((await api(srv.url, admin!, 'POST', '/api/v1/projects', { name: 'shop' })).status).toBe(201);
      const sealedPut = await api(srv.url, admin!, 'PUT', '/api/v1/projects/shop/secrets/db/password', { value });
      expect(sealedPut.status).toBe(503);
      expect(sealedPut.json.error.code).toBe('E_SEALED');

      // A bogus line and a repeated share are refused; progress is kept; three distinct shares unseal.
      const unseal = await cliWithStdin(['server', 'unseal', '--server', srv.url], env, `${shares[0]}\nnot-a-share\n${shares[0]}\n${shares[3]}\n${shares[4]}\n`);
      expect(unseal.code, unseal.stderr).toBe(0);
      expect(unseal.stderr).toMatch(/refused/);
      expect(unseal.stderr).toMatch(/unsealed/);
      expect(unseal.stderr).toContain('the vault is sealed: 3 of the 5 key shares unseal it; 0 given so far');
      for (const s of shares) expect(unseal.stdout + unseal.stderr).not.toContain(s);
      expect((await api(srv.url, admin!, 'PUT', '/api/v1/projects/shop/secrets/db/password', { value })).status).toBe(200);
      expect((await api(srv.url, admin!, 'GET', '/api/v1/projects/shop/secrets/db/password')).json.value).toBe(value);

      // An admin seals the vault again: reads stop until shares come back.
      expect((await api(srv.url, admin!, 'POST', '/api/v1/sys/seal')).json).toMatchObject({ sealed: true });
      expect((await api(srv.url, admin!, 'GET', '/api/v1/projects/shop/secrets/db/password')).status).toBe(503);
      const two = await cliWithStdin(['server', 'unseal', '--server', srv.url], env, `${shares[1]}\n${shares[2]}\n`);
      expect(two.code).toBe(1); // input ended, still sealed
      expect(two.stderr).toMatch(/still sealed/);
    } finally {
      expect(await srv.stop()).toBe(0);
      logs.push(srv.log());
    }

    // Nothing was kept: a restart is sealed, and any three shares open it.
    const again = await startServer(dataDir, env);
    try {
      expect((await api(again.url, null, 'GET', '/api/v1/sys/seal-status')).json).toMatchObject({ sealed: true });
      const u = await cliWithStdin(['server', 'unseal', '--server', again.url], env, `${shares[1]}\n${shares[2]}\n${shares[4]}\n`);
      expect(u.code, u.stderr).toBe(0);
      expect((await api(again.url, admin!, 'GET', '/api/v1/projects/shop/secrets/db/password')).json.value).toBe(value);
    } finally {
      expect(await again.stop()).toBe(0);
      logs.push(again.log());
    }

    const exp = await runCli(['audit', 'export', '--data-dir', dataDir], { env });
    expect(exp.code, exp.stderr).toBe(0);
    const unseals = exp.stdout.split('\n').filter((l) => l.includes('"vault.unseal"'));
    expect(unseals.some((l) => l.includes('"refused"'))).toBe(true);
    expect(unseals.some((l) => l.includes('"allow"'))).toBe(true);
    const log = logs.join('\n');
    expect(log.length).toBeGreaterThan(1000);
    for (const s of secrets) {
      expect(log.includes(s), `server log holds ${s.slice(0, 8)}…`).toBe(false);
      expect(exp.stdout.includes(s), `audit export holds ${s.slice(0, 8)}…`).toBe(false);
    }
    // Shares are long; their tails alone must not leak either.
    for (const s of shares) expect(log + exp.stdout).not.toContain(s.slice(-16));
    const v = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(v.code, v.stderr + v.stdout).toBe(0);
  }, 120_000);
});
