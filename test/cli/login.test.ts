import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EXCHANGE_PATH,
  loginFor,
  loginWithOidc,
  loginWithToken,
  normaliseServerUrl,
  readCredentials,
  registerLogin,
} from '../../src/cli/login.js';
import { RampartError } from '../../src/core/errors.js';
import { newToken } from '../../src/server/identity/tokens.js';

// A fake Rampart server and a fake GitHub Actions token endpoint on 127.0.0.1.
interface Seen {
  ghRequests: { url: string; authorization?: string }[];
  exchanges: unknown[];
}
let server: Server;
let base: string;
/** The one user token the stand-in's whoami accepts. */
const knownToken = newToken('user').token;
let seen: Seen;
let exchangeReply: (res: ServerResponse) => void;
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8tb3JnL29jdG8tcmVwbyJ9.c2lnbmF0dXJl';
const REQUEST_TOKEN = 'gh-request-token-123';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.startsWith('/gh-token')) {
        seen.ghRequests.push({ url: req.url, authorization: req.headers.authorization });
        if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}`) return json(res, 401, { message: 'bad' });
        return json(res, 200, { count: 1, value: ID_TOKEN });
      }
      if (req.method === 'GET' && req.url === '/api/v1/whoami') {
        // The stand-in knows one user token (knownToken); any other is refused like a revoked one.
        if (req.headers.authorization !== `Bearer ${knownToken}`) return json(res, 401, { error: { code: 'E_UNAUTHENTICATED', message: 'the token is invalid, expired or revoked' } });
        return json(res, 200, { id: 'user:u1', kind: 'user', name: 'bob', tokenId: 't1', bindings: [] });
      }
      if (req.method === 'POST' && req.url === EXCHANGE_PATH) {
        seen.exchanges.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        return exchangeReply(res);
      }
      json(res, 404, { error: { code: 'E_NOT_FOUND', message: 'no route' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

let dir: string;
let ciToken: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-login-'));
  seen = { ghRequests: [], exchanges: [] };
  ciToken = newToken('ci').token;
  exchangeReply = (res) => json(res, 200, { token: ciToken, expiresAt: '2026-11-26T12:10:00Z' });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const configDir = () => join(dir, 'config');
const credFile = () => join(configDir(), 'credentials.json');
const ghEnv = () => ({ ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/gh-token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN, GITHUB_ACTIONS: 'true' });

async function rejection(p: Promise<unknown>): Promise<RampartError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RampartError);
  return e as RampartError;
}

describe('login --token', () => {
  it('stores the server and token in a 0600 file inside a 0700 directory', async () => {
    const t = newToken('user').token;
    const saved = await loginWithToken({ server: 'https://rampart.example.com/', token: t, configDir: configDir() });
    expect(saved).toMatchObject({ server: 'https://rampart.example.com', token: t, kind: 'user' });
    expect(statSync(credFile()).mode & 0o777).toBe(0o600);
    expect(statSync(configDir()).mode & 0o777).toBe(0o700);
    const creds = JSON.parse(readFileSync(credFile(), 'utf8'));
    expect(creds.version).toBe(1);
    expect(creds.current).toBe('https://rampart.example.com');
    expect(creds.servers['https://rampart.example.com'].token).toBe(t);
    expect((await loginFor(undefined, configDir()))?.token).toBe(t);
  });

  it('keeps other servers\' logins and switches the current one', async () => {
    const a = newToken('user').token;
    const b = newToken('service').token;
    await loginWithToken({ server: 'https://a.example.com', token: a, configDir: configDir() });
    await loginWithToken({ server: 'https://b.example.com', token: b, configDir: configDir() });
    const creds = await readCredentials(configDir());
    expect(Object.keys(creds.servers).sort()).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(creds.current).toBe('https://b.example.com');
    expect((await loginFor('https://a.example.com/', configDir()))?.token).toBe(a);
    expect(creds.servers['https://b.example.com']!.kind).toBe('service');
  });

  it('refuses a mistyped token without writing anything', async () => {
    const t = newToken('user').token;
    const typo = t.slice(0, 20) + (t[20] === 'x' ? 'y' : 'x') + t.slice(21);
    const e = await rejection(loginWithToken({ server: 'https://a.example.com', token: typo, configDir: configDir() }));
    expect(e.code).toBe('E_USAGE');
    expect(e.message).not.toContain(typo);
    expect(existsSync(credFile())).toBe(false);
  });

  it('replaces a symlink at the credentials path instead of writing through it', async () => {
    await loginWithToken({ server: 'https://a.example.com', token: newToken('user').token, configDir: configDir() });
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'untouched');
    rmSync(credFile());
    symlinkSync(outside, credFile());
    await expect(readCredentials(configDir())).rejects.toThrow(/not JSON/);
    rmSync(credFile());
    symlinkSync(join(dir, 'missing-target'), credFile());
    await loginWithToken({ server: 'https://a.example.com', token: newToken('user').token, configDir: configDir() });
    expect(lstatSync(credFile()).isSymbolicLink()).toBe(false);
    expect(readFileSync(outside, 'utf8')).toBe('untouched');
    expect(existsSync(join(dir, 'missing-target'))).toBe(false);
  });

  it('reports a corrupt credentials file by path', async () => {
    await loginWithToken({ server: 'https://a.example.com', token: newToken('user').token, configDir: configDir() });
    writeFileSync(credFile(), '{"version":2,"servers":{}}');
    await expect(readCredentials(configDir())).rejects.toThrow(/credentials\.json: not a Rampart credentials file/);
  });
});

describe('normaliseServerUrl', () => {
  it.each([
    ['https://rampart.example.com/', 'https://rampart.example.com'],
    ['https://rampart.example.com/base//', 'https://rampart.example.com/base'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://localhost:8080/', 'http://localhost:8080'],
    ['HTTPS://Rampart.Example.com', 'https://rampart.example.com'],
  ])('%s -> %s', (raw, want) => {
    expect(normaliseServerUrl(raw)).toBe(want);
  });
  it.each([
    ['plain http off loopback', 'http://rampart.example.com', /use https/],
    ['credentials', 'https://u:p@rampart.example.com', /no credentials/],
    ['query', 'https://rampart.example.com/?x=1', /no credentials, query/],
    ['not a URL', 'rampart', /not a URL/],
    ['ftp', 'ftp://rampart.example.com', /not http or https/],
  ])('refuses %s', (_n, raw, msg) => {
    expect(() => normaliseServerUrl(raw)).toThrow(msg);
  });
});

describe('login --oidc', () => {
  it('GitHub Actions: requests the id token with the server as audience and exchanges it', async () => {
    const saved = await loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: ghEnv(), configDir: configDir() });
    expect(seen.ghRequests).toHaveLength(1);
    const ghUrl = new URL(seen.ghRequests[0]!.url, base);
    expect(ghUrl.searchParams.get('api-version')).toBe('2.0');
    expect(ghUrl.searchParams.get('audience')).toBe(base);
    expect(seen.ghRequests[0]!.authorization).toBe(`bearer ${REQUEST_TOKEN}`);
    expect(seen.exchanges).toEqual([{ token: ID_TOKEN, project: 'shop', role: 'deployer' }]);
    expect(saved).toMatchObject({ server: base, token: ciToken, kind: 'ci', project: 'shop', role: 'deployer', expiresAt: '2026-11-26T12:10:00.000Z' });
    expect((await loginFor(base, configDir()))?.token).toBe(ciToken);
    expect(statSync(credFile()).mode & 0o777).toBe(0o600);
  });

  it('GitHub Actions: --audience overrides the default audience', async () => {
    await loginWithOidc({ server: base, project: 'shop', role: 'deployer', audience: 'rampart-prod', env: ghEnv(), configDir: configDir() });
    expect(new URL(seen.ghRequests[0]!.url, base).searchParams.get('audience')).toBe('rampart-prod');
  });

  it('GitLab: reads RAMPART_ID_TOKEN, or the variable named by --token-env, before GitHub\'s endpoint', async () => {
    await loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: { GITLAB_CI: 'true', RAMPART_ID_TOKEN: 'gitlab.jwt.one' }, configDir: configDir() });
    await loginWithOidc({
      server: base,
      project: 'shop',
      role: 'deployer',
      tokenEnv: 'MY_ID_TOKEN',
      env: { ...ghEnv(), RAMPART_ID_TOKEN: 'gitlab.jwt.one', MY_ID_TOKEN: 'gitlab.jwt.two' },
      configDir: configDir(),
    });
    expect(seen.exchanges.map((x) => (x as { token: string }).token)).toEqual(['gitlab.jwt.one', 'gitlab.jwt.two']);
    expect(seen.ghRequests).toHaveLength(0);
  });

  it('explains what is missing when no id token is available', async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ GITHUB_ACTIONS: 'true' }, /id-token: write/],
      [{ GITLAB_CI: 'true' }, /id_tokens:/],
      [{}, /no CI OIDC id token found/],
    ];
    for (const [env, msg] of cases) {
      const e = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', env, configDir: configDir() }));
      expect(e.code).toBe('E_USAGE');
      expect(e.message).toMatch(msg);
    }
    const e = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', tokenEnv: 'UNSET_VAR', env: {}, configDir: configDir() }));
    expect(e.message).toMatch(/UNSET_VAR: the variable is empty or unset/);
    const bad = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', tokenEnv: 'A;B', env: {}, configDir: configDir() }));
    expect(bad.message).toMatch(/not a variable name/);
    expect(seen.exchanges).toHaveLength(0);
  });

  it('needs --project and --role', async () => {
    const e = await rejection(loginWithOidc({ server: base, project: 'shop', env: ghEnv(), configDir: configDir() }));
    expect(e.message).toMatch(/--project NAME and --role NAME/);
  });

  it('shows the server\'s refusal, never the id token, and writes nothing', async () => {
    exchangeReply = (res) => json(res, 401, { error: { code: 'E_OIDC_CLAIMS', message: 'the token\'s claims satisfy no trust policy' } });
    const e = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'admin', env: ghEnv(), configDir: configDir() }));
    expect(e.code).toBe('E_LOGIN_REFUSED');
    expect(e.message).toContain('the token\'s claims satisfy no trust policy (E_OIDC_CLAIMS)');
    expect(e.message).not.toContain(ID_TOKEN);
    expect(existsSync(credFile())).toBe(false);
  });

  it.each([
    ['a non-CI Rampart token', () => ({ token: newToken('user').token })],
    ['a malformed token', () => ({ token: 'rmp_c_short' })],
    ['no token', () => ({ ok: true })],
  ])('refuses an exchange answer with %s', async (_n, body) => {
    exchangeReply = (res) => json(res, 200, body());
    const e = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: ghEnv(), configDir: configDir() }));
    expect(e.code).toBe('E_LOGIN_RESPONSE');
    expect(existsSync(credFile())).toBe(false);
  });

  it('refuses an oversized or non-JSON answer', async () => {
    exchangeReply = (res) => json(res, 200, { token: 'x'.repeat(100_000) });
    expect((await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: ghEnv(), configDir: configDir() }))).message).toMatch(/too large/);
    exchangeReply = (res) => res.end('<html>');
    expect((await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: ghEnv(), configDir: configDir() }))).message).toMatch(/not JSON/);
  });

  it('times out a server that never answers', async () => {
    const stuck: ServerResponse[] = [];
    exchangeReply = (res) => void stuck.push(res);
    const e = await rejection(loginWithOidc({ server: base, project: 'shop', role: 'deployer', env: ghEnv(), configDir: configDir(), timeoutMs: 200 }));
    expect(e.code).toBe('E_LOGIN_NETWORK');
    expect(e.message).toMatch(/timed out/);
    for (const r of stuck) r.destroy();
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = await rejection(loginWithOidc({ server: `http://127.0.0.1:${port}`, project: 'shop', role: 'deployer', env: { RAMPART_ID_TOKEN: 'a.b.c' }, configDir: configDir() }));
    expect(e.code).toBe('E_LOGIN_NETWORK');
    expect(e.message).toMatch(/ECONNREFUSED/);
  });
});

