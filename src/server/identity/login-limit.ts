import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../app.js';

/**
 * Brute-force protection for token authentication. Every 401 answered to a request that presented
 * a bearer token counts as a failure against the client's IP and against the token's visible
 * prefix (`rmp_u_AbCd`, the part listings show). Once a key has `freeFailures` failures inside
 * `windowMs` it is blocked for `baseBlockMs`, doubling with each further failure up to `maxBlockMs`;
 * while blocked, every request from that IP or with that prefix gets 429 and Retry-After, before
 * the token is even looked up.
 *
 * No enumeration: unknown, wrong, expired and revoked tokens all get the same 401 from the
 * authentication hook and count the same here, so neither answer says whether a token exists.
 * Success does not reset a key: a client holding one valid token must not be able to wash away
 * the failures of its guesses.
 */

export interface LoginLimitOptions {
  /** Failures allowed inside the window before blocking (default 10 per IP). */
  freeFailures?: number;
  /** Same for one token prefix (default 20; higher, since many clients may share a prefix by chance). */
  freePrefixFailures?: number;
  windowMs?: number;
  baseBlockMs?: number;
  maxBlockMs?: number;
  /** Most keys tracked; the oldest are forgotten first, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
  now?: () => number;
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

const BEARER = /^Bearer +(\S{1,1024})$/i;
const PREFIX_RE = /^(rmp_[a-z]_[0-9A-Za-z]{4})/;

/** The counters; one per server, shared by the plugin's hooks. */
export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();
  readonly opts: Required<Omit<LoginLimitOptions, 'now'>>;
  private readonly now: () => number;

  constructor(opts: LoginLimitOptions = {}) {
    this.opts = {
      freeFailures: opts.freeFailures ?? 10,
      freePrefixFailures: opts.freePrefixFailures ?? 20,
      windowMs: opts.windowMs ?? 15 * 60_000,
      baseBlockMs: opts.baseBlockMs ?? 1_000,
      maxBlockMs: opts.maxBlockMs ?? 15 * 60_000,
      maxKeys: opts.maxKeys ?? 100_000,
    };
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds the key is still blocked for (0 = not blocked). */
  blockedFor(key: string): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.blockedUntil - this.now()) : 0;
  }

  /** Records one failure; returns the block now in force (ms, 0 = none). */
  fail(key: string, free: number): number {
    const t = this.now();
    let e = this.entries.get(key);
    if (!e || t - e.windowStart >= this.opts.windowMs) {
      e = { failures: 0, windowStart: t, blockedUntil: 0 };
    }
    this.entries.delete(key); // re-insert: Map order becomes least-recently-failed first
    this.entries.set(key, e);
    e.failures++;
    // The free failures are allowed; the attempt after the last of them is blocked.
    const over = e.failures - free;
    if (over >= 0) {
      const ms = Math.min(this.opts.maxBlockMs, this.opts.baseBlockMs * 2 ** Math.min(over, 30));
      e.blockedUntil = Math.max(e.blockedUntil, t + ms);
      // The window runs at least as long as the block, so the count is not lost while blocked.
      e.windowStart = Math.max(e.windowStart, e.blockedUntil - this.opts.windowMs);
    }
    while (this.entries.size > this.opts.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return Math.max(0, e.blockedUntil - t);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The keys a request counts against: its IP, and the presented token's visible prefix if any. */
export function limitKeys(req: FastifyRequest): { ip: string; prefix: string | null } | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? BEARER.exec(h) : null;
  if (!m) return null; // no credentials presented: nothing to guess
  const p = PREFIX_RE.exec(m[1]!);
  return { ip: `ip:${req.ip}`, prefix: p ? `prefix:${p[1]}` : null };
}

export type LoginLimitPlugin = FastifyPluginAsync & { limiter: LoginLimiter };

/**
 * The plugin. Like the audit plugin it shares its parent's context (skip-override): pass it in
 * buildServer's `rootPlugins`, so its onRequest hook runs before the authentication hook of every
 * context (unknown paths included).
 */
export function loginLimitPlugin(opts: LoginLimitOptions | LoginLimiter = {}): LoginLimitPlugin {
  const limiter = opts instanceof LoginLimiter ? opts : new LoginLimiter(opts);

  const refuse = (req: FastifyRequest, reply: FastifyReply, ms: number) => {
    reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
    // This hook runs before app.ts sets the header on every answer: set it here, so a blocked
    // client can quote the id that its audit entry carries.
    reply.header('x-request-id', req.id);
    throw new HttpError(429, 'E_RATE_LIMITED', 'too many failed authentication attempts: retry later');
  };

  const plugin = async (app: FastifyInstance): Promise<void> => {
    // A second registration would count every failure twice.
    if (app.hasDecorator('rampartLoginLimit')) return;
    app.decorate('rampartLoginLimit', true);
    app.addHook('onRequest', async (req, reply) => {
      const k = limitKeys(req);
      if (!k) return;
      const ms = Math.max(limiter.blockedFor(k.ip), k.prefix ? limiter.blockedFor(k.prefix) : 0);
      if (ms > 0) refuse(req, reply, ms);
    });
    app.addHook('onResponse', async (req, reply) => {
      if (reply.statusCode !== 401) return;
      const k = limitKeys(req);
      if (!k) return;
      limiter.fail(k.ip, limiter.opts.freeFailures);
      if (k.prefix) limiter.fail(k.prefix, limiter.opts.freePrefixFailures);
    });
  };

  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'rampart-login-limit',
    limiter,
  }) as LoginLimitPlugin;
}
