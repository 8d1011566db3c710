import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AuditInput, JsonObject } from './entry.js';
import type { AppendOptions, AuditDurability, AuditLog } from './log.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** What a route adds to its request's one audit entry (see AuditNote). */
    auditNote: AuditNote | null;
    /** The request's entry is already written (by auditNow, or with a write in its transaction). */
    audited: boolean;
  }
}

/**
 * A route's part of its request's entry: a specific action (`secret.read`), the resource it
 * touched, and facts (path, versions; never values). The plugin adds who, the status and the
 * request fields, so a request is ONE entry, not a route entry plus a request entry.
 */
export interface AuditNote {
  action?: string;
  resource?: string;
  detail?: JsonObject;
}

/**
 * Audits EVERY request (zero trust: every request is authenticated, authorised and logged), in
 * onResponse so that refusals from the authentication hook (401), requirePermission (403), the
 * rate limiter (429) and unknown paths are recorded like successes.
 *
 * One entry per request:
 *   actor     `user:<id>` / `service_account:<id>` / `oidc_policy:<id>`, or `anonymous`
 *   action    `<METHOD> <route pattern>` (e.g. `GET /api/v1/projects/:project/tokens`);
 *             `<METHOD> (no route)` for unknown paths
 *   resource  the request path without its query string (a query may carry anything)
 *   outcome   allow (< 400) | deny (401, 403, 429) | refused (other 4xx) | error (5xx)
 *   detail    { requestId, ip, status, method, tokenId?, code?, message? } — never bodies,
 *             headers, tokens or secret values; a Rampart token pasted into a path is masked.
 *
 * A route makes the entry more specific with `req.auditNote` (action, resource, detail), or
 * writes it before answering with `auditNow` (a secret read is recorded before its value
 * leaves), or writes it in its own transaction and sets `req.audited` (a vault write). Entries
 * of GET/HEAD requests (reads, refusals of reads) are `read` durability (log.ts AuditDurability).
 *
 * The plugin shares its parent's context (skip-override); pass it in buildServer's `rootPlugins`,
 * which registers it before the public and protected contexts exist (hooks added to a context
 * reach only the children made after them).
 */

export interface AuditPluginOptions {
  /** Called when an entry cannot be written (the response has already gone). Default: log it. */
  onError?: (err: Error, req: FastifyRequest) => void;
}

export type AuditPlugin = FastifyPluginAsync & {
  /** Resolves once every entry started so far is written (tests, graceful shutdown). */
  settled(): Promise<void>;
};

const MAX_RESOURCE = 512;
const MAX_MESSAGE = 200;
// Rampart tokens (identity/tokens.ts) and JWT-shaped runs; bounded quantifiers keep it linear.
const TOKENISH = /rmp_[a-z]_[0-9A-Za-z]{8,64}|eyJ[0-9A-Za-z_-]{8,4096}(?:\.[0-9A-Za-z_-]{0,4096}){1,2}/g;
/**
 * The instance decoration this plugin adds: records one request by hand. app.ts calls it for
 * requests the router refuses before any hook runs (frameworkErrors), which onResponse never sees.
 */
export const AUDIT_RECORD = 'rampartAudit';
const DECORATION = AUDIT_RECORD;
export type AuditRecord = (req: FastifyRequest, status: number, refusal?: { code?: string; message?: string }) => Promise<void>;
/** The instance decoration that writes a request's one entry now (before the response). */
export const AUDIT_NOW = 'rampartAuditNow';
export type AuditNow = (req: FastifyRequest, note: AuditNote, o?: AppendOptions) => Promise<void>;

/**
 * The instance decoration that writes a request's one entry now, like AUDIT_NOW, answering through
 * a callback (called once, later) instead of a promise: a vault read's path (vault/routes.ts).
 */
export const AUDIT_NOW_THEN = 'rampartAuditNowThen';
export type AuditNowThen = (req: FastifyRequest, note: AuditNote, o: AppendOptions, done: (err: Error | null) => void) => void;

/** Reads change nothing: their entries may defer the fsync (log.ts AuditDurability). */
export function durabilityOf(method: string): AuditDurability {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'full';
}
/** The append options of each durability, made once (frozen: shared by every request). */
const READ: AppendOptions = Object.freeze({ durability: 'read' });
const FULL: AppendOptions = Object.freeze({ durability: 'full' });

/** The request's own fields of its entry's detail (no body, headers or query). */
export function requestDetail(req: FastifyRequest, status: number): JsonObject {
  return addRequestFields({}, req, status);
}

