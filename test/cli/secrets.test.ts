import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { Keyring, split } from '../../src/server/vault/master-key.js';
import { unsealRoutes, vaultRoutes } from '../../src/server/vault/routes.js';
import { Vault } from '../../src/server/vault/vault.js';
import { BIN, REPO_ROOT } from '../helpers/cli.js';
import { auditOf, startHarness, type Harness } from '../server/gate/harness.js';
import { recordMasterKey } from '../helpers/master-key.js';

// The built CLI (dist/, built by `npm test`'s pretest) against a real server on 127.0.0.1.

let h: Harness;
let keyring: Keyring;
let home: string;

beforeAll(async () => {
  let vault: Vault | undefined;
  h = await startHarness('sqlite', (_store, audit) => [
    vaultRoutes({
      get vault() {
        return vault!;
      },
      audit,
    }),
  ]);
  const key = randomBytes(32);
  await recordMasterKey(h.store, key);
  keyring = await Keyring.load(h.store);
  keyring.add(key);
  key.fill(0);
  vault = await Vault.open(h.store, keyring);
  // No stored logins: the CLI uses --server with RAMPART_TOKEN.
  home = mkdtempSync(join(tmpdir(), 'rampart-secrets-cli-'));
}, 60_000);

afterAll(async () => {
  keyring?.seal();
  await h?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function rampart(args: string[], o: { token?: string; stdin?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, RAMPART_TOKEN: o.token ?? h.tokens.dev!, XDG_CONFIG_HOME: home, HOME: home, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(o.stdin ?? '');
  });
}

const P = ['--project', 'shop'];

describe('rampart secrets', () => {
  it('puts a value from stdin, gets it back, lists and shows history without values', async () => {
    const value = 'pw-' + randomBytes(10).toString('hex');
    let r = await rampart(['secrets', 'put', ...P, '--server', h.base, 'db/password'], { stdin: value });
    expect(r.stderr).toContain('wrote version 1');
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(value);

    r = await rampart(['secrets', 'get', ...P, '--server', h.base, 'db/password']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(value);

    r = await rampart(['secrets', 'rotate', ...P, '--server', h.base, 'db/password'], { stdin: value + '-2' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote version 2');
    r = await rampart(['secrets', 'get', ...P, '--server', h.base, '--secret-version', '1', 'db/password']);
    expect(r.stdout).toBe(value);

    r = await rampart(['secrets', 'list', ...P, '--server', h.base, '-f', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((s: { path: string; currentVersion: number }) => [s.path, s.currentVersion])).toContainEqual(['db/password', 2]);
    expect(r.stdout).not.toContain(value);

    r = await rampart(['secrets', 'history', ...P, '--server', h.base, 'db/password']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['v2', 'v1']);

    const reads = await auditOf(h.store, 'secret.read');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((e) => e.actor === h.ids.dev)).toBe(true);
  });

  it('metadata shows policy, state, rotation and versions of one secret, never its value (text and json)', async () => {
    const value = 'meta-' + randomBytes(10).toString('hex');
    expect((await h.call('PUT', '/api/v1/projects/shop/secrets-policy/meta/key', h.tokens.dev!, { maxVersions: 4, rotationMaxAgeS: 86400, casRequired: true })).status).toBe(200);
    let r = await rampart(['secrets', 'metadata', ...P, '--server', h.base, 'meta/key']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^current version: +none yet \(only the policy is set\)$/m);
    for (const v of [value, value + '-2']) expect((await rampart(['secrets', 'rotate', ...P, '--server', h.base, 'meta/key'], { stdin: v })).code).toBe(0);
    expect((await rampart(['secrets', 'delete', ...P, '--server', h.base, '--versions', '1', 'meta/key'], { token: h.tokens.admin! })).code).toBe(0);
    r = await rampart(['secrets', 'metadata', ...P, '--server', h.base, 'meta/key']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^current version: +v2$/m);
    expect(r.stdout).toMatch(/^oldest live: +v2$/m);
    expect(r.stdout).toMatch(/^versions kept: +4$/m);
    expect(r.stdout).toMatch(/^cas required: +yes/m);
    expect(r.stdout).toMatch(/^rotation: +max age 86400 s; due at \S+ \(age \d+ s\)$/m);
    expect(r.stdout).toMatch(/^v2\t\S+\tuser dev\tlive$/m);
    expect(r.stdout).toMatch(/^v1\t\S+\tuser dev\tdeleted /m);
    expect(r.stdout + r.stderr).not.toContain(value);
    r = await rampart(['secrets', 'metadata', ...P, '--server', h.base, '-f', 'json', 'meta/key']);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: 'meta/key', currentVersion: 2, oldestVersion: 2, casRequired: true, rotation: { maxAgeS: 86400, due: false } });
    r = await rampart(['secrets', 'metadata', ...P, '--server', h.base, 'meta/none']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/meta\/none/);
  });

  it('puts from --from-file and warns on stderr when a secret is due for rotation', async () => {
    const file = join(home, 'value.txt');
    writeFileSync(file, 'from-file-value', { mode: 0o600 });
    let r = await rampart(['secrets', 'put', ...P, '--server', h.base, '--from-file', file, 'svc/token']);
    expect(r.code).toBe(0);
    const pol = await h.call('PUT', '/api/v1/projects/shop/secrets-policy/svc/token', h.tokens.dev!, { rotationMaxAgeS: 1 });
    expect(pol.status).toBe(200);
    await new Promise((res) => setTimeout(res, 1100));
    r = await rampart(['secrets', 'get', ...P, '--server', h.base, 'svc/token']);
    expect(r.stdout).toBe('from-file-value');
    expect(r.stderr).toMatch(/svc\/token v1 is due for rotation/);
  });

  it('exec passes the secret to the child only through its environment and passes its exit code through', async () => {
    const value = 'exec-' + randomBytes(10).toString('hex');
    expect((await rampart(['secrets', 'put', ...P, '--server', h.base, 'app/key'], { stdin: value })).code).toBe(0);
    const script = "const v=process.env.APP_KEY||'';process.stdout.write(require('crypto').createHash('sha256').update(v).digest('hex'));process.exit(process.env.RAMPART_TOKEN?9:7)";
    const r = await rampart(['secrets', 'exec', ...P, '--server', h.base, '--env', 'APP_KEY=app/key', '--', process.execPath, '-e', script]);
    expect(r.stdout).toBe(createHash('sha256').update(value).digest('hex'));
    // 7: the child saw no RAMPART_TOKEN, and its exit code came through.
    expect(r.code).toBe(7);
    expect(r.stderr).not.toContain(value);
  });

  it('refuses a value on argv, a bad --env, a forbidden project and an empty stdin with clear errors', async () => {
    let r = await rampart(['secrets', 'put', ...P, '--server', h.base, 'x/y', 'the-value']);
    expect(r.code).toBe(2);
    r = await rampart(['secrets', 'exec', ...P, '--server', h.base, '--env', '1BAD=x', '--', 'true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NAME=PATH');
    r = await rampart(['secrets', 'get', '--project', 'other', '--server', h.base, 'db/password']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('permission denied');
    r = await rampart(['secrets', 'put', ...P, '--server', h.base, 'x/y'], { stdin: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty');
  });
});

describe('rampart server unseal', () => {
  it('reads shares from stdin until the vault is unsealed; exit 1 while still sealed', async () => {
    const key = randomBytes(32);
    // A second master key registered later becomes current: the sealed keyring needs it.
    await recordMasterKey(h.store, key, '2026-06-01T00:00:00.000Z');
    const shares = await split(key, 3, 2);
    key.fill(0);
    const ring = await Keyring.load(h.store);
    const app = await buildServer({ store: h.store, logger: false, publicPlugins: [unsealRoutes({ keyring: ring, audit: h.audit })] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    try {
      let r = await rampart(['server', 'unseal', '--server', base], { stdin: `${shares[1]}\n` });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('share 1 accepted: 1 of 2 given so far');
      expect(r.stderr).toContain('still sealed');
      // A split without a recorded t (made before 0011): said so up front, then known from the share given.
      expect(r.stderr).toContain('the number of shares it needs is not recorded: a key split by an older version tells it with its first share');
      r = await rampart(['server', 'unseal', '--server', base], { stdin: `bogus\n${shares[0]}\n` });
      expect(r.stderr).toContain('the vault is sealed: 2 key shares unseal it; 1 given so far');
      expect(r.stderr).toContain('share 1 refused');
      expect(r.stderr).toContain('unsealed');
      expect(r.code).toBe(0);
      expect(ring.sealed).toBe(false);
      expect(r.stdout + r.stderr).not.toContain(shares[0]!.slice(-16));
      r = await rampart(['server', 'unseal', '--server', base], { stdin: '' });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('already unsealed');
    } finally {
      ring.seal();
      await app.close();
    }
  });
});
