import type { VerifyContext, VerifyResult } from './types.js';
import { unknown } from './types.js';

/** Largest response body read; answers we parse are small. */
const MAX_BODY = 256 * 1024;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
  /** `host[:port]` of the endpoint, for details. */
  host: string;
}

export type HttpOutcome = { ok: true; res: HttpAnswer } | { ok: false; result: VerifyResult };

export interface SendInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One request to `ctx.base + path`. Never throws: network errors, timeouts and unreadable bodies
 * come back as `unknown` with a reason naming only the host (paths may hold secrets, e.g. Slack
 * webhooks). Redirects are not followed, so credentials never travel to another host.
 */
export async function send(ctx: VerifyContext, path: string, init: SendInit = {}): Promise<HttpOutcome> {
  let url: URL;
  try {
    url = new URL(ctx.base + path);
  } catch {
    return { ok: false, result: unknown('invalid endpoint URL') };
  }
  const host = url.host;
  const signal = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const r = await ctx.fetch(url, {
      method: init.method ?? 'GET',
      headers: { 'User-Agent': 'rampart-verify', ...init.headers },
      body: init.body,
      redirect: 'manual',
      signal,
    });
    const body = await readCapped(r);
    return { ok: true, res: { status: r.status, headers: r.headers, body, host } };
  } catch (err) {
    return { ok: false, result: unknown(networkReason(err, host, ctx.timeoutMs)) };
  }
}

async function readCapped(r: Response): Promise<string> {
  if (!r.body) return '';
  const reader = r.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_BODY) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8', 0, Math.min(size, MAX_BODY));
}

const CODE_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused by',
  ECONNRESET: 'connection reset by',
  EPIPE: 'connection closed by',
  ENOTFOUND: 'DNS lookup failed for',
  EAI_AGAIN: 'DNS lookup failed for',
  EHOSTUNREACH: 'host unreachable:',
  ENETUNREACH: 'network unreachable for',
  ETIMEDOUT: 'connection timed out to',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out to',
  UND_ERR_SOCKET: 'connection closed by',
};

/** A fixed phrase per error kind; never the error's own message, which may quote a URL. */
export function networkReason(err: unknown, host: string, timeoutMs: number): string {
  const name = err instanceof Error ? err.name : '';
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  const causeName = cause instanceof Error ? cause.name : '';
  if (name === 'TimeoutError' || name === 'AbortError' || causeName === 'TimeoutError') {
    return `no answer from ${host} within ${timeoutMs} ms`;
  }
  const code = errorCode(cause) ?? errorCode(err);
  if (code !== undefined) {
    const phrase = CODE_REASONS[code];
    if (phrase) return `${phrase} ${host}`;
    if (/CERT|SSL|TLS/.test(code)) return `TLS error (${code}) from ${host}`;
    return `network error (${code}) reaching ${host}`;
  }
  return `network error reaching ${host}`;
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/**
 * Answers that say nothing about the credential: rate limiting, server errors, redirects.
 * Returns null when the verifier should decide.
 */
export function inconclusive(res: HttpAnswer): VerifyResult | null {
  if (res.status === 429) return unknown(`rate limited by ${res.host} (HTTP 429)`);
  if (res.status >= 500) return unknown(`HTTP ${res.status} from ${res.host}`);
  if (res.status >= 300 && res.status < 400) return unknown(`unexpected redirect (HTTP ${res.status}) from ${res.host}`);
  return null;
}

export function unexpected(res: HttpAnswer): VerifyResult {
  return unknown(`unexpected HTTP ${res.status} from ${res.host}`);
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A server-provided value made safe for a one-line detail: printable, bounded. */
export function clean(v: unknown, max = 80): string {
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export function bearer(secret: string): Record<string, string> {
  return { Authorization: `Bearer ${secret}` };
}
