import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { api, okApi, serverEnv, ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, tokens from the command line as a new user meets them: the built `rampart tokens`
 * against a real `rampart server` on both dialects. An admin issues a user's first token, the
 * user (logged in on their own) issues a token for a project's service account, the admin lists
 * it with who issued it (text and JSON) and revokes it through the project's and the server-wide
 * service-account routes; the revoked tokens stop working. On the way the bot's token runs
 * `rampart secrets exec` (the secret reaches the child only). Bad input exits 2 with the fix named.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe.each(['sqlite', 'postgres'] as const)('rampart tokens against rampart server on %s', (dialect) => {
  it('create for a user and a service account, list with issued-by, revoke by the project and server-wide routes', async () => {
    const { root, env, admin, srv } = await bed.serve('rampart-e2e-tokens-', dialect);
    try {
      const cli = (args: string[], e = env) => runCli(args, { env: e });
      const ok = okApi(srv.url, admin);
      expect((await cli(['login', '--server', srv.url, '--token', admin])).code).toBe(0);

      await ok('POST', '/api/v1/projects', { name: 'shop' });
      const carol = await ok('POST', '/api/v1/users', { username: 'carol' });
      await ok('POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'user', principalId: carol.id, role: 'admin' });
      const bot = await ok('POST', '/api/v1/projects/shop/service-accounts', { name: 'bot' });
      await ok('POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'service_account', principalId: bot.id, role: 'deployer' });

      // The admin issues carol's first token by username; it is printed once, on stdout alone.
      const first = await cli(['tokens', 'create', '--user', 'carol', '--name', 'laptop', '--expires-in', '3600']);
      expect(first.code, first.stderr).toBe(0);
      const carolToken = first.stdout.trim();
      expect(carolToken).toMatch(/^rmp_u_/);
      expect(first.stderr).toContain('shown only this once');
      expect(first.stderr).not.toContain(carolToken);

      // carol logs in on her own machine and issues a token for the project's bot.
      const carolHome = join(root, 'carol-home');
      mkdirSync(carolHome);
      const carolEnv = serverEnv(carolHome);
      expect((await cli(['login', '--server', srv.url, '--token', carolToken], carolEnv)).code).toBe(0);
      const botTok = await cli(['tokens', 'create', '--service-account', 'bot', '--project', 'shop', '--name', 'deploy'], carolEnv);
      expect(botTok.code, botTok.stderr).toBe(0);
      const botToken = botTok.stdout.trim();
      expect(botToken).toMatch(/^rmp_s_/);
      expect((await api(srv.url, botToken, 'GET', '/api/v1/projects/shop')).status).toBe(200);

      // The admin lists bot's tokens: carol issued it.
      const listed = await cli(['tokens', 'list', '--service-account', 'bot', '--project', 'shop', '--format', 'json']);
      expect(listed.code, listed.stderr).toBe(0);
      const rows = JSON.parse(listed.stdout) as { id: string; name: string; issuedBy: string | null; revokedAt: string | null }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ name: 'deploy', issuedBy: `user:${carol.id}`, revokedAt: null });
      expect(listed.stdout).not.toContain(botToken);
      const text = await cli(['tokens', 'list', '--service-account', bot.id, '--project', 'shop']);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/ISSUED BY/);
      // Names, not ids: the owner and who issued it.
      expect(text.stdout).toContain('user carol');
      expect(text.stdout).toContain('service account bot');
      expect(rows[0]).toMatchObject({ issuedByName: 'carol', ownerName: 'bot' });
      expect(text.stdout).toMatch(/\bactive\b/);
      // The token of a project's account is narrowed to the project: shown by name.
      const row = text.stdout.split('\n').find((l) => l.startsWith(rows[0]!.id))!.split(/ {2,}/);
      expect(row.slice(4, 6)).toEqual(['shop', 'active']);
      // carol's own tokens: the one the admin issued for her says so.
      const own = await cli(['tokens', 'list', '--format', 'json'], carolEnv);
      expect(JSON.parse(own.stdout)).toMatchObject([{ name: 'laptop', issuedBy: expect.stringMatching(/^user:/) }]);

      // The bot's token reads the vault through the CLI: put (from a file, never argv) by the
      // admin, then exec gives the secret to one child process only and passes its exit code on.
      const valueFile = join(root, 'value.txt');
      writeFileSync(valueFile, 's3cret-value', { mode: 0o600 });
      const put = await cli(['secrets', 'put', '--project', 'shop', '--from-file', valueFile, 'db/password']);
      expect(put.code, put.stderr).toBe(0);
      const botEnv = { ...serverEnv(join(root, 'bot-home')), RAMPART_TOKEN: botToken };
      mkdirSync(join(root, 'bot-home'));
      const exec = await cli(
        ['secrets', 'exec', '--project', 'shop', '--server', srv.url, '--env', 'DB_PASSWORD=db/password', '--', process.execPath, '-e', "process.exit(process.env.DB_PASSWORD === 's3cret-value' ? 7 : 1)"],
        botEnv,
      );
      expect(exec.code, exec.stderr).toBe(7);
      expect(exec.stdout + exec.stderr).not.toContain('s3cret-value');

      // Revoke through the project's service-account route.
      const revoked = await cli(['tokens', 'revoke', rows[0]!.id, '--service-account', 'bot', '--project', 'shop']);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stderr).toContain(`token ${rows[0]!.id} (deploy) revoked`);
      expect((await api(srv.url, botToken, 'GET', '/api/v1/projects/shop')).status).toBe(401);
      const after = await cli(['tokens', 'list', '--service-account', 'bot', '--project', 'shop']);
      expect(after.stdout).toMatch(/\brevoked\b/);

      // An organisation-wide account: issued and revoked through the server-wide routes.
      const org = await ok('POST', '/api/v1/service-accounts', { name: 'org-bot' });
      await ok('POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'service_account', principalId: org.id, role: 'viewer' });
      const orgTok = await cli(['tokens', 'create', '--service-account', 'org-bot', '--name', 'sync']);
      expect(orgTok.code, orgTok.stderr).toBe(0);
      const orgRows = JSON.parse((await cli(['tokens', 'list', '--service-account', 'org-bot', '--format', 'json'])).stdout) as { id: string; issuedBy: string }[];
      expect(orgRows).toHaveLength(1);
      expect(orgRows[0]!.issuedBy).toMatch(/^user:/);
      expect((await cli(['tokens', 'revoke', orgRows[0]!.id, '--service-account', 'org-bot'])).code).toBe(0);
      expect((await api(srv.url, orgTok.stdout.trim(), 'GET', '/api/v1/projects/shop')).status).toBe(401);

      // carol revokes her own token; then it no longer works.
      const mine = JSON.parse(own.stdout) as { id: string }[];
      expect((await cli(['tokens', 'revoke', mine[0]!.id], carolEnv)).code).toBe(0);
      expect((await api(srv.url, carolToken, 'GET', '/api/v1/tokens')).status).toBe(401);
    } finally {
      await srv.stop();
    }
  }, 180_000);

  it('bad input: exit 2 with the fix named, never the token echoed', async () => {
    const { env, admin, srv } = await bed.serve('rampart-e2e-tokens-bad-', dialect);
    try {
      const cli = (args: string[]) => runCli(args, { env });
      expect((await cli(['login', '--server', srv.url, '--token', admin])).code).toBe(0);
      const asToken = await cli(['tokens', 'revoke', admin]);
      expect(asToken.code).toBe(2);
      expect(asToken.stderr).toContain('expected a token id');
      expect(asToken.stderr).not.toContain(admin);
      const both = await cli(['tokens', 'list', '--user', 'x', '--service-account', 'y']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('exclude each other');
      const nobody = await cli(['tokens', 'list', '--service-account', 'ghost']);
      expect(nobody.code).toBe(2);
      expect(nobody.stderr).toContain('--service-account ghost: no such service account');
      const format = await cli(['tokens', 'list', '--format', 'xml']);
      expect(format.code).toBe(2);
      const unknown = await cli(['tokens', 'revoke', 'no-such-id']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no such token among your own tokens; another owner\'s token needs --service-account, --user or --project');
    } finally {
      await srv.stop();
    }
  }, 120_000);
});
