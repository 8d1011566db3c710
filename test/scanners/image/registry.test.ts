/**
 * Pulls against a real registry (Debian's docker-registry) on 127.0.0.1 with images pushed by the
 * test, a node:http auth proxy in front of it (Bearer token and Basic), and a node:http fake
 * registry for faults (401/404/500/429, stalls, digest mismatches).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { decompress } from 'fzstd';
import { extract } from 'tar-stream';
import { openImage } from '../../../src/scanners/image/oci/open.js';
import { openRegistryImage, plainHttpAllowed } from '../../../src/scanners/image/oci/registry.js';
import { ImageError, type OpenedImage } from '../../../src/scanners/image/types.js';
import {
  configFor,
  describe as descriptorOf,
  DOCKER_LAYER_GZIP,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  gzipLayer,
  LAYER_TAR,
  LAYER_ZSTD,
  makeTar,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
  pushImage,
  pushIndex,
  sha256,
  type Layer,
  type Pushed,
} from './helpers/push.js';

const FIXTURE = new URL('../../fixtures/image/registry/layer.tar.zst', import.meta.url);

function findRegistryBinary(): string {
  for (const dir of ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter)]) {
    const candidate = join(dir, 'docker-registry');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  throw new Error('docker-registry is not installed: these tests need a real registry (apt-get install -y docker-registry)');
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await stop(s);
  return port;
}

/** File names (and contents) of every layer, keyed by layer index. */
async function readLayers(img: OpenedImage): Promise<Map<number, Record<string, string>>> {
  const out = new Map<number, Record<string, string>>();
  for await (const { layer, tar } of img.layerStreams()) out.set(layer.index, await tarFiles(tar));
  return out;
}

async function tarFiles(tar: Readable): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      files[entry.header.name] = Buffer.concat(chunks).toString();
    }
  })();
  tar.on('error', (e) => ex.destroy(e));
  tar.pipe(ex);
  await done;
  return files;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as Error;
  }
  throw new Error('expected an ImageError');
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

