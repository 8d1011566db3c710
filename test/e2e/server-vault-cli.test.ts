import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, REPO_ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { api, okApi, serverEnv, ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7 conformance sweep, as a platform team meets it with the built CLI against a real
 * `rampart server` on both dialects: secret metadata before data (policy, cas-required), put from
 * stdin dropping one trailing newline unless --raw, delete/undelete/destroy with their audit
 * entries, history naming the writer, `rampart whoami --project`, tokens narrowed to a role the
 * owner does not hold refused, seal-status {t, n, progress}; and a failed `server init` that
 * leaves no data directory behind.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

/** The built CLI with `input` on stdin. */
function runWithStdin(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...env, NO_COLOR: '1' }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin!.end(input);
  });
}

describe.each(['sqlite', 'postgres'] as const)('vault and identity CLI against rampart server on %s', (dialect) => {
  it('metadata before data, stdin newline, delete/undelete/destroy audited, history by name, whoami, token roles, seal-status', async () => {
    const { root, env, dataDir, admin, srv } = await bed.serve('rampart-e2e-vault-cli-', dialect);
    try {
      const ok = okApi(srv.url, admin);
      await ok('POST', '/api/v1/projects', { name: 'shop' });
      const dev = await ok('POST', '/api/v1/users', { username: 'dana' });
      await ok('POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'user', principalId: dev.id, role: 'developer' });
      const devToken = (await ok('POST', `/api/v1/users/${dev.id}/tokens`, { name: 'cli' })).token as string;
      const home = join(root, 'dana-home');
      mkdirSync(home);
      // serverEnv drops the machine's RAMPART_TOKEN: each one's token is set after it.
      const devEnv = { ...serverEnv(home), RAMPART_TOKEN: devToken };
      const adminEnv = { ...serverEnv(join(root, 'home')), RAMPART_TOKEN: admin };
      const P = ['--project', 'shop', '--server', srv.url];
      const cli = (args: string[], e = devEnv) => runCli(args, { env: e });

      // seal-status: Vault's fields; a key-file server has no t or n.
      expect((await api(srv.url, null, 'GET', '/api/v1/sys/seal-status')).json).toEqual({ sealed: false, t: null, n: null, progress: 0, have: 0 });

      // put from stdin: `echo pw |` stores pw; --raw keeps the newline.
      let r = await runWithStdin(['secrets', 'put', ...P, 'db/password'], 's3cret-one\n', devEnv);
      expect(r.code, r.stderr).toBe(0);
      expect((await cli(['secrets', 'get', ...P, 'db/password'])).stdout).toBe('s3cret-one');
      r = await runWithStdin(['secrets', 'put', ...P, '--raw', 'db/pem'], 'line\n', devEnv);
      expect(r.code, r.stderr).toBe(0);
      expect((await cli(['secrets', 'get', ...P, 'db/pem'])).stdout).toBe('line\n');

      // Metadata before data: policy on a new path, reads say "no versions", the write obeys cas-required.
      r = await cli(['secrets', 'policy', ...P, '--max-versions', '2', '--cas-required', 'true', 'ci/deploy-key']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('metadata only');
      r = await cli(['secrets', 'get', ...P, 'ci/deploy-key']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/no versions/);
      expect((await cli(['secrets', 'list', ...P])).stdout).toMatch(/ci\/deploy-key\tno versions/);
      r = await runWithStdin(['secrets', 'put', ...P, 'ci/deploy-key'], 'k1\n', devEnv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/requires check-and-set/);
      r = await runWithStdin(['secrets', 'put', ...P, '--cas', '0', 'ci/deploy-key'], 'k1\n', devEnv);
      expect(r.code, r.stderr).toBe(0);
      r = await runWithStdin(['secrets', 'rotate', ...P, 'ci/deploy-key'], 'k2\n', devEnv);
      expect(r.code, r.stderr).toBe(0);

      // History names the writer.
      r = await cli(['secrets', 'history', ...P, 'ci/deploy-key']);
      expect(r.stdout).toMatch(/^v2\t\S+\tuser dana\tlive$/m);
      expect(r.stdout).not.toContain(dev.id);

      // delete / undelete / destroy (admin: developer holds no secrets:delete), each audited with its versions.
      r = await cli(['secrets', 'delete', ...P, 'db/password'], adminEnv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('shop/db/password: deleted version 1');
      expect((await cli(['secrets', 'get', ...P, 'db/password'])).stderr).toMatch(/deleted/);
      r = await cli(['secrets', 'undelete', ...P, '--versions', '1', 'db/password'], adminEnv);
      expect(r.stderr).toContain('undeleted version 1');
      expect((await cli(['secrets', 'get', ...P, 'db/password'])).stdout).toBe('s3cret-one');
      r = await cli(['secrets', 'destroy', ...P, 'db/password'], adminEnv);
      expect(r.code).toBe(2);
      r = await cli(['secrets', 'destroy', ...P, '--versions', '1', 'db/password'], adminEnv);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('destroyed version 1');
      r = await cli(['secrets', 'destroy', ...P, '--versions', '1', 'db/password'], adminEnv);
      expect(r.stderr).toContain('nothing destroyed (already destroyed)');
      r = await cli(['secrets', 'undelete', ...P, '--versions', '1', 'db/password'], adminEnv);
      expect(r.stderr).toContain('nothing undeleted (not deleted, or destroyed)');
      expect((await cli(['secrets', 'history', ...P, 'db/password'])).stdout).toMatch(/^v1\t.*\tdestroyed$/m);
      // One secret's metadata, without its value.
      r = await cli(['secrets', 'metadata', ...P, 'db/password']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^v1\t.*\tdestroyed$/m);
      expect(r.stdout).not.toContain('s3cret');

      // whoami: by project name or id.
      r = await cli(['whoami', '--server', srv.url, '--project', 'shop']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^user dana /);
      expect(r.stdout).toMatch(/developer on project shop: .*secrets:read/);
      const shopId = JSON.parse((await cli(['whoami', '--server', srv.url, '-f', 'json'])).stdout).bindings[0].project as string;
      expect(shopId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await cli(['whoami', '--server', srv.url, '--project', shopId])).stdout).toContain('in project shop');
      r = await cli(['whoami', '--server', srv.url, '--project', 'nope']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('project nope not found');

      // tokens create --role: unknown role, or one the owner does not hold: a 4xx, no token printed.
      r = await cli(['tokens', 'create', '--server', srv.url, '--name', 'x', '--project', 'shop', '--role', 'no-such-role']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/no such role no-such-role/);
      r = await cli(['tokens', 'create', '--server', srv.url, '--name', 'x', '--project', 'shop', '--role', 'deployer']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/you hold no binding of role deployer that applies in project shop/);

      // The audit log names each change with its versions and actor, never a value.
      await srv.stop();
      const exp = await runCli(['audit', 'export', '--data-dir', dataDir], { env });
      expect(exp.code, exp.stderr).toBe(0);
      const entries = exp.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; actor: string; detail: { versions?: number[] } });
      for (const action of ['secret.delete', 'secret.undelete', 'secret.destroy']) {
        // The repeated destroy and the undelete of a destroyed version changed nothing: audited with no versions.
        const e = entries.filter((x) => x.action === action && x.detail.versions?.length);
        expect(e.length, action).toBe(1);
        expect(e[0]!.detail.versions).toEqual([1]);
      }
      expect(entries.filter((x) => (x.action === 'secret.destroy' || x.action === 'secret.undelete') && x.detail.versions?.length === 0).length).toBe(2);
      expect(entries.some((x) => x.action === 'secret.metadata' && x.actor === `user:${dev.id}`)).toBe(true);
      expect(entries.some((x) => x.action === 'secret.policy' && x.actor === `user:${dev.id}`)).toBe(true);
      expect(exp.stdout).not.toContain('s3cret-one');
      expect((await runCli(['audit', 'verify', '--data-dir', dataDir], { env })).code).toBe(0);
    } finally {
      await srv.stop();
    }
  }, 300_000);
});

describe('rampart server init that fails', () => {
  it('a bad DATABASE_URL: exit 2 naming it, no data directory left', async () => {
    const { root, env } = await bed.prepare('rampart-e2e-init-fail-', 'sqlite');
    const dataDir = join(root, 'srv', 'data');
    const r = await runCli(['server', 'init', '--data-dir', dataDir], { env: { ...env, DATABASE_URL: 'postgres://rampart:x@127.0.0.1:1/rampart' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot connect to PostgreSQL .*ECONNREFUSED/);
    expect(r.stdout).toBe('');
    expect(existsSync(join(root, 'srv'))).toBe(false);
  });

  // Root writes anywhere: the check runs as nobody (runCli's unprivileged), so only as root.
  it.skipIf(process.getuid?.() !== 0)('a data directory this user cannot write: exit 2 naming it, nothing created in it', async () => {
    const { root, env } = await bed.prepare('rampart-e2e-init-ro-', 'sqlite');
    chmodSync(root, 0o755);
    const dataDir = join(root, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    // nobody's data directory (owned by root, 0700) is not writable by nobody.
    const r = await runCli(['server', 'init', '--data-dir', dataDir], { env, unprivileged: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/data directory|not writable|EACCES/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
