import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from '../core/errors.js';
import { parseLifetime } from '../core/lifetime.js';
import type { AuditSync } from '../store/db.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;
/** Most HTTP worker processes (each has its own writer and WAL sync threads and SQLite connections). */
export const MAX_HTTP_WORKERS = 32;

export interface ServerConfig {
  host: string;
  port: number;
  /** Absolute data directory: SQLite database (unless databaseUrl) and the master key file. */
  dataDir: string;
  /** PostgreSQL URL from DATABASE_URL; undefined = SQLite in dataDir. */
  databaseUrl?: string;
  tls?: { certPath: string; keyPath: string };
  /**
   * server.auditSync: `batched` (default) commits the audit entries of secret reads and of
   * deployment decisions before the response and fsyncs them within 100 ms (or with the next
   * durable write), as Vault's file audit device and PostgreSQL's synchronous_commit=off do; a
   * power loss (not a crash of the server) can lose the last ~100 ms of such entries. `full`
   * fsyncs each one before the response (slower). Writes of state are always fsynced.
   */
  auditSync?: AuditSync;
  /**
   * `--trust-proxy` (or RAMPART_TRUST_PROXY): the reverse proxies whose X-Forwarded-For names the
   * client, as addresses or CIDR ranges (comma-separated; `loopback`, `linklocal`, `uniquelocal`
   * too). Off by default: the socket's peer is the client, and behind a proxy every client shares
   * the proxy's address for the per-address login limits. Name only your proxies: a trusted
   * address can claim to be any client.
   */
  trustProxy?: string;
  /**
   * `--oidc-allow-private-issuers` (or RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS=1): let trust policies
   * name issuers on loopback, link-local or private addresses (a self-hosted GitLab on the
   * internal network). Off by default: such fetches are refused (identity/issuer-address.ts).
   */
  oidcAllowPrivateIssuers?: boolean;
  /**
   * `--http-workers N` (or RAMPART_HTTP_WORKERS): HTTP processes sharing the listening socket
   * (server/cluster.ts). Default 1: one process, as always; more serve reads on more cores, on
   * SQLite with a key file or RAMPART_MASTER_KEY only.
   */
  httpWorkers?: number;
  /**
   * `--user-token-ttl` (or RAMPART_USER_TOKEN_TTL): a person's token's default lifetime in seconds
   * (identity/routes.ts USER_TOKEN_TTL_S, 30 days, when unset); null = `never` (no default).
   */
  userTokenTtlSeconds?: number | null;
}

export interface ServerFlags {
  listen?: string;
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** --audit-sync batched|full (else RAMPART_AUDIT_SYNC, else batched). */
  auditSync?: string;
  /** --trust-proxy ADDR[,CIDR...] (else RAMPART_TRUST_PROXY). */
  trustProxy?: string;
  /** --oidc-allow-private-issuers (else RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS=1). */
  oidcAllowPrivateIssuers?: boolean;
  /** --http-workers N (else RAMPART_HTTP_WORKERS, else 1). */
  httpWorkers?: string;
  /** --user-token-ttl LIFETIME (else RAMPART_USER_TOKEN_TTL, else 30 days). */
  userTokenTtl?: string;
}

/** `<user data dir>/server` (env-paths 'rampart'); `--data-dir` or RAMPART_DATA_DIR override it. */
export function defaultDataDir(): string {
  return resolve(envPaths('rampart', { suffix: '' }).data, 'server');
}

/**
 * Flags and environment -> a validated config. Flags win over the environment:
 * RAMPART_LISTEN, RAMPART_DATA_DIR, DATABASE_URL.
 */