/** Sets the request's own fields on `detail` (they win over a note's keys of the same name). */
function addRequestFields(detail: JsonObject, req: FastifyRequest, status: number): JsonObject {
  detail.requestId = String(req.id);
  detail.ip = req.ip ?? 'unknown';
  detail.status = status;
  detail.method = req.method;
  if (req.principal) detail.tokenId = req.principal.tokenId;
  return detail;
}

/** A request entry's detail: the note's facts, then the request's fields. Built, not spread (cheaper). */
function entryDetail(req: FastifyRequest, note: AuditNote | null, status: number): JsonObject {
  const detail: JsonObject = {};
  const facts = note?.detail;
  if (facts) {
    for (const k of Object.keys(facts)) {
      // An own "__proto__" key must stay a key (as a spread keeps it), not set the prototype.
      if (k === '__proto__') Object.defineProperty(detail, k, { value: facts[k], enumerable: true, writable: true, configurable: true });
      else detail[k] = facts[k]!;
    }
  }
  return addRequestFields(detail, req, status);
}

/**
 * A request's one entry: who (the principal), what and where (the route's note where it says,
 * else the request's own method, route and path), how it ended, and the detail.
 */
function requestEntry(req: FastifyRequest, note: AuditNote | null, outcome: string, detail: JsonObject): AuditInput {
  return {
    actor: req.principal?.id ?? 'anonymous',
    // Fastify builds a new routeOptions object on every access: read only when the note has no action.
    action: note?.action ?? `${req.method} ${routeOf(req)}`,
    resource: note?.resource ?? (safeText((req.url ?? '').split('?')[0] ?? '', MAX_RESOURCE) || '/'),
    outcome,
    detail,
  };
}

function routeOf(req: FastifyRequest): string {
  const route = req.routeOptions?.url;
  return route && !req.is404 ? route : '(no route)';
}

/**
 * `auditNow` for routes: the request's one entry through the audit plugin when it is registered
 * (the server always registers it), else (route tests without it) the route's entry alone.
 */
export function auditNowFor(app: FastifyInstance, log: AuditLog): AuditNow {
  const viaPlugin = (app as unknown as Record<string, unknown>)[AUDIT_NOW];
  if (typeof viaPlugin === 'function') return viaPlugin as AuditNow;
  return async (req, note, o) => {
    const detail: JsonObject = { ...note.detail, requestId: String(req.id) };
    await log.append(requestEntry(req, note, 'allow', detail), o);
    req.audited = true;
  };
}

