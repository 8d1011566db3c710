import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredentials, parseChallenges, RegistryAuth, type Credentials } from '../../../src/scanners/image/oci/auth.js';
import { ImageError } from '../../../src/scanners/image/types.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as Error;
  }
  throw new Error('expected an ImageError');
}

describe('parseChallenges', () => {
  it('reads a Bearer challenge with quoted values', () => {
    expect(parseChallenges('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull,push' } },
    ]);
  });

  it('reads several challenges, bare tokens and escapes', () => {
    expect(parseChallenges('Basic realm="a \\"b\\"", Bearer realm=https://x/t , service=s')).toEqual([
      { scheme: 'basic', params: { realm: 'a "b"' } },
      { scheme: 'bearer', params: { realm: 'https://x/t', service: 's' } },
    ]);
  });

  it('survives garbage in linear time', () => {
    const start = Date.now();
    const out = parseChallenges(`Bearer ${'="'.repeat(50000)}${',,=='.repeat(50000)}`);
    expect(out[0]?.scheme).toBe('bearer');
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe('loadCredentials', () => {
  let dir: string;
  let binDir: string;
  const env = (): NodeJS.ProcessEnv => ({ PATH: `${binDir}:${process.env.PATH ?? ''}`, HOME: join(dir, 'home') });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-auth-'));
    binDir = join(dir, 'bin');
    await mkdir(binDir);
    // A credential helper speaking the docker-credential protocol: server URL on stdin, JSON out.
    await writeFile(
      join(binDir, 'docker-credential-fake'),
      `#!${process.execPath}\nlet s='';process.stdin.on('data',d=>s+=d).on('end',()=>{\n` +
        `if(process.argv[2]!=='get'){process.exit(3)}\n` +
        `if(s==='https://index.docker.io/v1/'){process.stdout.write(JSON.stringify({ServerURL:s,Username:'<token>',Secret:'refresh-1'}));return}\n` +
        `if(s==='helper.example'){process.stdout.write(JSON.stringify({ServerURL:s,Username:'hu',Secret:'hp'}));return}\n` +
        `if(s==='broken.example'){process.stderr.write('boom');process.exit(4)}\n` +
        `if(s==='slow.example'){setTimeout(()=>{},10000);return}\n` +
        `process.stdout.write('credentials not found in native keychain');process.exit(1)});\n`,
    );
    await chmod(join(binDir, 'docker-credential-fake'), 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function config(name: string, value: unknown): Promise<string> {
    const file = join(dir, `${name}.json`);
    await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
    return file;
  }

  it('decodes auths.<host>.auth and matches URL-style keys', async () => {
    const file = await config('inline', {
      auths: {
        'https://registry.example:5000/v2/': { auth: b64('alice:pa:ss') },
        'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
        'other.example': { username: 'bob', password: 'pw', identitytoken: 'id-tok' },
      },
    });
    expect(await loadCredentials('registry.example:5000', { dockerConfig: file })).toEqual({ username: 'alice', password: 'pa:ss' });
    expect(await loadCredentials('docker.io', { dockerConfig: file })).toEqual({ username: 'hubuser', password: 'hubpass' });
    expect(await loadCredentials('other.example', { dockerConfig: file })).toEqual({ username: 'bob', password: 'pw', identityToken: 'id-tok' });
    expect(await loadCredentials('unknown.example', { dockerConfig: file })).toBeUndefined();
  });

  it('finds the config through DOCKER_CONFIG and a directory option; none at all is anonymous', async () => {
    const cfgDir = join(dir, 'cfgdir');
    await mkdir(cfgDir, { recursive: true });
    await writeFile(join(cfgDir, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('u:p') } } }));
    expect(await loadCredentials('r.example', { env: { DOCKER_CONFIG: cfgDir } })).toEqual({ username: 'u', password: 'p' });
    expect(await loadCredentials('r.example', { dockerConfig: cfgDir })).toEqual({ username: 'u', password: 'p' });
    await writeFile(join(dir, 'named-anything'), JSON.stringify({ auths: { 'r.example': { auth: b64('n:q') } } }));
    expect(await loadCredentials('r.example', { dockerConfig: join(dir, 'named-anything') })).toEqual({ username: 'n', password: 'q' });
    expect(await loadCredentials('r.example', { env: { HOME: join(dir, 'nohome') } })).toBeUndefined();
  });

  it('names the file when the config is unusable', async () => {
    expect((await rejection(loadCredentials('r', { dockerConfig: join(dir, 'missing.json') }))).message).toMatch(/missing\.json: cannot read Docker config \(ENOENT\)/);
    const bad = await config('bad', '{"auths":');
    expect((await rejection(loadCredentials('r', { dockerConfig: bad }))).message).toMatch(/bad\.json: Docker config is not valid JSON/);
    const badAuth = await config('badauth', { auths: { r: { auth: b64('no-colon') } } });
    expect((await rejection(loadCredentials('r', { dockerConfig: badAuth }))).message).toMatch(/auths\.r\.auth is not base64 of user:password/);
  });

  it('runs credHelpers and credsStore with the server URL on stdin', async () => {
    const file = await config('helpers', { credHelpers: { 'helper.example': 'fake', 'broken.example': 'fake', 'slow.example': 'fake' }, credsStore: 'fake' });
    expect(await loadCredentials('helper.example', { dockerConfig: file, env: env() })).toEqual({ username: 'hu', password: 'hp' });
    // Hub credentials via the store, stored as an identity token.
    expect(await loadCredentials('docker.io', { dockerConfig: file, env: env() })).toEqual({ identityToken: 'refresh-1' });
    expect(await loadCredentials('nothing.example', { dockerConfig: file, env: env() })).toBeUndefined();
    expect((await rejection(loadCredentials('broken.example', { dockerConfig: file, env: env() }))).message).toMatch(/docker-credential-fake failed/);
    const slow = await rejection(loadCredentials('slow.example', { dockerConfig: file, env: env(), timeoutMs: 300 }));
    expect(slow.message).toMatch(/did not answer within 300 ms/);
  });

  it('prefers inline auths over credsStore and reports a missing helper', async () => {
    const file = await config('store', { credsStore: 'absent', auths: { 'in.example': { auth: b64('x:y') } } });
    expect(await loadCredentials('in.example', { dockerConfig: file, env: env() })).toEqual({ username: 'x', password: 'y' });
    expect((await rejection(loadCredentials('out.example', { dockerConfig: file, env: env() }))).message).toMatch(/docker-credential-absent is not on PATH/);
    const evil = await config('evil', { credHelpers: { 'e.example': '../../bin/sh' } });
    expect((await rejection(loadCredentials('e.example', { dockerConfig: evil, env: env() }))).message).toMatch(/invalid credential helper name/);
  });
});

