/**
 * Pulls an image from a registry over the OCI Distribution API: manifest (index resolved for the
 * platform), config, then each layer blob streamed through decodeLayer. Nothing is written to
 * disk and no layer is held in memory. Every request has a timeout until its headers arrive and
 * an idle timeout on its body, so a registry that stops sending fails instead of hanging.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImageError, type ImageConfig, type LayerRef, type OpenedImage } from '../types.js';
import { describeFetchError, loadCredentials, RegistryAuth } from './auth.js';
import { attachHistory, parseImageConfig } from './config.js';
import { decodeLayer } from './layers.js';
import type { OpenOptions } from './open.js';
import {
  formatPlatform,
  isIndex,
  MANIFEST_MEDIA_TYPES,
  manifestLayers,
  parseManifestJson,
  platformMatches,
  selectManifest,
  type Descriptor,
  type OciManifest,
} from './manifest.js';
import { formatReference, manifestRef, parseReference, type ImageReference } from './reference.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** Registries may refuse manifests over 4 MiB (distribution spec); we read no more. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;
/** An index may point at another index; more nesting than this is refused. */
const MAX_INDEX_DEPTH = 4;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostOnly(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(0, hostPort.indexOf(']') + 1);
  const colon = hostPort.indexOf(':');
  return colon >= 0 ? hostPort.slice(0, colon) : hostPort;
}

/** Plain HTTP only for loopback and registries the user listed as insecure (`host` or `host:port`). */
export function plainHttpAllowed(hostPort: string, insecure: readonly string[] = []): boolean {
  const host = hostOnly(hostPort.toLowerCase());
  return LOOPBACK.has(host) || insecure.some((i) => i.toLowerCase() === hostPort.toLowerCase() || i.toLowerCase() === host);
}

/** `sha256:<hex>` of bytes, in the digest's own algorithm. */
function digestOf(bytes: Buffer, algorithm: string): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

interface Got {
  res: Response;
  ctl: AbortController;
}

/** One repository on one registry, with its auth state. */
class RegistryClient {
  readonly #active = new Set<AbortController>();
  #closed = false;

  constructor(
    readonly input: string,
    readonly ref: ImageReference,
    private readonly base: string,
    private readonly auth: RegistryAuth,
    readonly timeoutMs: number,
    private readonly hasCredentials: boolean,
  ) {}

  /** What messages call the repository: `127.0.0.1:5000/team/app`. */
  get repoName(): string {
    return `${this.ref.registry}/${this.ref.repository}`;
  }

  fail(message: string): ImageError {
    return new ImageError(this.input, message);
  }

  /**
   * GET `path` under /v2/<repo>/; answers 401 challenges once, retries 429/5xx once with a
   * short backoff. `what` names the object in errors ("manifest 1.0", "blob sha256:… (layer 2)").
   */
  async get(path: string, what: string, accept?: string): Promise<Got> {
    let authTried = false;
    let retried = false;
    for (;;) {
      if (this.#closed) throw this.fail(`image was closed while fetching ${what}`);
      const ctl = new AbortController();
      this.#active.add(ctl);
      const headers: Record<string, string> = {};
      if (accept) headers.accept = accept;
      const authorization = this.auth.authorization();
      if (authorization) headers.authorization = authorization;
      const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
      let res: Response;
      try {
        res = await fetch(`${this.base}/${path}`, { headers, signal: ctl.signal, redirect: 'follow' });
      } catch (e) {
        this.#active.delete(ctl);
        const reason = ctl.signal.aborted ? `no answer within ${this.timeoutMs} ms` : describeFetchError(e, this.timeoutMs);
        throw this.fail(`cannot fetch ${what} from ${this.ref.registry}: ${reason}`);
      } finally {
        clearTimeout(timer);
      }
      if (res.ok) return { res, ctl };
      this.#active.delete(ctl);
      const detail = await errorDetail(res, ctl, this.timeoutMs);
      if (res.status === 401) {
        if (!authTried) {
          authTried = true;
          await this.auth.respond(res.headers.get('www-authenticate'));
          continue;
        }
        throw this.fail(
          `${this.ref.registry} refused access to ${this.ref.repository} (401 after authenticating${this.hasCredentials ? '' : ' anonymously'}${detail}): ` +
            `the repository may not exist, or it needs \`docker login ${this.ref.registry}\``,
        );
      }
      if (res.status === 403) throw this.fail(`${this.ref.registry} denied access to ${what} (403${detail})`);
      if (res.status === 404) throw this.fail(`${what} not found in ${this.repoName} (404${detail})`);
      if ((res.status === 429 || res.status >= 500) && !retried) {
        retried = true;
        await sleep(this.#backoff(res));
        continue;
      }
      throw this.fail(`${this.ref.registry} answered ${res.status} ${res.statusText}`.trimEnd() + ` for ${what}${detail}`);
    }
  }

  #backoff(res: Response): number {
    const fallback = Math.min(1000, this.timeoutMs / 10);
    const after = Number(res.headers.get('retry-after'));
    return Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 5000, this.timeoutMs) : fallback;
  }