let work: string;
let registry: ChildProcess | undefined;
let regPort: number;
let reg: string; // 127.0.0.1:<port>
let app: Pushed;
let zstdLayer: Layer;
let amd: Pushed;
let arm: Pushed;
let multiDigest: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-registry-'));
  ({ proc: registry, port: regPort } = await startRegistry('plain', []));
  reg = `127.0.0.1:${regPort}`;

  const base = `http://${reg}`;
  const zst = readFileSync(FIXTURE);
  zstdLayer = { blob: zst, diffId: sha256(Buffer.from(decompress(zst))), mediaType: LAYER_ZSTD };
  const plainTar = await makeTar({ 'opt/plain.txt': 'plain layer\n' });
  const layers: Layer[] = [
    await gzipLayer({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' }),
    zstdLayer,
    { blob: plainTar, diffId: sha256(plainTar), mediaType: LAYER_TAR },
  ];
  app = await pushImage(base, 'test/app', 'v1', layers, configFor(layers));

  const dockerLayers = [await gzipLayer({ 'usr/share/docker.txt': 'docker v2\n' }, DOCKER_LAYER_GZIP)];
  const dockerImage = await pushImage(base, 'test/docker', '1', dockerLayers, configFor(dockerLayers), true);
  await pushIndex(
    base,
    'test/docker',
    'list',
    [{ mediaType: DOCKER_MANIFEST, digest: dockerImage.digest, size: dockerImage.size, platform: { os: 'linux', architecture: 'amd64' } }],
    DOCKER_MANIFEST_LIST,
  );

  const amdLayers = [await gzipLayer({ 'arch.txt': 'amd64\n' })];
  const armLayers = [await gzipLayer({ 'arch.txt': 'arm64\n' })];
  amd = await pushImage(base, 'test/multi', undefined, amdLayers, configFor(amdLayers));
  arm = await pushImage(base, 'test/multi', undefined, armLayers, configFor(armLayers, { os: 'linux', architecture: 'arm64', variant: 'v8' }));
  multiDigest = await pushIndex(base, 'test/multi', 'latest', [
    { mediaType: OCI_MANIFEST, digest: arm.digest, size: arm.size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    { mediaType: OCI_MANIFEST, digest: amd.digest, size: amd.size, platform: { os: 'linux', architecture: 'amd64' } },
    // Attestations point at real manifests too; they must never be chosen.
    {
      mediaType: OCI_MANIFEST,
      digest: amd.digest,
      size: amd.size,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  ]);
}, 30_000);

afterAll(async () => {
  await stopRegistry(registry);
  if (work) await rm(work, { recursive: true, force: true });
});

/** Starts docker-registry on a free loopback port over the shared storage dir; waits until it answers. */
async function startRegistry(name: string, extraConfig: string[]): Promise<{ proc: ChildProcess; port: number }> {
  const binary = findRegistryBinary();
  const port = await freePort();
  const configFile = join(work, `${name}.yml`);
  await writeFile(
    configFile,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(work, 'storage')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '  secret: rampart-test-secret',
      ...extraConfig,
      '',
    ].join('\n'),
  );
  const proc = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`docker-registry exited (${proc.exitCode}): ${log}`);
    try {
      // 200, or 401 when the registry requires auth: either way it is serving.
      const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) return { proc, port };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`docker-registry did not start on 127.0.0.1:${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopRegistry(proc: ChildProcess | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  await exited;
}

describe('plainHttpAllowed', () => {
  it('allows loopback on any port and listed insecure registries, nothing else', () => {
    expect(plainHttpAllowed('localhost')).toBe(true);
    expect(plainHttpAllowed('localhost:5000')).toBe(true);
    expect(plainHttpAllowed('127.0.0.1:5000')).toBe(true);
    expect(plainHttpAllowed('[::1]:5000')).toBe(true);
    expect(plainHttpAllowed('127.0.0.2:5000')).toBe(false);
    expect(plainHttpAllowed('registry.example:5000')).toBe(false);
    expect(plainHttpAllowed('localhost.example.com')).toBe(false);
    expect(plainHttpAllowed('registry.example:5000', ['registry.example:5000'])).toBe(true);
    expect(plainHttpAllowed('Registry.Example:5000', ['registry.example'])).toBe(true);
    expect(plainHttpAllowed('registry.example:5001', ['registry.example:5000'])).toBe(false);
  });
});

describe('openRegistryImage against docker-registry', () => {
  it('pulls by tag: gzip, zstd and plain layers, config and history, digests verified', async () => {
    const img = await openRegistryImage(`${reg}/test/app:v1`, { timeoutMs: 5000 });
    try {
      expect(img.meta).toEqual({ input: `${reg}/test/app:v1`, kind: 'registry', manifestDigest: app.digest, reference: `${reg}/test/app:v1`, platform: 'linux/amd64' });
      expect(img.config?.user).toBe('app');
      expect(img.layers.map((l) => [l.index, l.digest, l.mediaType, l.createdBy])).toEqual([
        [0, app.layerDigests[0], 'application/vnd.oci.image.layer.v1.tar+gzip', 'RUN step 0'],
        [1, app.layerDigests[1], LAYER_ZSTD, 'RUN step 1'],
        [2, app.layerDigests[2], LAYER_TAR, 'RUN step 2'],
      ]);
      expect(img.layers[1]?.diffId).toBe(zstdLayer.diffId);
      const files = await readLayers(img);
      expect(files.get(0)).toEqual({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
      expect(files.get(1)).toEqual({ 'etc/zstd-layer.txt': 'zstd layer\n' });
      expect(files.get(2)).toEqual({ 'opt/plain.txt': 'plain layer\n' });
    } finally {
      await img.close();
      await img.close(); // twice is safe
    }
  });

  it('is what openImage uses for a reference that is not a local path', async () => {
    const img = await openImage(`${reg}/test/app:v1`, { timeoutMs: 5000 });
    expect(img.meta.kind).toBe('registry');
    expect(img.meta.manifestDigest).toBe(app.digest);
    await img.close();
  });

  it('pulls by digest and by tag plus digest', async () => {
    const byDigest = await openRegistryImage(`${reg}/test/app@${app.digest}`, { timeoutMs: 5000 });
    expect(byDigest.meta.manifestDigest).toBe(app.digest);
    expect(byDigest.meta.reference).toBe(`${reg}/test/app@${app.digest}`);
    expect((await readLayers(byDigest)).get(1)).toEqual({ 'etc/zstd-layer.txt': 'zstd layer\n' });
    await byDigest.close();
    const both = await openRegistryImage(`${reg}/test/app:v1@${app.digest}`, { timeoutMs: 5000 });
    expect(both.layers).toHaveLength(3);
    await both.close();
  });

  it('pulls a Docker v2 manifest and a Docker manifest list', async () => {
    const img = await openRegistryImage(`${reg}/test/docker:1`, { timeoutMs: 5000 });
    expect(img.layers[0]?.mediaType).toBe(DOCKER_LAYER_GZIP);
    expect((await readLayers(img)).get(0)).toEqual({ 'usr/share/docker.txt': 'docker v2\n' });
    await img.close();
    const list = await openRegistryImage(`${reg}/test/docker:list`, { timeoutMs: 5000 });
    expect(list.meta.manifestDigest).toBe(img.meta.manifestDigest);
    expect((await readLayers(list)).get(0)).toEqual({ 'usr/share/docker.txt': 'docker v2\n' });
    await list.close();
  });

  it('resolves a multi-arch index: linux/amd64 by default, --platform otherwise, never the attestation', async () => {
    const def = await openRegistryImage(`${reg}/test/multi`, { timeoutMs: 5000 });
    expect(def.meta.manifestDigest).toBe(amd.digest);
    expect(def.meta.platform).toBe('linux/amd64');
    expect((await readLayers(def)).get(0)).toEqual({ 'arch.txt': 'amd64\n' });
    await def.close();

    const armImg = await openRegistryImage(`${reg}/test/multi:latest`, { platform: 'linux/arm64', timeoutMs: 5000 });
    expect(armImg.meta.manifestDigest).toBe(arm.digest);
    expect(armImg.meta.platform).toBe('linux/arm64/v8');
    expect((await readLayers(armImg)).get(0)).toEqual({ 'arch.txt': 'arm64\n' });
    await armImg.close();

    const byIndexDigest = await openRegistryImage(`${reg}/test/multi@${multiDigest}`, { platform: 'linux/arm64/v8', timeoutMs: 5000 });
    expect(byIndexDigest.meta.manifestDigest).toBe(arm.digest);
    await byIndexDigest.close();

    const e = await rejection(openRegistryImage(`${reg}/test/multi`, { platform: 'linux/s390x', timeoutMs: 5000 }));
    expect(e.message).toMatch(/no manifest for platform linux\/s390x; available: linux\/arm64\/v8, linux\/amd64 \(choose one with --platform\)/);
  });

  it('refuses --platform that a single-platform image does not have', async () => {
    const e = await rejection(openRegistryImage(`${reg}/test/app:v1`, { platform: 'linux/arm64', timeoutMs: 5000 }));
    expect(e.message).toMatch(/the image is linux\/amd64 only \(not an index\), but --platform linux\/arm64 was asked for/);
    const same = await openRegistryImage(`${reg}/test/app:v1`, { platform: 'linux/x86_64', timeoutMs: 5000 });
    expect(same.meta.platform).toBe('linux/amd64');
    await same.close();
  });

  it('names a missing tag, repository and digest', async () => {
    expect((await rejection(openRegistryImage(`${reg}/test/app:nope`, { timeoutMs: 5000 }))).message).toBe(
      `${reg}/test/app:nope: manifest nope not found in ${reg}/test/app (404: MANIFEST_UNKNOWN manifest unknown)`,
    );
    expect((await rejection(openRegistryImage(`${reg}/test/absent:1`, { timeoutMs: 5000 }))).message).toMatch(/manifest 1 not found in 127\.0\.0\.1:\d+\/test\/absent \(404: [A-Z]+_UNKNOWN/);
    const missing = `sha256:${'0'.repeat(64)}`;
    expect((await rejection(openRegistryImage(`${reg}/test/app@${missing}`, { timeoutMs: 5000 }))).message).toMatch(`manifest ${missing} not found`);
  });
});

/** A node:http proxy in front of the real registry that demands Bearer tokens or Basic auth. */
describe('authenticated pulls through a proxy', () => {
  let tokenServer: Server;
  let proxy: Server;
  let proxyHost: string;
  let tokenBase: string;
  let mode: 'bearer' | 'basic' = 'bearer';
  const seen: string[] = [];
  const ISSUED = 'tok-7f3a';

  beforeAll(async () => {
    tokenServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(`token ${url.searchParams.get('service')} ${url.searchParams.get('scope')} ${req.headers.authorization ?? 'anonymous'}`);
      if (req.headers.authorization !== `Basic ${b64('alice:s3cret')}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: ISSUED, expires_in: 60 }));
    });
    tokenBase = `http://127.0.0.1:${await listen(tokenServer)}`;
    proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
      const auth = req.headers.authorization;
      const ok = mode === 'bearer' ? auth === `Bearer ${ISSUED}` : auth === `Basic ${b64('alice:s3cret')}`;
      if (!ok) {
        const challenge =
          mode === 'bearer'
            ? `Bearer realm="${tokenBase}/token",service="proxy-registry",scope="repository:test/app:pull"`
            : 'Basic realm="proxy"';
        res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
        return;
      }
      const headers = { ...req.headers };
      delete headers.authorization;
      delete headers.host;
      const up = httpRequest({ host: '127.0.0.1', port: regPort, method: req.method, path: req.url, headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    proxyHost = `127.0.0.1:${await listen(proxy)}`;
  });
  afterAll(async () => {
    await stop(proxy);
    await stop(tokenServer);
  });

  async function dockerConfig(name: string, auths: Record<string, unknown>): Promise<string> {
    const file = join(work, `${name}.json`);
    await writeFile(file, JSON.stringify({ auths }));
    return file;
  }

  it('gets a token with the Docker config credentials and pulls', async () => {
    mode = 'bearer';
    const cfg = await dockerConfig('bearer', { [`http://${proxyHost}`]: { auth: b64('alice:s3cret') } });
    const img = await openRegistryImage(`${proxyHost}/test/app:v1`, { dockerConfig: cfg, timeoutMs: 5000 });
    expect((await readLayers(img)).get(0)).toEqual({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n' });
    await img.close();
    expect(seen).toContain(`token proxy-registry repository:test/app:pull Basic ${b64('alice:s3cret')}`);
  });

  it('fails clearly without credentials or with wrong ones, never echoing them', async () => {
    mode = 'bearer';
    const anon = await rejection(openRegistryImage(`${proxyHost}/test/app:v1`, { dockerConfig: await dockerConfig('empty', {}), timeoutMs: 5000 }));
    expect(anon.message).toMatch(/token service 127\.0\.0\.1:\d+ refused anonymous access \(401\)/);
    const wrong = await rejection(
      openRegistryImage(`${proxyHost}/test/app:v1`, { dockerConfig: await dockerConfig('wrong', { [proxyHost]: { auth: b64('alice:guess') } }), timeoutMs: 5000 }),
    );
    expect(wrong.message).toMatch(/refused the credentials \(401\)/);
    expect(wrong.message).not.toContain('guess');
  });

  it('answers a Basic challenge', async () => {
    mode = 'basic';
    const cfg = await dockerConfig('basic', { [proxyHost]: { username: 'alice', password: 's3cret' } });
    const img = await openRegistryImage(`${proxyHost}/test/app@${app.digest}`, { dockerConfig: cfg, timeoutMs: 5000 });
    expect(img.layers).toHaveLength(3);
    expect((await readLayers(img)).size).toBe(3);
    await img.close();
    const wrong = await rejection(
      openRegistryImage(`${proxyHost}/test/app:v1`, { dockerConfig: await dockerConfig('basic-wrong', { [proxyHost]: { auth: b64('alice:nope') } }), timeoutMs: 5000 }),
    );
    expect(wrong.message).toMatch(/refused access to test\/app \(401 after authenticating: UNAUTHORIZED authentication required\)/);
    expect(wrong.message).not.toContain('nope');
    const none = await rejection(openRegistryImage(`${proxyHost}/test/app:v1`, { dockerConfig: await dockerConfig('basic-none', {}), timeoutMs: 5000 }));
    expect(none.message).toMatch(/requires a user name and password \(Basic auth\)/);
  });
});