export function resolveServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const { host, port } = parseListen(flags.listen ?? env.RAMPART_LISTEN ?? `${DEFAULT_HOST}:${DEFAULT_PORT}`);
  const dataDir = resolve(flags.dataDir ?? env.RAMPART_DATA_DIR ?? defaultDataDir());
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both or neither');
  }
  const tls = flags.tlsCert && flags.tlsKey ? { certPath: resolve(flags.tlsCert), keyPath: resolve(flags.tlsKey) } : undefined;
  const auditSync = flags.auditSync ?? env.RAMPART_AUDIT_SYNC ?? 'batched';
  if (auditSync !== 'batched' && auditSync !== 'full') {
    throw new UsageError(`--audit-sync ${JSON.stringify(auditSync)} (or RAMPART_AUDIT_SYNC): expected batched or full`);
  }
  const trustProxy = parseTrustProxy(flags.trustProxy ?? env.RAMPART_TRUST_PROXY);
  const allowEnv = env.RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS?.trim();
  if (allowEnv !== undefined && allowEnv !== '' && allowEnv !== '0' && allowEnv !== '1') {
    throw new UsageError(`RAMPART_OIDC_ALLOW_PRIVATE_ISSUERS ${JSON.stringify(allowEnv.slice(0, 40))}: expected 1 or 0`);
  }
  const oidcAllowPrivateIssuers = flags.oidcAllowPrivateIssuers === true || allowEnv === '1';
  const workersText = (flags.httpWorkers ?? env.RAMPART_HTTP_WORKERS ?? '1').trim();
  const httpWorkers = /^[0-9]{1,2}$/.test(workersText) ? Number(workersText) : NaN;
  if (!(httpWorkers >= 1 && httpWorkers <= MAX_HTTP_WORKERS)) {
    throw new UsageError(`--http-workers ${JSON.stringify(workersText.slice(0, 20))} (or RAMPART_HTTP_WORKERS): expected a whole number from 1 to ${MAX_HTTP_WORKERS}`);
  }
  const ttlText = flags.userTokenTtl ?? env.RAMPART_USER_TOKEN_TTL;
  const userTokenTtlSeconds = ttlText === undefined || ttlText.trim() === '' ? undefined : parseTokenTtl(ttlText);
  return {
    host, port, dataDir, databaseUrl, tls, auditSync,
    ...(userTokenTtlSeconds !== undefined ? { userTokenTtlSeconds } : {}),
    ...(trustProxy ? { trustProxy } : {}),
    ...(oidcAllowPrivateIssuers ? { oidcAllowPrivateIssuers } : {}),
    ...(httpWorkers > 1 ? { httpWorkers } : {}),
  };
}

/** `--user-token-ttl`: seconds or a number with s/m/h/d (5m to 366 d), or `never` (null). */
export function parseTokenTtl(s: string): number | null {
  const flag = '--user-token-ttl (or RAMPART_USER_TOKEN_TTL)';
  const n = parseLifetime(s, flag);
  if (n !== null && !(n >= 300 && n <= 366 * 86400)) {
    throw new UsageError(`${flag} ${JSON.stringify(s.trim().slice(0, 40))}: expected a lifetime from 5m to 366d (e.g. 30d, 12h) or never`);
  }
  return n;
}

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/** `--trust-proxy` -> the list Fastify's trustProxy takes, checked entry by entry (undefined = off). */
export function parseTrustProxy(s: string | undefined): string | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const entries = s.split(',').map((e) => e.trim());
  for (const e of entries) {
    const [addr, bits, extra] = e.split('/');
    const kind = isIP(addr ?? '');
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 6 ? 128 : 32));
    if (!(PROXY_KEYWORDS.includes(e) || (kind !== 0 && bitsOk && extra === undefined))) {
      throw new UsageError(`--trust-proxy (or RAMPART_TRUST_PROXY): ${JSON.stringify(e.slice(0, 60))} is not an address, CIDR range or one of ${PROXY_KEYWORDS.join(', ')} (e.g. --trust-proxy 127.0.0.1,10.0.0.0/8)`);
    }
  }
  return entries.join(',');
}

/** `HOST:PORT`, `[v6]:PORT` or `:PORT` (loopback). Never binds every interface by accident: `0.0.0.0` must be written out. */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(s.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new UsageError(`--listen ${JSON.stringify(s)}: expected HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080`);
  }
  return { host: m[1] ?? (m[2] || DEFAULT_HOST), port };
}

/** Reads the TLS files named by the config (PEM). A missing file is a usage error naming it. */
export function readTls(tls: NonNullable<ServerConfig['tls']>): { cert: Buffer; key: Buffer } {
  const read = (p: string, what: string) => {
    try {
      return readFileSync(p);
    } catch (e) {
      throw new UsageError(`cannot read TLS ${what} ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  return { cert: read(tls.certPath, 'certificate'), key: read(tls.keyPath, 'key') };
}
