import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { isoAt } from '../../src/store/schema.js';
import { runCli } from '../helpers/cli.js';
import { ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, people's tokens with a default lifetime and the way back in, with the built CLI against
 * a real `rampart server` on both dialects: a person's token made without --expires lives 30 days
 * and renews; once every token has lapsed, `rampart server admin-token` on the server host (the
 * server running) gives an admin token that makes a lasting one; without the data directory it is
 * exit 2. Run on a private build: RAMPART_TEST_BIN=/tmp/<you>/bin/rampart.js.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe.each(['sqlite', 'postgres'] as const)('default lifetime and admin recovery from the CLI on %s', (dialect) => {
  it("person's token 30 d → renew → all lapse → server admin-token → a lasting token", async () => {
    const { env, admin, srv, dataDir } = await bed.serve('rampart-e2e-recover-', dialect);
    try {
      const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { env: { ...env, ...extra } });
      const ok = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
        const r = await cli(args, extra);
        expect(r.code, `rampart ${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      await ok(['login', '--server', srv.url, '--token', admin]);
      await ok(['users', 'create', 'bob']);
      const bob = (await ok(['tokens', 'create', '--user', 'bob', '--name', 'laptop'])).stdout.trim();
      const who = JSON.parse((await ok(['whoami', '-f', 'json', '--server', srv.url], { RAMPART_TOKEN: bob, XDG_CONFIG_HOME: join(dataDir, '..', 'nobody') })).stdout) as { tokenExpiresAt: string };
      const left = Date.parse(who.tokenExpiresAt) - Date.now();
      // 30 days, capped by the bootstrap token's day? No: the bootstrap token caps nothing.
      expect(left).toBeGreaterThan(30 * 86400_000 - 60_000);
      expect(left).toBeLessThanOrEqual(30 * 86400_000);
      const renewed = await ok(['tokens', 'renew', '--server', srv.url], { RAMPART_TOKEN: bob, XDG_CONFIG_HOME: join(dataDir, '..', 'nobody') });
      expect(renewed.stdout + renewed.stderr).toMatch(/expires in (29|30) d/);

      // Every token lapses: the admin is locked out.
      const store = await openStore(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir });
      try {
        await store.db.updateTable('api_tokens').set({ expires_at: isoAt(Date.now() - 1000) }).execute();
      } finally {
        await store.close();
      }
      expect((await cli(['whoami'])).code).toBe(2);

      const missing = await cli(['server', 'admin-token', '--data-dir', join(dataDir, 'nope')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('not found');
      expect(missing.stdout).toBe('');

      const rec = await ok(['server', 'admin-token', '--data-dir', dataDir]);
      const token = rec.stdout.trim();
      expect(token).toMatch(/^rmp_u_/);
      expect(rec.stderr).toContain('made user "recovery"');
      await ok(['login', '--server', srv.url, '--token', token]);
      const lasting = (await ok(['tokens', 'create', '--user', 'admin', '--name', 'laptop', '--expires', '30d'])).stdout.trim();
      await ok(['login', '--server', srv.url, '--token', lasting]);
      expect((await ok(['whoami'])).stdout).toMatch(/token expires in (29|30) d/);
      const audit = await ok(['audit', 'verify', '--data-dir', dataDir]);
      expect(audit.stdout + audit.stderr).not.toContain(token);
    } finally {
      await srv.stop();
    }
  }, 180_000); // a dozen CLI runs, each a cold Node start on a shared machine
});
