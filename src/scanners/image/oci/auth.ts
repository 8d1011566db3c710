/**
 * Registry credentials and tokens. Credentials come from Docker's config file (inline `auths`,
 * or a credential helper run with execFile); the registry's `WWW-Authenticate` challenge decides
 * how they are used: Basic directly, or Bearer via the token service named in the challenge.
 * Credentials and tokens never appear in errors or logs.
 */
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ImageError } from '../types.js';
import { DOCKER_HUB } from './reference.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token from `docker login` with an identity provider. */
  identityToken?: string;
}

export interface CredentialOptions {
  /** A config.json file, or a directory holding one (like $DOCKER_CONFIG). */
  dockerConfig?: string;
  timeoutMs?: number;
  /** Environment for locating the config and running helpers (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
const MAX_TOKEN_BYTES = 1024 * 1024;
const HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
// The Docker CLI stores (and helpers index) Hub credentials under this URL.
const HUB_SERVER_URL = 'https://index.docker.io/v1/';

/** `auths` keys may be URLs (`https://host/v1/`) or bare hosts; compare them as hosts. */
function normaliseHost(key: string): string {
  let host = key.trim().toLowerCase();
  const scheme = host.indexOf('://');
  if (scheme >= 0) host = host.slice(scheme + 3);
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  return HUB_KEYS.has(host) ? DOCKER_HUB : host;
}

/** opts.dockerConfig (a file, or a directory holding config.json), $DOCKER_CONFIG, or ~/.docker. */
export async function dockerConfigFile(opts: CredentialOptions): Promise<string> {
  const env = opts.env ?? process.env;
  if (opts.dockerConfig) {
    const isDir = await stat(opts.dockerConfig).then((s) => s.isDirectory(), () => false);
    return isDir ? join(opts.dockerConfig, 'config.json') : opts.dockerConfig;
  }
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  return join(env.HOME ?? homedir(), '.docker', 'config.json');
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

async function readDockerConfig(file: string, explicit: boolean): Promise<DockerConfig | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!explicit && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    throw new ImageError(file, `cannot read Docker config (${code ?? (e as Error).message})`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) throw new ImageError(file, 'Docker config is larger than 4 MiB');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ImageError(file, 'Docker config is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ImageError(file, 'Docker config is not a JSON object');
  return json as DockerConfig;
}

function fromAuthEntry(entry: NonNullable<DockerConfig['auths']>[string], file: string, key: string): Credentials | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const creds: Credentials = {};
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new ImageError(file, `auths.${key}.auth is not base64 of user:password`);
    creds.username = decoded.slice(0, colon);
    creds.password = decoded.slice(colon + 1);
  } else if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    creds.username = entry.username;
    creds.password = entry.password;
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') creds.identityToken = entry.identitytoken;
  return creds.username !== undefined || creds.identityToken !== undefined ? creds : undefined;
}

/** Runs `docker-credential-<helper> get` with the server URL on stdin. */
function runHelper(helper: string, serverUrl: string, file: string, opts: CredentialOptions): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) return Promise.reject(new ImageError(file, `invalid credential helper name ${JSON.stringify(helper)}`));
  const program = `docker-credential-${helper}`;
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      ['get'],
      { timeout, maxBuffer: 1024 * 1024, env: opts.env ?? process.env, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const err = error as NodeJS.ErrnoException & { killed?: boolean };
          if (err.code === 'ENOENT') {
            reject(new ImageError(file, `credential helper ${program} is not on PATH (install it or remove it from the config)`));
            return;
          }
          // Helpers say "credentials not found" when they hold nothing for the host: pull anonymously.
          if (/not found/i.test(`${stdout}${stderr}`)) {
            resolve(undefined);
            return;
          }
          if (err.killed) {
            reject(new ImageError(file, `credential helper ${program} did not answer within ${timeout} ms`));
            return;
          }
          reject(new ImageError(file, `credential helper ${program} failed (exit ${String(err.code)})`));
          return;
        }
        let answer: unknown;
        try {
          answer = JSON.parse(stdout);
        } catch {
          reject(new ImageError(file, `credential helper ${program} did not answer with JSON`));
          return;
        }
        const a = answer as { Username?: unknown; Secret?: unknown };
        if (typeof a.Secret !== 'string' || a.Secret === '') {
          resolve(undefined);
          return;
        }
        // The CLI stores identity tokens with this placeholder user name.
        if (a.Username === '<token>') resolve({ identityToken: a.Secret });
        else resolve({ username: typeof a.Username === 'string' ? a.Username : '', password: a.Secret });
      },
    );
    child.stdin?.on('error', () => undefined); // the helper may exit before reading stdin
    child.stdin?.end(serverUrl);
  });
}

