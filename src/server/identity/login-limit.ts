import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticate } from '../auth.js';
import { AUTHENTICATE, HttpError, ROOT_CHECK, type RootCheck } from '../app.js';

/**
 * Brute-force and flood protection for authentication, keyed on the client's address (`req.ip`:
 * the socket's peer, or with `rampart server --trust-proxy` the client a trusted proxy names).
 *
 * Failed token attempts: every 401 answered to a request that presented a bearer token counts
 * against its address. Once an address has `freeFailures` failures inside `windowMs` it is
 * blocked for `baseBlockMs`, doubling with each further failure up to `maxBlockMs`. While it is
 * blocked, a presented token is still checked first (review M5): a token that authenticates is
 * served as usual, so nobody can lock a valid token out with the failures of other clients
 * (behind one proxy address, or from anywhere with the token's visible prefix, which listings and
 * `rampart login` show: failures are never keyed on it). Any other token gets 429 and Retry-After.
 * A guess is therefore still answered while blocked, but API tokens carry 256 random bits, so
 * guessing is hopeless anyway; what the block bounds is the cost of a flood: a blocked client's
 * tokens are hashed and looked up (a malformed or mis-checksummed one not even that) and answered
 * 429 without any route or body work.
 *
 * Requests without credentials (review L1): every 401 they get counts against `anon:<address>`
 * (`freeAnonymousFailures`, higher: scripts and browsers probe without a token). While that key
 * is blocked, the address's anonymous requests to anything but a public route (OpenAPI
 * `security: []`: health, seal status, unseal, OIDC exchange) get 429. They are still audited;
 * the audit plugin writes 401 and 429 entries with deferred fsync, as refusals change nothing.
 *
 * No enumeration: unknown, wrong, expired and revoked tokens all get the same 401 (or, while
 * blocked, the same 429). Success does not reset a key: a client holding one valid token must not
 * be able to wash away the failures of its guesses.
 */

export interface LoginLimitOptions {
  /** Failures allowed inside the window before blocking (default 10 per IP). */
  freeFailures?: number;
  /** Same for 401s to requests without credentials (default 200: their entries cost no fsync, and a crawler or a test of every route probes many paths). */
  freeAnonymousFailures?: number;
  windowMs?: number;
  baseBlockMs?: number;
  maxBlockMs?: number;
  /** Most keys tracked; the oldest are forgotten first, so a flood of addresses cannot exhaust memory. */
  maxKeys?: number;
  now?: () => number;
  /**
   * Checks a token presented while its address is blocked. Default: the server's own
   * authenticator (app.ts decorates the instance with it), so the answer is the one the
   * authentication hook would give.
   */
  authenticate?: Authenticate;
}

/** One key's failures in its window and the end of its block (ms since the epoch). */
export interface FailureCounts {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

type BlockOptions = Pick<Required<LoginLimitOptions>, 'windowMs' | 'baseBlockMs' | 'maxBlockMs'>;

/** The block the `over`-th failure past the free ones earns (ms): baseBlockMs doubling, capped. */
export function blockMs(o: BlockOptions, over: number): number {
  return Math.min(o.maxBlockMs, o.baseBlockMs * 2 ** Math.min(over, 30));
}

/**
 * The rule both limiters apply after counting failures at `t`: the free failures are allowed; the
 * attempt after the last of them is blocked, longer with each further one. The window runs at least
 * as long as the block, so the count is not lost while blocked.
 */
export function extendBlock(e: FailureCounts, free: number, t: number, o: BlockOptions): void {
  const over = e.failures - free;
  if (over < 0) return;
  e.blockedUntil = Math.max(e.blockedUntil, t + blockMs(o, over));
  e.windowStart = Math.max(e.windowStart, e.blockedUntil - o.windowMs);
}

// The same Bearer syntax as the authentication hook (app.ts).
const BEARER = /^Bearer +([\x21-\x7e]{1,1024})$/i;

/** The counters; one per server, shared by the plugin's hooks. */
export class LoginLimiter {
  private readonly entries = new Map<string, FailureCounts>();
  readonly opts: Required<Omit<LoginLimitOptions, 'now' | 'authenticate'>>;
  private readonly now: () => number;
  /** The end of the latest block ever set: past it, nothing is blocked. */
  private latestBlockEnd = 0;

