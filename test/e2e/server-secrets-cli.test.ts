import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { api, okApi, serverEnv, ServerTestBed } from '../helpers/server-process.js';

/**
 * Issue 7, "`rampart secrets` CLI (get, put, list, history, rotate) … expiry and rotation-due
 * warnings": the built CLI against a real `rampart server` process on both dialects, as a new
 * user meets it. A developer logged in with `rampart login` writes, reads, lists, rotates and
 * looks at history; a rotation policy makes get, exec and list warn on stderr (never on stdout,
 * which carries only the value); rotate is a check-and-set write that fails cleanly when someone
 * else wrote first; a viewer lists but cannot read; every read is audited with the reader and
 * never the value, and `rampart audit verify` passes afterwards.
 */

const bed = new ServerTestBed();
afterAll(() => bed.cleanup());

describe.each(['sqlite', 'postgres'] as const)('rampart secrets against rampart server on %s', (dialect) => {
  it('get, list, history and rotate through the built CLI; rotation-due warnings on stderr; reads audited without values', async () => {
    const { root, env, dataDir, admin, srv } = await bed.serve('rampart-e2e-secrets-', dialect);
    try {
      const ok = okApi(srv.url, admin);
      await ok('POST', '/api/v1/projects', { name: 'shop' });
      const person = async (username: string, role: string) => {
        const u = await ok('POST', '/api/v1/users', { username });
        await ok('POST', '/api/v1/projects/shop/role-bindings', { principalKind: 'user', principalId: u.id, role });
        const t = await ok('POST', `/api/v1/users/${u.id}/tokens`, { name: 'cli' });
        const home = join(root, `${username}-home`);
        mkdirSync(home);
        return { id: u.id as string, token: t.token as string, env: serverEnv(home) };
      };
      const dev = await person('dev', 'developer');
      const viewer = await person('vera', 'viewer');
      // dev logs in once (the login is stored in dev's home); vera uses --server with RAMPART_TOKEN.
      const login = await runCli(['login', '--server', srv.url, '--token', dev.token], { env: dev.env });
      expect(login.code, login.stderr).toBe(0);
      const cli = (args: string[]) => runCli(args, { env: dev.env });
      const P = ['--project', 'shop'];

      const v1 = `pw1-${randomBytes(8).toString('hex')}`;
      const v2 = `pw2-${randomBytes(8).toString('hex')}`;
      const v3 = `pw3-${randomBytes(8).toString('hex')}`;
      const file = (name: string, value: string) => {
        const f = join(root, name);
        writeFileSync(f, value, { mode: 0o600 });
        return f;
      };
      let r = await cli(['secrets', 'put', ...P, '--from-file', file('v1', v1), 'db/password']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('shop/db/password: wrote version 1');

      // get: the value alone on stdout (no newline when stdout is not a terminal).
      r = await cli(['secrets', 'get', ...P, 'db/password']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(v1);
      expect(r.stderr).toBe('');

      // rotate: a check-and-set write over the current version.
      r = await cli(['secrets', 'rotate', ...P, '--from-file', file('v2', v2), 'db/password']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('wrote version 2');
      expect((await cli(['secrets', 'get', ...P, 'db/password'])).stdout).toBe(v2);
      expect((await cli(['secrets', 'get', ...P, '--secret-version', '1', 'db/password'])).stdout).toBe(v1);
      // Someone else wrote version 3 since this operator read version 2: --cas 2 still passes,
      // a stale --cas 1 is refused, nothing is written, and the value is never echoed.
      await ok('PUT', '/api/v1/projects/shop/secrets/db/password', { value: v3 });
      r = await cli(['secrets', 'rotate', ...P, '--cas', '2', '--from-file', file('late', 'late-value'), 'db/password']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rampart: error: server: .*version/i);
      expect(r.stdout + r.stderr).not.toContain('late-value');
      expect((await cli(['secrets', 'get', ...P, 'db/password'])).stdout).toBe(v3);

      // list: paths and versions, never values; text and JSON; --prefix narrows.
      expect((await cli(['secrets', 'put', ...P, '--from-file', file('k', 'api-key-value'), 'app/api-key'])).code).toBe(0);
      r = await cli(['secrets', 'list', ...P]);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => l.split('\t').slice(0, 2));
      expect(lines).toEqual([
        ['app/api-key', 'v1'],
        ['db/password', 'v3'],
      ]);
      r = await cli(['secrets', 'list', ...P, '--prefix', 'db/', '-f', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { path: string; currentVersion: number }[]).map((s) => [s.path, s.currentVersion])).toEqual([['db/password', 3]]);
      for (const v of [v1, v2, v3, 'api-key-value']) expect(r.stdout).not.toContain(v);

      // history: newest first, who wrote each version by name (the id stays in JSON), never values.
      r = await cli(['secrets', 'history', ...P, 'db/password']);
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
      expect(rows.map((x) => [x[0], x[2], x[3]])).toEqual([
        ['v3', 'user admin', 'live'],
        ['v2', 'user dev', 'live'],
        ['v1', 'user dev', 'live'],
      ]);
      r = await cli(['secrets', 'history', ...P, '-f', 'json', 'db/password']);
      expect((JSON.parse(r.stdout) as { version: number }[]).map((v) => v.version)).toEqual([3, 2, 1]);
      expect((JSON.parse(r.stdout) as { createdBy: string; createdByName: string }[])[1]).toMatchObject({ createdBy: `user:${dev.id}`, createdByName: 'dev' });
      for (const v of [v1, v2, v3]) expect(r.stdout).not.toContain(v);

      // A rotation policy: once the current version is older than its max age, get, exec and
      // list warn on stderr (stdout stays the value), naming the fix; other secrets stay quiet.
      await ok('PUT', '/api/v1/projects/shop/secrets-policy/app/api-key', { rotationMaxAgeS: 1 });
      await new Promise((res) => setTimeout(res, 1200));
      r = await cli(['secrets', 'get', ...P, 'app/api-key']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('api-key-value');
      expect(r.stderr).toMatch(/^rampart: warning: app\/api-key v1 is due for rotation \(age \d+ s, max 1 s\): run rampart secrets rotate\n$/);
      r = await cli(['secrets', 'exec', ...P, '--env', 'K=app/api-key', '--env', 'D=db/password', '--', process.execPath, '-e', "process.exit(process.env.K === 'api-key-value' ? 0 : 1)"]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('app/api-key v1 is due for rotation');
      expect(r.stderr).not.toContain('db/password');
      r = await cli(['secrets', 'list', ...P]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/rampart: warning: app\/api-key is due for rotation \(age \d+ s, max 1 s\)/);
      expect(r.stderr).not.toContain('db/password');
      // Before it is due: a secret in the last minute (or tenth) of its max age warns that it expires.
      expect((await cli(['secrets', 'put', ...P, '--from-file', file('soon', 'soon-value'), 'app/soon'])).code).toBe(0);
      await ok('PUT', '/api/v1/projects/shop/secrets-policy/app/soon', { rotationMaxAgeS: 50 });
      r = await cli(['secrets', 'get', ...P, 'app/soon']);
      expect(r.stdout).toBe('soon-value');
      expect(r.stderr).toMatch(/^rampart: warning: app\/soon v1 expires: due for rotation in \d+ s \(max age 50 s\)\n$/);
      await ok('PUT', '/api/v1/projects/shop/secrets-policy/app/soon', { rotationMaxAgeS: 86_400 });
      expect((await cli(['secrets', 'get', ...P, 'app/soon'])).stderr).toBe('');
      // --quiet silences the warnings, not the value.
      r = await cli(['secrets', 'get', ...P, '--quiet', 'app/api-key']);
      expect([r.stdout, r.stderr]).toEqual(['api-key-value', '']);
      // Rotating writes version 2: the due list no longer names version 1's age but the new one's.
      r = await cli(['secrets', 'rotate', ...P, '--from-file', file('k2', 'api-key-2'), 'app/api-key']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('wrote version 2');
      const due = await api(srv.url, dev.token, 'GET', '/api/v1/projects/shop/rotation-due');
      expect(due.status).toBe(200);
      for (const d of due.json.due as { path: string; version?: number }[]) expect(d.path).toBe('app/api-key');

      // A viewer lists paths but cannot read a value: a clear refusal (exit 2), audited.
      const vera = (args: string[]) => runCli([...args, '--server', srv.url], { env: { ...viewer.env, RAMPART_TOKEN: viewer.token } });
      r = await vera(['secrets', 'list', ...P, '-f', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { path: string }[]).map((s) => s.path)).toEqual(['app/api-key', 'app/soon', 'db/password']);
      r = await vera(['secrets', 'get', ...P, 'db/password']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('permission denied');
      expect(r.stdout).toBe('');
      // A path that does not exist, and a project that does not: named, exit 2.
      r = await cli(['secrets', 'get', ...P, 'no/such']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rampart: error: server: .*(not found|no such)/i);
      r = await cli(['secrets', 'history', '--project', 'nope', 'db/password']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rampart: error: server: /);
      // A dot segment would be resolved away by the URL and reach another route (here the other
      // project's secrets): refused before any request.
      for (const bad of ['../../other/secrets/x', 'db//password', 'db/./password']) {
        r = await cli(['secrets', 'get', ...P, bad]);
        expect(r.code, bad).toBe(2);
        expect(r.stderr).toContain('none empty, "." or ".."');
      }

      // Every read audited with the reader, never a value (the export holds the whole log).
      const exp = await runCli(['audit', 'export', '--data-dir', dataDir], { env });
      expect(exp.code, exp.stderr).toBe(0);
      const entries = exp.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action?: string; actor?: string; outcome?: string; resource?: string });
      const reads = entries.filter((e) => e.action === 'secret.read');
      expect(reads.filter((e) => e.actor === `user:${dev.id}` && e.outcome === 'allow').length).toBeGreaterThanOrEqual(7);
      // The viewer's refused read is in the log too, with the path asked for.
      const byViewer = entries.filter((e) => e.actor === `user:${viewer.id}`);
      expect(byViewer.filter((e) => e.action === 'secret.denied').map((e) => [e.resource, e.outcome])).toEqual([['project:shop/secret:db/password', 'deny']]);
      for (const v of [v1, v2, v3, 'api-key-value', 'api-key-2', 'soon-value']) expect(exp.stdout).not.toContain(v);
    } finally {
      await srv.stop();
    }
    const verify = await runCli(['audit', 'verify', '--data-dir', dataDir], { env });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain('audit log intact');
  }, 240_000);
});