/**
 * docker-registry's own token mode: it sends the Bearer challenge and verifies the JWTs our
 * node:http token service signs (ES256, certificate made with openssl, chained via x5c).
 */
describe('docker-registry in token auth mode', () => {
  let tokenServer: Server;
  let tokenRegistry: ChildProcess | undefined;
  let host: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const keyFile = join(work, 'token.key');
    const certFile = join(work, 'token.crt');
    await new Promise<void>((resolve, reject) =>
      execFile(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=rampart-test-token'],
        { timeout: 10_000 },
        (err) => (err ? reject(new Error(`openssl could not make the token certificate: ${err.message}`)) : resolve()),
      ),
    );
    const key = createPrivateKey(readFileSync(keyFile));
    const x5c = new X509Certificate(readFileSync(certFile)).raw.toString('base64');
    const b64url = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
    tokenServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const scope = url.searchParams.get('scope') ?? '';
      requests.push(`${url.searchParams.get('service')} ${scope} ${req.headers.authorization ? 'with-credentials' : 'anonymous'}`);
      const user = req.headers.authorization === `Basic ${b64('alice:s3cret')}` ? 'alice' : undefined;
      const [type, name, actions] = scope.split(':');
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: 'rampart-test-issuer',
        sub: user ?? '',
        aud: 'rampart-test-registry',
        exp: now + 300,
        nbf: now - 30,
        iat: now - 30,
        jti: randomUUID(),
        // Anonymous callers get a token that grants nothing, as public registries do for private repos.
        access: user && type === 'repository' ? [{ type, name, actions: (actions ?? '').split(',').filter((a) => a === 'pull') }] : [],
      };
      const signingInput = `${b64url({ typ: 'JWT', alg: 'ES256', x5c: [x5c] })}.${b64url(claims)}`;
      const sig = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `${signingInput}.${sig}`, expires_in: 300 }));
    });
    const tokenPort = await listen(tokenServer);
    const started = await startRegistry('token', [
      'auth:',
      '  token:',
      `    realm: http://127.0.0.1:${tokenPort}/token`,
      '    service: rampart-test-registry',
      '    issuer: rampart-test-issuer',
      `    rootcertbundle: ${certFile}`,
    ]);
    tokenRegistry = started.proc;
    host = `127.0.0.1:${started.port}`;
  }, 30_000);
  afterAll(async () => {
    await stopRegistry(tokenRegistry);
    await stop(tokenServer);
  });

  it('answers the registry\'s own challenge with a token and pulls', async () => {
    const cfg = join(work, 'token-config.json');
    await writeFile(cfg, JSON.stringify({ auths: { [host]: { auth: b64('alice:s3cret') } } }));
    const img = await openRegistryImage(`${host}/test/app:v1`, { dockerConfig: cfg, timeoutMs: 5000 });
    expect(img.meta.manifestDigest).toBe(app.digest);
    expect((await readLayers(img)).get(1)).toEqual({ 'etc/zstd-layer.txt': 'zstd layer\n' });
    await img.close();
    expect(requests).toContain('rampart-test-registry repository:test/app:pull with-credentials');
  });

  it('explains a token that grants nothing (anonymous pull of a protected repository)', async () => {
    const cfg = join(work, 'token-anon.json');
    await writeFile(cfg, '{}');
    const e = await rejection(openRegistryImage(`${host}/test/app:v1`, { dockerConfig: cfg, timeoutMs: 5000 }));
    expect(e.message).toMatch(/refused access to test\/app \(401 after authenticating anonymously: UNAUTHORIZED .*\): the repository may not exist, or it needs `docker login 127\.0\.0\.1:\d+`/);
  });
});