  /**
   * The body as a stream that fails when no bytes come for `timeoutMs` or when more than
   * `maxBytes` come (a registry must not send more than the descriptor says).
   */
  body(got: Got, what: string, maxBytes?: number): Readable {
    const { res, ctl } = got;
    const reader = res.body?.getReader();
    const timeoutMs = this.timeoutMs;
    const done = (): void => {
      this.#active.delete(ctl);
    };
    const fail = (m: string): ImageError => this.fail(m);
    const registry = this.ref.registry;
    async function* chunks(): AsyncGenerator<Buffer> {
      if (!reader) return;
      let total = 0;
      let stalled = false;
      let finished = false;
      try {
        for (;;) {
          const timer = setTimeout(() => {
            stalled = true;
            ctl.abort();
          }, timeoutMs);
          let r: Awaited<ReturnType<typeof reader.read>>;
          try {
            r = await reader.read();
          } catch (e) {
            if (stalled) throw fail(`${registry} stopped sending ${what} (no data for ${timeoutMs} ms after ${total} bytes)`);
            if (ctl.signal.aborted) throw fail(`download of ${what} was cancelled`);
            throw fail(`connection lost while reading ${what} after ${total} bytes: ${describeFetchError(e, timeoutMs)}`);
          } finally {
            clearTimeout(timer);
          }
          if (r.done) {
            finished = true;
            return;
          }
          total += r.value.byteLength;
          if (maxBytes !== undefined && total > maxBytes) throw fail(`${what} is larger than the ${maxBytes} bytes expected`);
          yield Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
        }
      } finally {
        done();
        if (!finished) {
          ctl.abort();
          reader.cancel().catch(() => undefined);
        }
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  /** A whole small body (manifest, config), capped. */
  async bytes(got: Got, what: string, maxBytes: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.body(got, what, maxBytes)) parts.push(c as Buffer);
    return Buffer.concat(parts);
  }

  close(): void {
    this.#closed = true;
    for (const ctl of this.#active) ctl.abort();
    this.#active.clear();
  }
}

/**
 * `: CODE message` from a registry error body (`{"errors":[{code,message}]}`): at most 64 KiB
 * read, bounded in time (the request is aborted), printable and short.
 */
async function errorDetail(res: Response, ctl: AbortController, timeoutMs: number): Promise<string> {
  const timer = setTimeout(() => ctl.abort(), Math.min(timeoutMs, 2000));
  const parts: Buffer[] = [];
  let total = 0;
  try {
    const reader = res.body?.getReader();
    while (reader && total < 64 * 1024) {
      const r = await reader.read();
      if (r.done) break;
      total += r.value.byteLength;
      parts.push(Buffer.from(r.value));
    }
    if (total >= 64 * 1024) reader?.cancel().catch(() => undefined);
    const first = (JSON.parse(Buffer.concat(parts).toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
    const text = [first?.code, first?.message].filter((p): p is string => typeof p === 'string').join(' ');
    const safe = text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
    return safe ? `: ${safe}` : '';
  } catch {
    ctl.abort();
    return '';
  } finally {
    clearTimeout(timer);
  }
}

export async function openRegistryImage(reference: string, opts: OpenOptions = {}): Promise<OpenedImage> {
  const ref = parseReference(reference);
  const timeoutMs = opts.timeoutMs !== undefined && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
  const insecure = opts.insecureRegistries ?? [];
  const scheme = plainHttpAllowed(ref.apiHost, insecure) ? 'http' : 'https';
  const credentials = await loadCredentials(ref.registry, { dockerConfig: opts.dockerConfig, timeoutMs });
  const auth = new RegistryAuth({
    input: reference,
    registry: ref.registry,
    repository: ref.repository,
    credentials,
    timeoutMs,
    plainHttpAllowed: (host) => plainHttpAllowed(host, insecure),
  });
  const client = new RegistryClient(reference, ref, `${scheme}://${ref.apiHost}/v2/${ref.repository}`, auth, timeoutMs, credentials !== undefined);
  try {
    return await pull(client, opts);
  } catch (e) {
    client.close();
    throw e;
  }
}

async function fetchManifest(client: RegistryClient, refOrDigest: string, expected?: Descriptor) {
  const what = `manifest ${refOrDigest}`;
  const got = await client.get(`manifests/${refOrDigest}`, what, [...MANIFEST_MEDIA_TYPES].join(', '));
  const bytes = await client.bytes(got, what, MAX_MANIFEST_BYTES);
  const pinned = expected?.digest ?? (refOrDigest.includes(':') ? refOrDigest : undefined);
  const algorithm = pinned?.split(':')[0] ?? 'sha256';
  const digest = digestOf(bytes, algorithm);
  if (pinned !== undefined && digest !== pinned) {
    throw client.fail(`${what}: digest mismatch, the registry sent content with digest ${digest}`);
  }
  if (expected && bytes.length !== expected.size) {
    throw client.fail(`${what}: size mismatch, ${bytes.length} bytes sent, the index declares ${expected.size}`);
  }
  return { manifest: parseManifestJson(bytes, `${client.input} (${what})`), digest };
}

async function pull(client: RegistryClient, opts: OpenOptions): Promise<OpenedImage> {
  const { input, ref } = client;
  let fetched = await fetchManifest(client, manifestRef(ref));
  let chosen: Descriptor | undefined;
  for (let depth = 0; isIndex(fetched.manifest); depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw client.fail(`image indexes nested deeper than ${MAX_INDEX_DEPTH}`);
    chosen = selectManifest(fetched.manifest, opts.platform, input);
    fetched = await fetchManifest(client, chosen.digest, chosen);
  }
  const manifest = fetched.manifest as OciManifest;

  const cfgDesc = manifest.config;
  const cfgWhat = `config blob ${cfgDesc.digest}`;
  if (cfgDesc.size > MAX_CONFIG_BYTES) throw client.fail(`${cfgWhat} is ${cfgDesc.size} bytes, over the ${MAX_CONFIG_BYTES}-byte cap`);
  const cfgBytes = await client.bytes(await client.get(`blobs/${cfgDesc.digest}`, cfgWhat), cfgWhat, cfgDesc.size);
  const cfgDigest = digestOf(cfgBytes, cfgDesc.digest.split(':')[0] as string);
  if (cfgDigest !== cfgDesc.digest) throw client.fail(`${cfgWhat}: digest mismatch, the registry sent content with digest ${cfgDigest}`);
  if (cfgBytes.length !== cfgDesc.size) throw client.fail(`${cfgWhat}: ${cfgBytes.length} bytes sent, the manifest declares ${cfgDesc.size}`);
  const config: ImageConfig = parseImageConfig(cfgBytes, input, cfgDesc.digest);

  const imagePlatform =
    config.os && config.architecture ? { os: config.os, architecture: config.architecture, variant: config.variant } : chosen?.platform;
  const platform = imagePlatform ? formatPlatform(imagePlatform) : undefined;
  // A single-platform image (no index) must still be the platform asked for.
  if (opts.platform !== undefined && chosen === undefined && imagePlatform && !platformMatches(imagePlatform, opts.platform, input)) {
    throw client.fail(`the image is ${platform} only (not an index), but --platform ${opts.platform} was asked for`);
  }

  const layers = manifestLayers(manifest);
  if (config.diffIds.length !== layers.length) {
    throw client.fail(`the manifest lists ${layers.length} layers but the config has ${config.diffIds.length} diff ids`);
  }
  attachHistory(layers, config);

  let closed = false;
  return {
    meta: {
      input,
      kind: 'registry',
      manifestDigest: fetched.digest,
      reference: formatReference(ref),
      ...(platform !== undefined ? { platform } : {}),
    },
    config,
    layers,
    layerStreams: () => streamLayers(client, layers, () => closed),
    close: async () => {
      closed = true;
      client.close();
    },
  };
}

async function* streamLayers(client: RegistryClient, layers: LayerRef[], isClosed: () => boolean): AsyncGenerator<{ layer: LayerRef; tar: Readable }> {
  for (const layer of layers) {
    if (isClosed()) return;
    const digest = layer.digest as string;
    const what = `blob ${digest} (layer ${layer.index + 1})`;
    const got = await client.get(`blobs/${digest}`, what);
    yield { layer, tar: decodeLayer(client.body(got, what, layer.size), layer, client.input) };
  }
}
