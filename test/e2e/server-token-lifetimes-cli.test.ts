import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, token lifetimes with the built CLI against a real `rampart server` on both dialects:
 * the bootstrap token expires within a day and cannot be renewed but makes a 90-day token; login
 * and whoami show the expiry; `tokens renew` stores a new token and the old one stops; a person's
 * token without --expires (the 30-day default) ends no later than the 90-day token that made it;
 * `deploy history --all` and `findings list --waived` run.
 * Run on a private build: RAMPART_TEST_BIN=/tmp/<you>/bin/rampart.js.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe.each(['sqlite', 'postgres'] as const)('token lifetimes from the CLI on %s', (dialect) => {
  it('bootstrap (24 h, not renewable) → a 90-day token → whoami expiry → renew → capped by the issuing token', async () => {
    const { env, admin, srv } = await bed.serve('rampart-e2e-lifetimes-', dialect);
    try {
      const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extra } });
      const ok = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
        const r = await cli(args, extra);
        expect(r.code, `rampart ${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      const boot = await ok(['login', '--server', srv.url, '--token', admin]);
      expect(boot.stderr).toMatch(/expires in 2[0-3] h \(\d{4}-\d\d-\d\d\)/);
      expect(boot.stderr).toContain('warning: the token expires in');
      // whoami marks the bootstrap token, so the warning names its way on (not renewal).
      expect(boot.stderr).toContain('the bootstrap token is not renewed');
      const refused = await cli(['tokens', 'renew']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('the bootstrap token is not renewed');

      const laptop = (await ok(['tokens', 'create', '--name', 'laptop', '--expires', '90d'])).stdout.trim();
      const login = await ok(['login', '--server', srv.url, '--token', laptop]);
      expect(login.stderr).toMatch(/expires in 89 d \(\d{4}-\d\d-\d\d\)\)/);
      expect((await ok(['whoami'])).stdout).toMatch(/^token expires in 89 d \(\d{4}-\d\d-\d\d\)$/m);

      const renewed = await ok(['tokens', 'renew']);
      expect(renewed.stderr).toMatch(/token renewed for .*expires in 89 d .*the old one is revoked/);
      expect((await ok(['whoami', '-f', 'json'])).stdout).toContain('"tokenExpiresAt"');
      // The old token is dead at once.
      const old = await cli(['whoami', '--server', srv.url], { RAMPART_TOKEN: laptop, XDG_CONFIG_HOME: '/nonexistent-rampart-e2e' });
      expect(old.code).toBe(2);

      const mine = await ok(['tokens', 'create', '--name', 'mine']);
      expect(mine.stderr).toContain("(the server's default;");
      const list = JSON.parse((await ok(['tokens', 'list', '-f', 'json'])).stdout) as { name: string; expiresAt: string | null; revokedAt: string | null }[];
      const made = list.find((t) => t.name === 'mine')!;
      expect(Date.parse(made.expiresAt!)).toBeGreaterThan(Date.now() + 29 * 86400_000);
      expect(list.filter((t) => t.name === 'laptop').map((t) => t.revokedAt === null).sort()).toEqual([false, true]);

      await ok(['projects', 'create', 'tmp-lifetimes']);
      expect((await ok(['deploy', 'history', '--project', 'tmp-lifetimes', '--all'])).stdout).toBe('no deployment decisions\n');
      expect((await ok(['findings', 'list', '--project', 'tmp-lifetimes', '--waived'])).stdout).toBe('no findings\n');
    } finally {
      await srv.stop();
    }
  });
});