  constructor(opts: LoginLimitOptions = {}) {
    this.opts = {
      freeFailures: opts.freeFailures ?? 10,
      freeAnonymousFailures: opts.freeAnonymousFailures ?? 200,
      windowMs: opts.windowMs ?? 15 * 60_000,
      baseBlockMs: opts.baseBlockMs ?? 1_000,
      maxBlockMs: opts.maxBlockMs ?? 15 * 60_000,
      maxKeys: opts.maxKeys ?? 100_000,
    };
    this.now = opts.now ?? Date.now;
  }

  /** Whether any key may still be blocked (the latest block any failure set has not ended). */
  anyBlocked(): boolean {
    return this.latestBlockEnd > this.now();
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
    extendBlock(e, free, t, this.opts);
    this.latestBlockEnd = Math.max(this.latestBlockEnd, e.blockedUntil);
    while (this.entries.size > this.opts.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return Math.max(0, e.blockedUntil - t);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The key a request counts against and the token it presented: failed token attempts, or (no token) anonymous ones. */
export function limitKey(req: FastifyRequest): { key: string; token: string | null } {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? BEARER.exec(h) : null;
  return m ? { key: `ip:${req.ip}`, token: m[1]! } : { key: `anon:${req.ip}`, token: null };
}

/** Routes documented as needing no credentials (OpenAPI `security: []`). Unknown paths are not public. */
function isPublicRoute(req: FastifyRequest): boolean {
  if (req.is404) return false;
  const security = (req.routeOptions.schema as { security?: unknown } | undefined)?.security;
  return Array.isArray(security) && security.length === 0;
}

export type LoginLimitPlugin = FastifyPluginAsync & { limiter: LoginLimiter };

/**
 * The plugin. Like the audit plugin it shares its parent's context (skip-override): pass it in
 * buildServer's `rootPlugins`: its check then runs first in the root onRequest hook (app.ts ROOT_CHECK), before
 * the authentication hook of every context (unknown paths included).
 */
export function loginLimitPlugin(opts: LoginLimitOptions | LoginLimiter = {}): LoginLimitPlugin {
  const limiter = opts instanceof LoginLimiter ? opts : new LoginLimiter(opts);
  const given = opts instanceof LoginLimiter ? undefined : opts.authenticate;

  const refuse = (req: FastifyRequest, reply: FastifyReply, ms: number) => {
    reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
    // This hook runs before app.ts sets the header on every answer: set it here, so a blocked
    // client can quote the id that its audit entry carries.
    reply.header('x-request-id', req.id);
    return new HttpError(429, 'E_RATE_LIMITED', 'too many failed authentication attempts: retry later');
  };

  const plugin = async (app: FastifyInstance): Promise<void> => {
    // A second registration would count every failure twice.
    if (app.hasDecorator('rampartLoginLimit')) return;
    app.decorate('rampartLoginLimit', true);
    const fromApp = (app as unknown as Record<string, unknown>)[AUTHENTICATE];
    const authenticate = given ?? (typeof fromApp === 'function' ? (fromApp as Authenticate) : undefined);
    // Synchronous for the usual request (its address not blocked): one map lookup, no promise.
    const check: RootCheck = (req, reply, done, next) => {
      // No address is blocked (the usual state): no key to look up, not even the header's parse.
      if (!limiter.anyBlocked()) return true;
      const k = limitKey(req);
      const ms = limiter.blockedFor(k.key);
      if (ms === 0) return true;
      if (k.token === null) {
        if (isPublicRoute(req)) return true;
        done(refuse(req, reply, ms));
        return false;
      }
      // Blocked: a token that authenticates is served all the same (the authentication hook then
      // finds its principal in the cache); any other token is refused here.
      if (!authenticate) {
        done(refuse(req, reply, ms));
        return false;
      }
      const token = k.token;
      if (authenticate.cached?.(token)) return true;
      authenticate(token).then(
        (principal) => (principal ? next(req, reply, done) : done(refuse(req, reply, ms))),
        (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
      );
      return false;
    };
    // Inside buildServer the root hook runs the check (one hook call); elsewhere it is its own hook.
    const slot = (app as unknown as Record<string, unknown>)[ROOT_CHECK];
    if (typeof slot === 'function') (slot as (c: RootCheck) => void)(check);
    else app.addHook('onRequest', (req, reply, done) => void (check(req, reply, done, (_q, _r, d) => d()) && done()));
    app.addHook('onResponse', (req, reply, done) => {
      if (reply.statusCode === 401) {
        const k = limitKey(req);
        limiter.fail(k.key, k.token === null ? limiter.opts.freeAnonymousFailures : limiter.opts.freeFailures);
      }
      done();
    });
  };

  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'rampart-login-limit',
    limiter,
  }) as LoginLimitPlugin;
}