/** `auditNowFor` with a callback: through the plugin when registered, else the route's entry alone. */
export function auditNowThenFor(app: FastifyInstance, log: AuditLog): AuditNowThen {
  const viaPlugin = (app as unknown as Record<string, unknown>)[AUDIT_NOW_THEN];
  if (typeof viaPlugin === 'function') return viaPlugin as AuditNowThen;
  const now = auditNowFor(app, log);
  return (req, note, o, done) => {
    now(req, note, o).then(
      () => done(null),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  };
}

interface Refusal {
  code?: string;
  message?: string;
}

/** Masks anything token-shaped and caps the length. */
export function safeText(s: string, max: number): string {
  const masked = s.replace(TOKENISH, '[redacted]');
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}

export function outcomeOf(status: number): 'allow' | 'deny' | 'refused' | 'error' {
  if (status < 400) return 'allow';
  if (status === 401 || status === 403 || status === 429) return 'deny';
  if (status < 500) return 'refused';
  return 'error';
}

export function auditPlugin(log: AuditLog, opts: AuditPluginOptions = {}): AuditPlugin {
  const pending = new Set<Promise<unknown>>();
  /** Entries written through AUDIT_NOW_THEN and not answered yet (they have no promise to track). */
  let inCallbacks = 0;
  const callbacksIdle: (() => void)[] = [];
  const refusals = new WeakMap<FastifyRequest, Refusal>();

  const plugin = async (app: FastifyInstance): Promise<void> => {
    // Registered twice (e.g. at the root and again by a test) would write two entries per request.
    if (app.hasDecorator(DECORATION)) return;

    // One entry through appendBatch: append() is an async wrapper around it (one promise and one
    // microtask more per request). A log offering only append (a test's fake) is used through it.
    const appendOne: (input: AuditInput, o: AppendOptions) => Promise<unknown> =
      typeof (log as Partial<AuditLog>).appendBatch === 'function' ? (input, o) => log.appendBatch([input], o) : (input, o) => log.append(input, o);

    /** The request's one entry: the route's note, then the request's own fields (which win). */
    const write = (req: FastifyRequest, status: number, refusal: Refusal | undefined, note: AuditNote | null) => {
      const detail = entryDetail(req, note, status);
      if (refusal?.code) detail.code = refusal.code;
      if (refusal?.message) detail.message = refusal.message;
      // A 401 or 429 changed nothing, like a read: its entry may defer the fsync, so a flood of
      // refused requests (review L1) costs no fsync each.
      return appendOne(requestEntry(req, note, outcomeOf(status), detail), status === 401 || status === 429 || durabilityOf(req.method) === 'read' ? READ : FULL);
    };

    /** Tracks an append for settled() until it ends (one settle callback, no extra promise chain). */
    const track = (p: Promise<unknown>): void => {
      pending.add(p);
      const done = () => pending.delete(p);
      p.then(done, done);
    };

    const record: AuditRecord = (req, status, refusal) => {
      const p = write(req, status, refusal, req.auditNote ?? null).then(
        () => undefined,
        (e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          if (opts.onError) opts.onError(err, req);
          else req.log.error({ err: { type: err.name, message: err.message } }, 'audit entry could not be written');
        },
      );
      track(p);
      return p;
    };
    app.decorate(DECORATION, record);

    // Before the response: the caller awaits it, and an entry that cannot be written fails the
    // request (a secret that cannot be audited is not served).
    const now: AuditNow = (req, note, o) => {
      // Written before the answer: the status is the one the route is about to send.
      const p = appendOne(requestEntry(req, note, 'allow', entryDetail(req, note, 200)), o ?? (durabilityOf(req.method) === 'read' ? READ : FULL));
      // Tracked for settled() by the one promise the caller awaits (no separate settle callback).
      pending.add(p);
      return p.then(
        () => {
          pending.delete(p);
          req.audited = true;
        },
        (e: unknown) => {
          pending.delete(p);
          throw e;
        },
      );
    };
    app.decorate(AUDIT_NOW, now);

    // The same through callbacks: no promise per read where the log offers appendThen (the
    // server's always does); the request counts for settled() until its entry is answered.
    const appendThen: (input: AuditInput, o: AppendOptions, done: (err: Error | null) => void) => void =
      typeof (log as Partial<AuditLog>).appendThen === 'function'
        ? (input, o, done) => log.appendThen(input, o, done)
        : (input, o, done) => void appendOne(input, o).then(() => done(null), (e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
    const nowThen: AuditNowThen = (req, note, o, done) => {
      inCallbacks++;
      let entry: AuditInput;
      try {
        entry = requestEntry(req, note, 'allow', entryDetail(req, note, 200));
      } catch (e) {
        inCallbacks--;
        queueMicrotask(() => done(e instanceof Error ? e : new Error(String(e))));
        return;
      }
      appendThen(entry, o, (err) => {
        if (--inCallbacks === 0) for (const f of callbacksIdle.splice(0)) f();
        if (err === null) req.audited = true;
        done(err);
      });
    };
    app.decorate(AUDIT_NOW_THEN, nowThen);
    app.decorateRequest('auditNote', null);
    app.decorateRequest('audited', false);

    // The refusal as the client was told it (the one error shape, after app.ts mapped framework
    // codes to E_*): the code names why; 4xx messages are written to be shown, 5xx ones hide detail.
    // Callback-style hooks: no promise per request (most requests have nothing to do here).
    app.addHook('onSend', (req, reply, payload, done) => {
      if (reply.statusCode >= 400 && typeof payload === 'string' && payload.length <= 4096 && payload.startsWith('{"error"')) {
        try {
          const e = (JSON.parse(payload) as { error?: { code?: unknown; message?: unknown } }).error;
          refusals.set(req, {
            code: typeof e?.code === 'string' ? safeText(e.code, 64) : undefined,
            message: reply.statusCode < 500 && typeof e?.message === 'string' ? safeText(e.message, MAX_MESSAGE) : undefined,
          });
        } catch {
          // not our error shape: the status alone is recorded
        }
      }
      done(null, payload);
    });

    app.addHook('onResponse', (req, reply, done) => {
      if (req.audited) return done();
      void record(req, reply.statusCode, refusals.get(req)).then(() => done());
    });
  };

  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'rampart-audit',
    async settled(): Promise<void> {
      while (pending.size > 0 || inCallbacks > 0) {
        await Promise.all([...pending]);
        if (inCallbacks > 0) await new Promise<void>((resolve) => callbacksIdle.push(resolve));
      }
    },
  }) as AuditPlugin;
}