describe('registerLogin (the command)', () => {
  // vi.stubEnv edits process.env in place: env-paths holds on to the original object.
  const CI_VARS = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GITHUB_ACTIONS', 'GITLAB_CI', 'RAMPART_ID_TOKEN', 'RAMPART_TOKEN'];
  beforeEach(() => {
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    for (const v of CI_VARS) vi.stubEnv(v, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  const xdgFile = () => join(dir, 'xdg', 'rampart', 'credentials.json');

  async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let code = -1;
    let stderr = '';
    let stdout = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
    const program = new Command('rampart').exitOverride();
    registerLogin(program, (c) => (code = c));
    program.commands.forEach((c) => c.exitOverride());
    await program.parseAsync(args, { from: 'user' });
    vi.restoreAllMocks();
    return { code, stderr, stdout };
  }

  it('logs in with --token into env-paths\' config dir and prints only the redacted token', async () => {
    const t = newToken('user').token;
    const r = await run(['login', '--server', 'https://rampart.example.com', '--token', t, '--no-verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`logged in to https://rampart.example.com (token ${t.slice(0, 10)}…(55))`);
    expect(r.stderr).not.toContain(t);
    const file = xdgFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).servers['https://rampart.example.com'].token).toBe(t);
  });

  it('asks the server who the token belongs to before storing it; a refused token or an unreachable server stores nothing', async () => {
    const r = await run(['login', '--server', base, '--token', knownToken]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`logged in to ${base} as user bob (token ${knownToken.slice(0, 10)}…(55))`);
    expect(JSON.parse(readFileSync(xdgFile(), 'utf8')).servers[base].token).toBe(knownToken);
    rmSync(xdgFile());

    const revoked = newToken('user').token;
    const refused = run(['login', '--server', base, '--token', revoked]);
    await expect(refused).rejects.toThrow(`${base} refused the token (invalid, expired or revoked); nothing was saved`);
    await expect(refused).rejects.not.toThrow(revoked);
    expect(existsSync(xdgFile())).toBe(false);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(run(['login', '--server', `http://127.0.0.1:${port}`, '--token', knownToken])).rejects.toThrow(/cannot reach http:\/\/127\.0\.0\.1:\d+.*nothing was saved \(--no-verify stores the token without asking\)/);
    expect(existsSync(xdgFile())).toBe(false);
    // A malformed token never reaches the server.
    await expect(run(['login', '--server', base, '--token', 'rmp_u_typo'])).rejects.toThrow(/not a Rampart API token/);
  });

  it('logs in with --oidc inside GitHub Actions', async () => {
    for (const [k, v] of Object.entries(ghEnv())) vi.stubEnv(k, v);
    const r = await run(['login', '--oidc', '--server', base, '--project', 'shop', '--role', 'deployer']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(xdgFile(), 'utf8')).servers[base].token).toBe(ciToken);
    expect(r.stderr).toContain('expires 2026-11-26T12:10:00.000Z');
    expect(r.stderr).not.toContain(ciToken);
    expect(seen.exchanges).toHaveLength(1);
  });

  it('takes the token from RAMPART_TOKEN and refuses OIDC flags without --oidc', async () => {
    const t = newToken('service').token;
    vi.stubEnv('RAMPART_TOKEN', t);
    expect((await run(['login', '--server', 'https://rampart.example.com', '--no-verify'])).code).toBe(0);
    expect(JSON.parse(readFileSync(xdgFile(), 'utf8')).servers['https://rampart.example.com'].token).toBe(t);
    vi.stubEnv('RAMPART_TOKEN', undefined);
    await expect(run(['login', '--server', 'https://rampart.example.com'])).rejects.toThrow(/give --token/);
    await expect(run(['login', '--server', 'https://rampart.example.com', '--token', 'x', '--role', 'admin'])).rejects.toThrow(/go with --oidc/);
    await expect(run(['login', '--oidc', '--server', base, '--token', 'x', '--project', 'p', '--role', 'r'])).rejects.toThrow(/exclude each other/);
  });
});