/** Credentials for a registry (`docker.io`, `host:5000`), or undefined for anonymous pulls. */
export async function loadCredentials(registry: string, opts: CredentialOptions = {}): Promise<Credentials | undefined> {
  const file = await dockerConfigFile(opts);
  const config = await readDockerConfig(file, opts.dockerConfig !== undefined);
  if (!config) return undefined;
  const host = normaliseHost(registry);
  const serverUrl = host === DOCKER_HUB ? HUB_SERVER_URL : host;

  const helpers = typeof config.credHelpers === 'object' && config.credHelpers !== null ? config.credHelpers : {};
  for (const [key, helper] of Object.entries(helpers)) {
    if (normaliseHost(key) === host && typeof helper === 'string') return runHelper(helper, serverUrl, file, opts);
  }
  let inline: Credentials | undefined;
  const auths = typeof config.auths === 'object' && config.auths !== null ? config.auths : {};
  for (const [key, entry] of Object.entries(auths)) {
    if (normaliseHost(key) === host) {
      inline = fromAuthEntry(entry, file, key);
      if (inline) break;
    }
  }
  if (inline) return inline;
  if (typeof config.credsStore === 'string' && config.credsStore !== '') return runHelper(config.credsStore, serverUrl, file, opts);
  return undefined;
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate` (RFC 9110 auth-params: `Bearer realm="..",service=".."`), one or
 * more challenges. A single left-to-right pass, so hostile headers cost linear time.
 */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = (): void => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && !' \t,="'.includes(header[i] as string)) i++;
    return header.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (token === '') {
      i++; // stray character: skip it
      continue;
    }
    skipSpace();
    if (header[i] === '=' && current) {
      i++;
      skipSpace();
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) i++;
          value += header[i];
          i++;
        }
        i++; // closing quote
      } else {
        value = readToken();
      }
      current.params[token.toLowerCase()] = value;
    } else {
      current = { scheme: token.toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

export interface AuthOptions {
  /** What errors name: the image reference. */
  input: string;
  registry: string;
  repository: string;
  credentials?: Credentials;
  timeoutMs?: number;
  /** True when credentials may go to this host over plain HTTP (loopback, --insecure-registry). */
  plainHttpAllowed: (host: string) => boolean;
}

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

/** Holds the Authorization header for one repository and answers 401 challenges. */
export class RegistryAuth {
  #header: string | undefined;

  constructor(private readonly opts: AuthOptions) {}

  /** The header to send, or undefined before any challenge (anonymous). */
  authorization(): string | undefined {
    return this.#header;
  }

  /** Answers a 401's challenge; afterwards `authorization()` holds the header to retry with. */
  async respond(wwwAuthenticate: string | null): Promise<void> {
    const { input, registry } = this.opts;
    const challenges = wwwAuthenticate ? parseChallenges(wwwAuthenticate) : [];
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) {
      this.#header = `Bearer ${await this.#fetchToken(bearer)}`;
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic')) {
      const c = this.opts.credentials;
      if (c?.username === undefined || c.password === undefined) {
        throw new ImageError(input, `registry ${registry} requires a user name and password (Basic auth): run \`docker login ${registry}\` or pass a Docker config`);
      }
      this.#header = basic(c.username, c.password);
      return;
    }
    throw new ImageError(input, `registry ${registry} answered 401 with no usable WWW-Authenticate challenge (${wwwAuthenticate ? 'unsupported scheme' : 'none'})`);
  }

  async #fetchToken(challenge: Challenge): Promise<string> {
    const { input, registry, repository, credentials } = this.opts;
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new ImageError(input, `registry ${registry} sent a Bearer challenge without a valid realm URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ImageError(input, `registry ${registry} sent a token realm with unsupported scheme ${url.protocol}`);
    }
    const service = challenge.params.service;
    const scope = challenge.params.scope ?? `repository:${repository}:pull`;
    // Credentials go to a token service only over TLS, unless the user trusts its host in plain HTTP.
    const mayAuth = url.protocol === 'https:' || this.opts.plainHttpAllowed(url.host);
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const init: RequestInit = { signal: AbortSignal.timeout(timeoutMs), redirect: 'error', headers: { accept: 'application/json' } };
    if (credentials?.identityToken !== undefined && mayAuth) {
      // OAuth2 refresh-token grant, as the Docker CLI does for identity tokens.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'rampart', scope });
      if (service !== undefined) form.set('service', service);
      init.method = 'POST';
      init.body = form.toString();
      init.headers = { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' };
    } else {
      if (service !== undefined) url.searchParams.set('service', service);
      url.searchParams.set('scope', scope);
      if (credentials?.username !== undefined && credentials.password !== undefined && mayAuth) {
        init.headers = { accept: 'application/json', authorization: basic(credentials.username, credentials.password) };
      }
    }
    const where = `token service ${url.host}`;
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (e) {
      throw new ImageError(input, `${where} could not be reached: ${describeFetchError(e, timeoutMs)}`);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw new ImageError(input, `${where} refused ${credentials ? 'the credentials' : 'anonymous access'} (${res.status}): check \`docker login ${registry}\``);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImageError(input, `${where} answered ${res.status} ${res.statusText}`.trimEnd());
    }
    let body: unknown;
    try {
      body = JSON.parse((await readCapped(res, MAX_TOKEN_BYTES, `${where} answer`, input)).toString('utf8'));
    } catch (e) {
      if (e instanceof ImageError) throw e;
      throw new ImageError(input, `${where} did not answer with JSON`);
    }
    const b = body as { token?: unknown; access_token?: unknown };
    const token = typeof b.token === 'string' && b.token !== '' ? b.token : b.access_token;
    if (typeof token !== 'string' || token === '' || /[\s]/.test(token)) {
      throw new ImageError(input, `${where} answer has no token (expected "token" or "access_token")`);
    }
    return token;
  }
}

/** A short reason for a failed fetch: DNS, refused connection, TLS, timeout. */
export function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name does not resolve (DNS)';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code !== undefined && /CERT|SSL|TLS|SIGNATURE/.test(code)) {
    return `TLS error (${code}); if the registry serves plain HTTP, list it as an insecure registry`;
  }
  return err.cause?.message ?? err.message;
}

/** Reads a response body up to `cap` bytes; more is an ImageError. */
export async function readCapped(res: Response, cap: number, what: string, input: string): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      throw new ImageError(input, `${what} is larger than ${cap} bytes`);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}