/** A fake registry serving one small image from memory, with faults switched on per test. */
describe('registry faults', () => {
  let fake: Server;
  let host: string;
  const hits: string[] = [];
  type Fault = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  let fault: Fault | undefined;
  const blobs = new Map<string, Buffer>();
  let manifestBytes: Buffer;
  let manifestDigest: string;
  let layerDigest: string;

  beforeAll(async () => {
    const layer = await gzipLayer({ 'hello.txt': 'hello\n'.repeat(2000) });
    const config = configFor([layer]);
    blobs.set(sha256(layer.blob), layer.blob);
    blobs.set(sha256(config), config);
    layerDigest = sha256(layer.blob);
    manifestBytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf(OCI_CONFIG, config), layers: [descriptorOf(layer.mediaType, layer.blob)] }));
    manifestDigest = sha256(manifestBytes);
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.push(path);
      if (fault?.(req, res, path)) return;
      const m = /^\/v2\/fake\/app\/(manifests|blobs)\/(.+)$/.exec(path);
      if (m?.[1] === 'manifests' && (m[2] === 'v1' || m[2] === manifestDigest)) {
        res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(manifestBytes);
        return;
      }
      const blob = m?.[1] === 'blobs' ? blobs.get(m[2] as string) : undefined;
      if (blob) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length }).end(blob);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}');
    };
    fake = createServer(handler);
    host = `127.0.0.1:${await listen(fake)}`;
    // The same registry on a non-loopback-named address: HTTPS unless listed as insecure.
    other = createServer(handler);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
    otherHost = `127.0.0.2:${(other.address() as AddressInfo).port}`;
    cdn = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      cdnSeen.push(`${url.pathname} ${req.headers.authorization ?? 'no-auth'}`);
      if (url.pathname === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t${++tokensIssued}` }));
        return;
      }
      const blob = blobs.get(url.pathname.slice('/cdn/'.length));
      if (blob && url.searchParams.get('sig') === 'ok') res.writeHead(200).end(blob);
      else res.writeHead(403).end();
    });
    cdnBase = `http://127.0.0.1:${await listen(cdn)}`;
  });
  afterAll(async () => {
    await stop(fake);
    await stop(other);
    await stop(cdn);
  });
  let other: Server;
  let otherHost: string;
  let cdn: Server;
  let cdnBase: string;
  const cdnSeen: string[] = [];
  let tokensIssued = 0;

  const open = (ref = `${host}/fake/app:v1`, timeoutMs = 3000): Promise<OpenedImage> => openRegistryImage(ref, { timeoutMs, dockerConfig: join(work, 'none.json') });

  beforeAll(async () => {
    await writeFile(join(work, 'none.json'), '{}');
  });

  it('serves the unfaulted image', async () => {
    fault = undefined;
    const img = await open();
    expect((await readLayers(img)).get(0)?.['hello.txt']).toHaveLength(12000);
    await img.close();
  });

  it('gives up after 401 with a challenge-less answer', async () => {
    fault = (_req, res) => {
      res.writeHead(401).end();
      return true;
    };
    expect((await rejection(open())).message).toMatch(/answered 401 with no usable WWW-Authenticate challenge/);
  });

  it('retries 500 once, then names the status', async () => {
    hits.length = 0;
    fault = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNKNOWN","message":"boom"}]}');
      return true;
    };
    const e = await rejection(open());
    expect(e.message).toBe(`${host}/fake/app:v1: ${host} answered 500 Internal Server Error for manifest v1: UNKNOWN boom`);
    expect(hits).toHaveLength(2);
  });

  it('recovers from one 429 or 503', async () => {
    let failures = 0;
    fault = (_req, res, path) => {
      if (path.includes('/manifests/') && failures === 0) {
        failures++;
        res.writeHead(503).end();
        return true;
      }
      if (path.includes('/blobs/') && failures === 1) {
        failures++;
        res.writeHead(429, { 'retry-after': '0' }).end();
        return true;
      }
      return false;
    };
    const img = await open();
    expect((await readLayers(img)).size).toBe(1);
    await img.close();
    expect(failures).toBe(2);
  });

  it('names a missing layer blob', async () => {
    fault = (_req, res, path) => {
      if (path.endsWith(layerDigest)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}');
        return true;
      }
      return false;
    };
    const img = await open();
    const e = await rejection(readLayers(img));
    expect(e.message).toBe(`${host}/fake/app:v1: blob ${layerDigest} (layer 1) not found in ${host}/fake/app (404: BLOB_UNKNOWN blob unknown)`);
    await img.close();
  });

  it('fails a stalled layer body within the timeout', async () => {
    fault = (_req, res, path) => {
      if (!path.endsWith(layerDigest)) return false;
      const blob = blobs.get(layerDigest) as Buffer;
      res.writeHead(200, { 'content-length': blob.length });
      res.write(blob.subarray(0, 20)); // then nothing more
      return true;
    };
    const img = await open(undefined, 800);
    const start = Date.now();
    const e = await rejection(readLayers(img));
    expect(e.message).toMatch(/stopped sending blob sha256:[a-f0-9]{64} \(layer 1\) \(no data for 800 ms after 20 bytes\)/);
    expect(Date.now() - start).toBeLessThan(4000);
    await img.close();
  });

  it('fails a registry that never answers within the timeout', async () => {
    fault = () => true; // no answer at all
    const start = Date.now();
    expect((await rejection(open(undefined, 800))).message).toMatch(/cannot fetch manifest v1 from 127\.0\.0\.1:\d+: no answer within 800 ms/);
    expect(Date.now() - start).toBeLessThan(4000);
  });

  it('fails a manifest pulled by digest whose content does not match', async () => {
    fault = (_req, res, path) => {
      if (!path.includes('/manifests/')) return false;
      res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(Buffer.concat([manifestBytes, Buffer.from(' ')]));
      return true;
    };
    expect((await rejection(open(`${host}/fake/app@${manifestDigest}`))).message).toMatch(
      new RegExp(`manifest ${manifestDigest}: digest mismatch, the registry sent content with digest sha256:[a-f0-9]{64}`),
    );
  });

  it('fails a config blob whose digest does not match', async () => {
    fault = (_req, res, path) => {
      if (!path.includes('/blobs/') || path.endsWith(layerDigest)) return false;
      const cfg = configFor([]);
      res.writeHead(200).end(cfg);
      return true;
    };
    expect((await rejection(open())).message).toMatch(/config blob sha256:[a-f0-9]{64}: digest mismatch, the registry sent content with digest sha256:/);
  });

  it('fails a layer whose bytes do not match its digest', async () => {
    fault = (_req, res, path) => {
      if (!path.endsWith(layerDigest)) return false;
      // Same size, still valid gzip (only the header's mtime differs): only the digest tells.
      const blob = Buffer.from(blobs.get(layerDigest) as Buffer);
      blob[4] = (blob[4] as number) ^ 0xff;
      res.writeHead(200).end(blob);
      return true;
    };
    const img = await open();
    const e = await rejection(readLayers(img));
    expect(e.message).toMatch(new RegExp(`layer 1 \\(${layerDigest}\\): blob digest mismatch: got sha256:[a-f0-9]{64}`));
    await img.close();
  });

  it('fails a layer that is longer than the manifest says', async () => {
    fault = (_req, res, path) => {
      if (!path.endsWith(layerDigest)) return false;
      res.writeHead(200).end(Buffer.concat([blobs.get(layerDigest) as Buffer, Buffer.alloc(100)]));
      return true;
    };
    const img = await open();
    expect((await rejection(readLayers(img))).message).toMatch(/larger than the \d+ bytes/);
    await img.close();
  });

  it('refuses indexes nested too deep and a manifest that is not JSON', async () => {
    // A chain of indexes, each pointing at the next by its real digest.
    const chain = new Map<string, Buffer>();
    let next: { digest: string; size: number } | undefined;
    for (let i = 0; i < 7; i++) {
      const entries = next ? [{ mediaType: OCI_INDEX, ...next, platform: { os: 'linux', architecture: 'amd64' } }] : [];
      const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }));
      next = { digest: sha256(bytes), size: bytes.length };
      chain.set(next.digest, bytes);
    }
    const top = next as { digest: string };
    fault = (_req, res, path) => {
      if (!path.includes('/manifests/')) return false;
      const ref = path.slice(path.lastIndexOf('/') + 1);
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(chain.get(ref === 'v1' ? top.digest : ref));
      return true;
    };
    expect((await rejection(open())).message).toMatch(/image indexes nested deeper than 4/);
    fault = (_req, res, path) => {
      if (!path.includes('/manifests/')) return false;
      res.writeHead(200).end('<html>');
      return true;
    };
    expect((await rejection(open())).message).toMatch(/^127\.0\.0\.1:\d+\/fake\/app:v1 \(manifest v1\): manifest is not valid JSON \(/);
  });

  it('refuses an index entry whose content does not match its digest', async () => {
    const bogus = sha256(Buffer.from('x'));
    fault = (_req, res, path) => {
      if (!path.includes('/manifests/')) return false;
      const idx = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: bogus, size: manifestBytes.length, platform: { os: 'linux', architecture: 'amd64' } }] };
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(path.endsWith('/v1') ? JSON.stringify(idx) : manifestBytes);
      return true;
    };
    expect((await rejection(open())).message).toMatch(new RegExp(`manifest ${bogus}: digest mismatch, the registry sent content with digest ${manifestDigest}`));
  });

  it('reports a host that does not resolve and a refused connection', async () => {
    expect((await rejection(openRegistryImage('rampart-test.invalid/a/b:1', { timeoutMs: 3000, dockerConfig: join(work, 'none.json') }))).message).toMatch(
      /^rampart-test\.invalid\/a\/b:1: cannot fetch manifest 1 from rampart-test\.invalid: (host name does not resolve \(DNS\)|no answer within 3000 ms)/,
    );
    const port = await freePort();
    expect((await rejection(openRegistryImage(`127.0.0.1:${port}/a/b:1`, { timeoutMs: 3000, dockerConfig: join(work, 'none.json') }))).message).toMatch(/connection refused/);
  });

  it('uses HTTPS for other hosts and plain HTTP for insecure registries', async () => {
    fault = undefined;
    const tls = await rejection(openRegistryImage(`${otherHost}/fake/app:v1`, { timeoutMs: 2000, dockerConfig: join(work, 'none.json') }));
    expect(tls.message).toMatch(/cannot fetch manifest v1 from 127\.0\.0\.2:\d+: TLS error \(ERR_SSL_WRONG_VERSION_NUMBER\); if the registry serves plain HTTP, list it as an insecure registry/);
    const img = await openRegistryImage(`${otherHost}/fake/app:v1`, { timeoutMs: 2000, insecureRegistries: [otherHost], dockerConfig: join(work, 'none.json') });
    expect((await readLayers(img)).size).toBe(1);
    await img.close();
    const byHost = await openRegistryImage(`${otherHost}/fake/app:v1`, { timeoutMs: 2000, insecureRegistries: ['127.0.0.2'], dockerConfig: join(work, 'none.json') });
    await byHost.close();
  });

  it('follows a blob redirect to another origin without sending the registry token there', async () => {
    cdnSeen.length = 0;
    fault = (req, res, path) => {
      if (!/^Bearer t\d+$/.test(req.headers.authorization ?? '')) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${cdnBase}/token",service="fake"` }).end();
        return true;
      }
      if (path.endsWith(layerDigest)) {
        res.writeHead(307, { location: `${cdnBase}/cdn/${layerDigest}?sig=ok` }).end();
        return true;
      }
      return false;
    };
    const img = await open();
    expect((await readLayers(img)).get(0)?.['hello.txt']).toHaveLength(12000);
    await img.close();
    expect(cdnSeen).toEqual(['/token no-auth', `/cdn/${layerDigest} no-auth`]);
  });

  it('refuses a config whose diff ids do not line up with the layers', async () => {
    const noDiffIds = configFor([]);
    blobs.set(sha256(noDiffIds), noDiffIds);
    const bad = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf(OCI_CONFIG, noDiffIds), layers: [descriptorOf('application/vnd.oci.image.layer.v1.tar+gzip', blobs.get(layerDigest) as Buffer)] });
    fault = (_req, res, path) => {
      if (!path.endsWith('/manifests/v2')) return false;
      res.writeHead(200, { 'content-type': OCI_MANIFEST }).end(bad);
      return true;
    };
    expect((await rejection(open(`${host}/fake/app:v2`))).message).toBe(`${host}/fake/app:v2: the manifest lists 1 layers but the config has 0 diff ids`);
  });

  it('gets a fresh token when one expires mid-pull', async () => {
    cdnSeen.length = 0;
    const uses = new Map<string, number>();
    fault = (req, res) => {
      // Each token is good for two requests, then the registry challenges again.
      const auth = req.headers.authorization ?? '';
      const n = (uses.get(auth) ?? 0) + 1;
      uses.set(auth, n);
      if (!/^Bearer t\d+$/.test(auth) || n > 2) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${cdnBase}/token",service="fake"` }).end();
        return true;
      }
      return false;
    };
    const img = await open();
    expect((await readLayers(img)).size).toBe(1);
    await img.close();
    // Manifest and config on the first token, the layer on a second one.
    expect(cdnSeen).toEqual(['/token no-auth', '/token no-auth']);
    expect([...uses.entries()].filter(([k]) => k.startsWith('Bearer')).map(([, v]) => v)).toEqual([3, 1]);
  });

  it('close() stops a layer download in flight', async () => {
    fault = (_req, res, path) => {
      if (!path.endsWith(layerDigest)) return false;
      const blob = blobs.get(layerDigest) as Buffer;
      res.writeHead(200, { 'content-length': blob.length });
      res.write(blob.subarray(0, 20)); // and then waits
      return true;
    };
    const img = await openRegistryImage(`${host}/fake/app:v1`, { timeoutMs: 10_000, dockerConfig: join(work, 'none.json') });
    const it = img.layerStreams()[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.done).toBe(false);
    const start = Date.now();
    const reading = tarFiles((first.value as { tar: Readable }).tar);
    await img.close();
    const e = await rejection(reading);
    expect(e.message).toMatch(/download of blob sha256:[a-f0-9]{64} \(layer 1\) was cancelled/);
    expect(Date.now() - start).toBeLessThan(2000);
    expect((await it.next()).done).toBe(true);
  });

  it('rejects a bad reference before any request', async () => {
    hits.length = 0;
    expect((await rejection(open(`${host}/Fake/App:v1`))).message).toMatch(/invalid image reference/);
    expect(hits).toHaveLength(0);
  });
});