describe('RegistryAuth token flow', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: URL; authorization?: string; body: string }[] = [];

  const read = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let s = '';
      req.on('data', (d: Buffer) => (s += d.toString()));
      req.on('end', () => resolve(s));
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      void read(req).then((body) => {
        const url = new URL(req.url ?? '/', 'http://x');
        seen.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body });
        const json = (status: number, v: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(v));
        };
        switch (url.pathname) {
          case '/token':
            if (req.headers.authorization === undefined) return json(200, { token: 'anon-token' });
            if (req.headers.authorization === `Basic ${b64('alice:secret')}`) return json(200, { access_token: 'alice-token', expires_in: 300 });
            return json(401, { errors: [{ code: 'UNAUTHORIZED' }] });
          case '/oauth':
            return json(200, { access_token: 'refreshed-token' });
          case '/notoken':
            return json(200, { nothing: true });
          case '/html':
            res.end('<html>');
            return;
          case '/down':
            return json(503, {});
          case '/hang':
            return; // never answers
          default:
            return json(404, {});
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const auth = (credentials?: Credentials, plain = true, timeoutMs = 5000): RegistryAuth =>
    new RegistryAuth({ input: 'reg.example/team/app:1', registry: 'reg.example', repository: 'team/app', credentials, timeoutMs, plainHttpAllowed: () => plain });
  const last = () => seen[seen.length - 1]!;

  it('fetches an anonymous token with service and the challenge scope', async () => {
    const a = auth();
    expect(a.authorization()).toBeUndefined();
    await a.respond(`Bearer realm="${base}/token",service="reg.example",scope="repository:team/app:pull"`);
    expect(a.authorization()).toBe('Bearer anon-token');
    expect(last().authorization).toBeUndefined();
    expect(last().url.searchParams.get('service')).toBe('reg.example');
    expect(last().url.searchParams.get('scope')).toBe('repository:team/app:pull');
  });

  it('sends Basic credentials to the token service and reads access_token; defaults the scope', async () => {
    const a = auth({ username: 'alice', password: 'secret' });
    await a.respond(`Bearer realm="${base}/token",service="reg.example"`);
    expect(a.authorization()).toBe('Bearer alice-token');
    expect(last().url.searchParams.get('scope')).toBe('repository:team/app:pull');
  });

  it('never sends credentials over plain HTTP to a host not trusted for it', async () => {
    const a = auth({ username: 'alice', password: 'secret' }, false);
    await a.respond(`Bearer realm="${base}/token",service="reg.example"`);
    expect(last().authorization).toBeUndefined();
    expect(a.authorization()).toBe('Bearer anon-token');
  });

  it('trades an identity token with the refresh-token grant', async () => {
    const a = auth({ identityToken: 'refresh-xyz' });
    await a.respond(`Bearer realm="${base}/oauth",service="svc",scope="repository:team/app:pull"`);
    expect(a.authorization()).toBe('Bearer refreshed-token');
    expect(last().method).toBe('POST');
    const form = new URLSearchParams(last().body);
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe('refresh-xyz');
    expect(form.get('service')).toBe('svc');
  });

  it('reports refused credentials without revealing them', async () => {
    const e = await rejection(auth({ username: 'alice', password: 'wrong-pass' }).respond(`Bearer realm="${base}/token",service="s"`));
    expect(e.message).toMatch(/^reg\.example\/team\/app:1: token service 127\.0\.0\.1:\d+ refused the credentials \(401\)/);
    expect(e.message).not.toContain('wrong-pass');
    expect(e.message).not.toContain(b64('alice:wrong-pass'));
  });

  it.each([
    ['/notoken', /answer has no token/],
    ['/html', /did not answer with JSON/],
    ['/down', /answered 503/],
  ])('fails clearly when the token service at %s misbehaves', async (path, msg) => {
    expect((await rejection(auth().respond(`Bearer realm="${base}${path}"`))).message).toMatch(msg);
  });

  it('times out a token service that never answers', async () => {
    const start = Date.now();
    expect((await rejection(auth(undefined, true, 300).respond(`Bearer realm="${base}/hang"`))).message).toMatch(/could not be reached: no answer within 300 ms/);
    expect(Date.now() - start).toBeLessThan(3000);
  });

  it('answers Basic challenges with credentials and explains when there are none', async () => {
    const a = auth({ username: 'bob', password: 'pw' });
    await a.respond('Basic realm="Registry Realm"');
    expect(a.authorization()).toBe(`Basic ${b64('bob:pw')}`);
    expect((await rejection(auth().respond('Basic realm="r"'))).message).toMatch(/requires a user name and password \(Basic auth\): run `docker login reg.example`/);
  });

  it('rejects challenges it cannot use', async () => {
    expect((await rejection(auth().respond(null))).message).toMatch(/no usable WWW-Authenticate challenge \(none\)/);
    expect((await rejection(auth().respond('Negotiate abc'))).message).toMatch(/unsupported scheme/);
    expect((await rejection(auth().respond('Bearer service="x"'))).message).toMatch(/without a valid realm URL/);
    expect((await rejection(auth().respond('Bearer realm="file:///etc/passwd"'))).message).toMatch(/unsupported scheme file:/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await rejection(auth().respond(`Bearer realm="http://127.0.0.1:${port}/token"`))).message).toMatch(/could not be reached: connection refused/);
  });
});
