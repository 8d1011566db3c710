import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import rateLimit from '@fastify/rate-limit';
import { pino, type Logger } from 'pino';
import { VERSION } from '../core/version.js';
import type { Store } from '../store/db.js';
import { AUTH_CACHE_TTL_MS, tokenAuthenticator, type Authenticate, type Principal } from './auth.js';
import { AUDIT_RECORD, safeText, type AuditRecord } from './audit/plugin.js';
import { identityEpoch } from './identity/epoch.js';
import { authorize, type Decision, type RoleCatalog } from './identity/rbac.js';
import { loadRoleCatalog } from './identity/role-store.js';
import { describedPattern, validationMessage } from './validation-message.js';
import { validatorCompiler } from './validators.js';
import { installLeanRead, type LeanReadRoute } from './http/lean-read.js';

/**
 * A preHandler in Fastify's callback style: it calls `done` itself when it can decide from cached
 * grants (the usual request, no promise), else it returns a promise that Fastify awaits.
 */
export type PermissionHook = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;

/** Where a route's project comes from; default: the `:project` route parameter (a project name). */
export type ProjectOf = (req: FastifyRequest) => string | null | undefined;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route accepts NUL characters in its JSON body (it cleans them itself; see the JSON parser). */
    allowNul?: boolean;
  }
  interface FastifyRequest {
    /** Set by the authentication hook on every protected route; null on public routes. */
    principal: Principal | null;
    /** The project id resolved by requirePermission (null for server-wide requests or unknown projects). */
    projectId: string | null;
    /** Set by requirePermission on a secrets check granted only by path-scoped bindings: the patterns allowed (identity/secret-paths.ts). */
    secretPaths?: readonly string[];
    /** identity epoch and clock when the principal was authenticated (requirePermission re-checks a stale one). */
    authEpoch: number;
    authAt: number;
  }
  interface FastifyInstance {
    /**
     * A preHandler that allows the request only when the principal holds `permission` on the
     * route's project (see identity/rbac.ts); 403 otherwise. `project` maps the request to a
     * project name; returning null asks for a server-wide permission.
     */
    requirePermission(permission: string, project?: ProjectOf): PermissionHook;
  }
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Project names (identity/routes.ts creates them): anything else names no project, unqueried. */
export const PROJECT_NAME_PATTERN = describedPattern('^[a-z0-9][a-z0-9-]{0,62}$', "must be 1 to 63 characters: lowercase letters, digits and '-', starting with a letter or digit");
/** Environment and gate policy names (gate/routes.ts, the admission webhook's route). */
export const ENV_NAME_PATTERN = describedPattern('^[a-z0-9][a-z0-9._-]{0,62}$', "must be 1 to 63 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
const PROJECT_NAME = new RegExp(PROJECT_NAME_PATTERN);
/** The project id requirePermission resolved for this request; an unknown project is a 404. */
export function projectIdOf(req: FastifyRequest): string {
  if (!req.projectId) throw new HttpError(404, 'E_NOT_FOUND', 'no such project');
  return req.projectId;
}

/** The JSON schema of a project name, for route params and bodies. */
export const PROJECT_NAME_SCHEMA = { type: 'string', minLength: 1, maxLength: 63, pattern: PROJECT_NAME_PATTERN } as const;

/** An error whose code and message are safe to show the client. Routes throw these. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one error body every route returns: `{ error: { code, message } }`. */
export const errorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** Response schemas for the usual error statuses, to spread into a route's `response`. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema]));
}

export interface LogOptions {
  level?: string;
  /** Where JSON lines go (default stderr). Tests pass a capturing stream. */
  stream?: Writable;
}

export interface BuildOptions {
  store: Store;
  /** false = no logs; default: JSON lines at info on stderr, with redaction. */
  logger?: LogOptions | false;
  bodyLimit?: number;
  /** Token -> principal (default: api_tokens by hash). */
  authenticate?: Authenticate;
  /** Plugins registered behind authentication (the default for every new module). */
  plugins?: FastifyPluginAsync[];
  /**
   * Plugins registered on the root instance before any route context exists, for cross-cutting
   * hooks that must see every request (the audit plugin, marked skip-override).
   */
  rootPlugins?: FastifyPluginAsync[];
  /** Plugins that must answer unauthenticated clients (login, OIDC exchange). Keep this short. */
  publicPlugins?: FastifyPluginAsync[];
  /** Serve HTTPS with these PEM files' contents. */
  https?: { cert: Buffer; key: Buffer };
  /**
   * Reverse proxies whose X-Forwarded-For is believed (`rampart server --trust-proxy`): addresses
   * or CIDR ranges, comma-separated. Off by default: then req.ip is the socket's peer, and behind
   * a proxy every client shares the proxy's address (one per-address limit for all of them).
   */
  trustProxy?: string;
  /**
   * Answer the hot vault read on the lean path (http/lean-read.ts) when it can (default true);
   * false: every request through Fastify (tests compare the two).
   */
  leanReads?: boolean;
}

/** The instance decoration holding the server's token authenticator (the login limiter checks a blocked client's token with it). */
export const AUTHENTICATE = 'rampartAuthenticate';

/**
 * A check run first by the root onRequest hook (identity/login-limit.ts): it returns true when the
 * request passes now, else false, and then it calls `done(err)` or, passing later, `next(req, reply, done)`.
 */
export type RootCheck = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void, next: RootCheckNext) => boolean;
export type RootCheckNext = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => void;
/**
 * The instance decoration through which a root plugin hands buildServer its RootCheck, so that
 * the check runs inside the root hook: one onRequest hook call per request instead of two.
 */
export const ROOT_CHECK = 'rampartRootCheck';

/**
 * The instance decoration through which the vault routes hand buildServer the hot read's lean path
 * (http/lean-read.ts): a function taking a LeanReadRoute, once.
 */
export const LEAN_READ = 'rampartLeanRead';
/** The instance decoration counting reads the lean path answered ({ answered }), when it is on. */
export const LEAN_READ_STATS = 'rampartLeanReadStats';

/** Field names whose values never reach a log line, at any of the first four levels. */
const SECRET_FIELDS = ['token', 'secret', 'value', 'password', 'authorization', 'cookie', 'set-cookie'];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-rampart-token"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => {
    const key = /^[a-z]+$/.test(f) ? f : `["${f}"]`;
    const dot = key.startsWith('[') ? '' : '.';
    return [key, `*${dot}${key}`, `*.*${dot}${key}`, `*.*.*${dot}${key}`];
  }),
];

/** How long a log line may wait in the buffer before it is written (see bufferedStderr). */
const LOG_FLUSH_MS = 200;

/**
 * Standard error through a buffer: one line per request is not one write syscall each. Lines are
 * written once 4 KiB have gathered, every LOG_FLUSH_MS, on close (buildServer) and on exit (pino
 * flushes asynchronous destinations itself); a SIGKILL can lose at most the last LOG_FLUSH_MS.
 */
function bufferedStderr(): { stream: ReturnType<typeof pino.destination>; stop(): void } {
  const stream = pino.destination({ dest: 2, sync: false, minLength: 4096 });
  // Flushed only when a line arrived since the last flush (an empty flush still makes a write).
  let dirty = false;
  const write = stream.write.bind(stream);
  stream.write = (line: string) => {
    dirty = true;
    return write(line);
  };
  const timer = setInterval(() => {
    if (!dirty) return;
    dirty = false;
    try {
      stream.flush();
    } catch {
      // not ready yet (still opening) or already closed: the next tick or exit writes it
    }
  }, LOG_FLUSH_MS);
  timer.unref();
  return {
    stream,
    stop() {
      clearInterval(timer);
      try {
        stream.flushSync();
      } catch {
        // nothing buffered can be written now; pino's exit handler tries again
      }
    },
  };
}

/** Stops a logger's buffered destination timer and writes what is buffered (server close). */
const LOGGER_STOP = Symbol('rampart.loggerStop');

/** Builds a pino logger with the server's redaction (exported so tests and bench use the same). */
export function serverLogger(o: LogOptions = {}): Logger {
  const buffered = o.stream ? undefined : bufferedStderr();
  const logger = pino(
    {
      level: o.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Method and path only: headers carry credentials, and query strings are not ours to log.
        // A token pasted into a path (GET /api/v1/tokens/<token>) is masked as the audit log masks it.
        req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, path: safeText((req.url ?? '').split('?')[0] ?? '', 512) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    o.stream ?? buffered!.stream,
  );
  if (buffered) Object.defineProperty(logger, LOGGER_STOP, { value: buffered.stop });
  return logger;
}

/** Writes out a logger's buffered lines and stops its flush timer (no-op for other loggers). */
function stopLogger(logger: Logger): void {
  const stop = (logger as unknown as Record<symbol, unknown>)[LOGGER_STOP];
  if (typeof stop === 'function') (stop as () => void)();
}

/**
 * One line per request, when it completes: method, masked path (the req serializer), status and
 * time. Fastify's default is two (incoming, completed), each serialised and redacted.
 */
class OneLineLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const log = reply.log;
    if (error) log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    // Checked first: at warn (the usual production level) the line's object and timer read are never made.
    else if ((log as unknown as Logger).isLevelEnabled('info')) log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

type LogFn = (...args: unknown[]) => void;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * A request's logger, made only when a line is actually written at an enabled level: pino's
 * child() serialises and redacts its bindings at once, which cost every request a few µs for
 * lines that (at the usual warn/info levels on hot routes) are never written.
 */
class LazyChildLogger {
  made: Logger | undefined;
  constructor(
    readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
    private readonly opts: Record<string, unknown>,
  ) {}
  real(): Logger {
    this.made ??= this.parent.child(this.bindings, this.opts);
    return this.made;
  }
  get level(): string {
    return this.made?.level ?? this.parent.level;
  }
  set level(l: string) {
    this.real().level = l;
  }
  child(bindings: Record<string, unknown>, opts?: Record<string, unknown>): Logger {
    return this.real().child(bindings, opts);
  }
  silent(): void {}
  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level);
  }
  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
}
for (const lvl of LEVELS) {
  Object.defineProperty(LazyChildLogger.prototype, lvl, {
    value: function (this: LazyChildLogger, ...args: unknown[]) {
      if (!(this.made ?? this.parent).isLevelEnabled(lvl)) return;
      const r = this.real();
      (r[lvl] as LogFn).apply(r, args);
    },
  });
}

const BEARER = /^Bearer +([\x21-\x7e]{1,1024})$/i;

/**
 * The Fastify application: security headers, body limit, request ids, redacted JSON logs, the
 * OpenAPI document, one error shape, and authentication that denies by default.
 *
 * Contexts: public routes (health, docs, `publicPlugins`) live in one child context; everything
 * else lives in a sibling context whose onRequest hook authenticates. A new module registered
 * through `plugins` is therefore protected without doing anything. Authentication runs in
 * onRequest, before the body is read or validated, so an anonymous client can neither make the
 * server parse a large body nor probe route schemas through validation errors.
 */
export async function buildServer(opts: BuildOptions): Promise<FastifyInstance> {
  const logger = opts.logger === false ? undefined : serverLogger(opts.logger ?? {});
  const authenticate = opts.authenticate ?? tokenAuthenticator(opts.store);
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;

  // The same security headers on every response of this API, from one fixed list (apiSecurityHeaders).
  const securityHeaders = apiSecurityHeaders({ tls: opts.https !== undefined });
  // Behind a TLS-terminating proxy we trust, a request that came over https (X-Forwarded-Proto,
  // read by req.protocol) gets HSTS too: the browser's connection is TLS though ours is not.
  const proxiedTlsHeaders = opts.https === undefined && opts.trustProxy ? apiSecurityHeaders({ tls: true }) : undefined;
  const headersFor = (req: FastifyRequest): Record<string, string> => (proxiedTlsHeaders && req.protocol === 'https' ? proxiedTlsHeaders : securityHeaders);
  const app = Fastify({
    ...(logger
      ? {
          loggerInstance: logger,
          logController: new OneLineLogController(),
          childLoggerFactory: ((parent: FastifyBaseLogger, bindings: Record<string, unknown>, o: Record<string, unknown>) =>
            new LazyChildLogger(parent as Logger, bindings, o) as unknown as FastifyBaseLogger) as never,
        }
      : { logger: false }),
    // Path segments up to this long reach the routes, whose parameter schemas bound them (400,
    // through the normal hooks); only longer ones are refused by the router itself.
    routerOptions: { maxParamLength: 2048 },
    // A malformed URL or an over-long path segment is refused by the router before any hook runs:
    // answer in our error shape, with our headers, never echoing the path, and audit it by hand
    // (no onResponse hook runs for these), as anonymous.
    frameworkErrors: (err, req, reply) => {
      const refusal = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? { status: 414, code: 'E_URI_TOO_LONG', message: 'a path segment is too long' }
        : err.code === 'FST_ERR_BAD_URL'
          ? { status: 400, code: 'E_BAD_URL', message: 'the path is not a valid URL' }
          : publicError(err as FastifyError, bodyLimit);
      const r = reply as unknown as FastifyReply;
      r.headers(headersFor(req as FastifyRequest));
      r.header('x-request-id', req.id);
      const record = (app as unknown as Record<string, unknown>)[AUDIT_RECORD];
      if (typeof record === 'function') void (record as AuditRecord)(req as FastifyRequest, refusal.status, { code: refusal.code, message: refusal.message });
      return r.status(refusal.status).type('application/json; charset=utf-8').send({ error: { code: refusal.code, message: refusal.message } });
    },
    ...(opts.https ? { https: { cert: opts.https.cert, key: opts.https.key } } : {}),
    bodyLimit,
    genReqId: () => randomUUID(),
    // Slow or stalled clients are cut off instead of holding a connection forever.
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    return503OnClosing: true,
    trustProxy: opts.trustProxy ?? false,
  }) as unknown as FastifyInstance;
  // Bodies validated as sent, query strings and parameters coerced from text (validators.ts).
  app.setValidatorCompiler(validatorCompiler());

  if (logger) app.addHook('onClose', (_instance, done) => {
    stopLogger(logger);
    done();
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('projectId', null);
  app.decorateRequest('secretPaths', undefined);
  app.decorateRequest('authEpoch', -1);
  app.decorateRequest('authAt', 0);
  const permissions = permissionCheck(opts.store, authenticate);
  app.decorate('requirePermission', permissions.hook);
  app.decorate(AUTHENTICATE, authenticate);
  // JSON only: a text/plain body would skip schema validation of its structure.
  app.removeContentTypeParser('text/plain');
  // PostgreSQL text cannot hold NUL, and no field of our own API needs one: refuse such bodies as
  // bad input (400, naming the field) instead of letting a query fail later (500). A route that
  // takes other tools' documents (SARIF uploads) sets `config: { allowNul: true }` and cleans
  // them itself. Fastify's parser keeps its prototype-poisoning protection.
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (req, body, done) => {
    // `curl -X POST -H 'content-type: application/json' …/approve` sends no body: that is no body,
    // not bad JSON. A route that needs one still refuses it through its schema ("body must be object").
    if ((body as string).length === 0) return done(null, undefined);
    jsonParser(req, body as string, (err: Error | null, value?: unknown) => {
      if (err) return done(err, undefined);
      const allow = req.routeOptions?.config?.allowNul === true;
      const at = !allow && (body as string).includes('\\u0000') ? nulAt(value) : null;
      if (at !== null) return done(new HttpError(400, 'E_VALIDATION', `${at}: contains a NUL character`), undefined);
      done(null, value);
    });
  });
  let rootCheck: RootCheck | undefined;
  app.decorate(ROOT_CHECK, (check: RootCheck) => {
    if (rootCheck) throw new Error('buildServer: a second root check');
    rootCheck = check;
  });
  for (const p of opts.rootPlugins ?? []) await app.register(p);

  // The hot read's lean path, in front of Fastify's request listener. Not behind a trusted proxy:
  // there the client's address and protocol come from forwarded headers, which Fastify reads.
  let leanRoute: LeanReadRoute | undefined;
  app.decorate(LEAN_READ, (route: LeanReadRoute) => {
    if (leanRoute) throw new Error('buildServer: a second lean read route');
    leanRoute = route;
  });
  if (opts.leanReads !== false && (opts.trustProxy === undefined || opts.trustProxy === '')) {
    let closing = false;
    app.addHook('preClose', (done) => {
      closing = true;
      done();
    });
    app.decorate(LEAN_READ_STATS, installLeanRead(app.server, {
      headers: securityHeaders,
      route: () => leanRoute,
      principalOf: (token) => authenticate.cached?.(token),
      permitNow: permissions.permitNow,
      newId: randomUUID,
      closing: () => closing,
      // The line OneLineLogController writes for a completed request, when info is enabled.
      ...(logger
        ? {
            answered: (req, startedAt) => {
              if (!logger.isLevelEnabled('info')) return;
              logger.child({ reqId: req.id }).info({ req, res: { statusCode: 200 }, responseTime: performance.now() - startedAt }, 'request completed');
            },
          }
        : {}),
    }));
  }

  const setPlainHeaders = securityHeaderSetter(securityHeaders);
  const setProxiedTlsHeaders = proxiedTlsHeaders && securityHeaderSetter(proxiedTlsHeaders);
  const afterCheck: RootCheckNext = (req, reply, done) => {
    if (setProxiedTlsHeaders && req.protocol === 'https') setProxiedTlsHeaders(reply, req.id);
    else setPlainHeaders(reply, req.id);
    if (req.is404) authHook(req, reply, done);
    else done();
  };
  // The one root onRequest hook of ours: a root plugin's check (the login limiter) first, then
  // headers on every answer it lets through, and authentication of unknown paths (see below).
  app.addHook('onRequest', (req, reply, done) => {
    if (rootCheck !== undefined && !rootCheck(req, reply, done, afterCheck)) return;
    afterCheck(req, reply, done);
  });
  // Opt-in per route (`config: { rateLimit: { max, timeWindow } }`): login and token exchange
  // routes use it against brute force; bulk routes stay unthrottled for the load targets.
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Rampart control plane', version: VERSION, description: 'Identity, secrets vault, audit log and deployment gate.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Rampart API token (rmp_...)' } } },
      security: [{ bearer: [] }],
    },
  });

  app.setErrorHandler((err: FastifyError, req, reply) => sendError(err, req, reply, bodyLimit));

  const invalidToken = (reply: FastifyReply) => {
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    return new HttpError(401, 'E_UNAUTHENTICATED', 'the token is invalid, expired or revoked');
  };
  // Callback style, not async: a token whose principal is cached (the usual request) is answered
  // synchronously, without a promise and the microtask turns Fastify spends awaiting it.
  const authHook = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? BEARER.exec(h) : null;
    if (!m) {
      reply.header('www-authenticate', 'Bearer');
      return done(new HttpError(401, 'E_UNAUTHENTICATED', 'authentication required: send Authorization: Bearer <token>'));
    }
    const token = m[1]!;
    req.authEpoch = identityEpoch();
    req.authAt = Date.now();
    const known = authenticate.cached?.(token);
    if (known) {
      req.principal = known;
      return done();
    }
    authenticate(token).then(
      (principal) => {
        if (!principal) return done(invalidToken(reply));
        req.principal = principal;
        done();
      },
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  };

  // Unknown paths authenticate too (in onRequest, before any body is read, by the root hook above):
  // anonymous clients get 401 everywhere except the public routes, so they cannot map the API.
  app.setNotFoundHandler(async () => {
    throw new HttpError(404, 'E_NOT_FOUND', 'no such route');
  });

  await app.register(async (pub) => {
    pub.get(
      '/api/v1/health',
      {
        schema: {
          summary: 'Liveness and database reachability',
          tags: ['server'],
          security: [],
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['status', 'database'],
              properties: { status: { type: 'string', enum: ['ok'] }, database: { type: 'string', enum: ['sqlite', 'postgres'] } },
            },
            ...errorResponses(503),
          },
        },
      },
      async () => {
        try {
          await opts.store.db.selectFrom('projects').select('id').limit(1).execute();
        } catch {
          throw new HttpError(503, 'E_UNAVAILABLE', 'database unreachable');
        }
        return { status: 'ok' as const, database: opts.store.dialect };
      },
    );
    pub.get(
      '/api/docs',
      {
        schema: {
          hide: true,
          response: { 200: { type: 'object', additionalProperties: true } },
        },
      },
      async () => app.swagger(),
    );
    for (const p of opts.publicPlugins ?? []) await pub.register(p);
  });

  await app.register(async (priv) => {
    priv.addHook('onRequest', authHook);
    priv.get(
      '/api/v1/whoami',
      {
        schema: {
          summary: 'The principal behind the presented token; ?project=<name or id>: the bindings that apply there and what they grant',
          tags: ['identity'],
          querystring: { type: 'object', additionalProperties: false, properties: { project: { type: 'string', minLength: 1, maxLength: 128 } } },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'kind', 'name', 'tokenId', 'bindings'],
              properties: {
                id: { type: 'string' },
                kind: { type: 'string', enum: ['user', 'service_account', 'oidc_policy'] },
                name: { type: 'string' },
                tokenId: { type: 'string' },
                bindings: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['role', 'project'],
                    properties: {
                      role: { type: 'string' },
                      project: { type: 'string', nullable: true },
                      roleName: { type: 'string' },
                      projectName: { type: 'string', nullable: true },
                      paths: { type: 'array', nullable: true, items: { type: 'string' } },
                      permissions: { type: 'array', items: { type: 'string' } },
                    },
                  },
                },
                project: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
                tokenScope: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['role', 'project'],
                  properties: { role: { type: 'string', nullable: true }, project: { type: 'string', nullable: true } },
                },
                tokenExpiresAt: { type: 'string', nullable: true, description: 'When the presented token stops working (ISO time); null: never' },
                bootstrapToken: { type: 'boolean', description: 'Present (true) when the presented token is the bootstrap token of rampart server init or a recovery token of rampart server admin-token, which are not renewed' },
              },
            },
            ...errorResponses(400, 401, 404),
          },
        },
      },
      async (req) => {
        const p = req.principal!;
        // Role and project names beside the ids (identity/whoami.ts), for people reading it.
        const { describeWhoami } = await import('./identity/whoami.js');
        const d = await describeWhoami(opts.store.db, p, (req.query as { project?: string }).project);
        return { id: p.id, kind: p.kind, name: p.name, tokenId: p.tokenId, ...d };
      },
    );
    for (const p of opts.plugins ?? []) await priv.register(p);
  });

  return app;
}

/**
 * The security headers of every response. The API answers JSON only (errors, /api/docs' OpenAPI
 * document included) and serves no HTML page, so it needs the headers that matter for a JSON
 * answer, not helmet's whole set for HTML pages (each extra header costs every response):
 * - X-Content-Type-Options: nosniff: a browser never runs or renders the JSON as another type;
 * - Cache-Control: no-store: answers carry secrets and identities, never kept by a cache or proxy;
 * - Content-Security-Policy: default-src 'none'; frame-ancestors 'none': should a browser render
 *   an answer anyway, it may load and run nothing, and nobody may frame it;
 * - X-Frame-Options: DENY: the same for browsers without frame-ancestors;
 * - Referrer-Policy: no-referrer: no URL (paths name projects and secrets) leaks onward;
 * - Cross-Origin-Resource-Policy: same-origin: other sites cannot embed the answers (Spectre-class reads);
 * - Strict-Transport-Security, with TLS only (browsers ignore it over plain HTTP, RFC 6797 8.1):
 *   our own, or a trusted proxy's that says the request came over https (buildServer).
 * Dropped, as they only concern HTML documents: Cross-Origin-Opener-Policy, Origin-Agent-Cluster,
 * X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection.
 * A route that needs another value sets its own header after these (securityHeaderSetter).
 */
export function apiSecurityHeaders(o: { tls: boolean }): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
    ...(o.tls ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/** Where Fastify keeps a reply's headers until they are written (lib/symbols.js: kReplyHeaders). */
const REPLY_HEADERS = 'fastify.reply.headers';

/**
 * Sets the precomputed security headers and the request id on a reply. reply.headers() lower-cases
 * and inspects every name on every call; these names are lower-case already, so they are copied
 * straight into the reply's header table, found once by the symbol Fastify keeps it under. Should
 * a Fastify version keep it elsewhere, reply.headers() is used: same headers, a little slower.
 */
export function securityHeaderSetter(headers: Record<string, string>): (reply: FastifyReply, requestId: string) => void {
  const names = Object.keys(headers);
  const values = names.map((n) => headers[n]!);
  for (const n of names) if (n !== n.toLowerCase() || n === 'set-cookie') throw new Error(`security header ${n}: expected a lower-case name other than set-cookie`);
  let table: symbol | null | undefined;
  return (reply, requestId) => {
    if (table === undefined) table = Object.getOwnPropertySymbols(reply).find((s) => s.description === REPLY_HEADERS) ?? null;
    const h = table === null ? undefined : (reply as unknown as Record<symbol, unknown>)[table];
    if (h === null || typeof h !== 'object') {
      table = null;
      reply.headers(headers);
      reply.header('x-request-id', requestId);
      return;
    }
    const out = h as Record<string, string>;
    for (let i = 0; i < names.length; i++) out[names[i]!] = values[i]!;
    out['x-request-id'] = requestId;
  };
}

// Never a project id (ids are UUIDs): stands for a project name that does not exist, so that an
// unknown project and a forbidden one look alike to a principal without a global grant.
const MISSING_PROJECT = '?missing';

/** How long project ids and custom roles are reused without reading the store (changes made elsewhere). */
const GRANTS_TTL_MS = 2_000;

/**
 * What requirePermission reads on every request, cached: project name -> id, and the catalog of
 * custom roles. Both are dropped on any identity change in this process (identity/epoch.ts) and
 * after a short TTL. Unknown project names are not cached (a later create must be seen).
 */
function grantsCache(store: Store, now: () => number = Date.now) {
  let epoch = -1;
  let staleAt = 0;
  let projects = new Map<string, string>();
  let catalog: Promise<RoleCatalog> | undefined;
  /** The catalog `catalog` resolved to, for answering without a promise. */
  let catalogValue: RoleCatalog | undefined;
  /**
   * authorize()'s answers under `catalogValue`: principal -> permission -> project id. Dropped with
   * the catalog (any identity change in this process, or the TTL). Only frozen principals (the
   * authenticator's cached, shared ones) are kept: the same object always says the same thing.
   */
  let decisions = new WeakMap<Principal, Map<string, Map<string | null, Decision>>>();
  let decisionCount = 0;
  const fresh = () => {
    const e = identityEpoch();
    const t = now();
    if (e !== epoch || t >= staleAt) {
      epoch = e;
      staleAt = t + GRANTS_TTL_MS;
      projects = new Map();
      catalog = undefined;
      catalogValue = undefined;
      decisions = new WeakMap();
      decisionCount = 0;
    }
    return epoch;
  };
  return {
    /** authorize(), answered from the cache when `roles` is the cached catalog (same generation). */
    decision(principal: Principal, permission: string, project: string | null, roles: RoleCatalog): Decision {
      if (roles !== catalogValue || !Object.isFrozen(principal)) return authorize(principal, permission, project, roles);
      let byPermission = decisions.get(principal);
      let byProject = byPermission?.get(permission);
      const known = byProject?.get(project);
      if (known !== undefined) return known;
      // Shared by every later request of this principal: nobody may change it (nor its paths).
      const d = authorize(principal, permission, project, roles);
      if (d.paths) Object.freeze(d.paths);
      Object.freeze(d);
      if (decisionCount >= 10_000) {
        decisions = new WeakMap();
        decisionCount = 0;
        byPermission = undefined;
        byProject = undefined;
      }
      if (byPermission === undefined) decisions.set(principal, (byPermission = new Map()));
      if (byProject === undefined) byPermission.set(permission, (byProject = new Map()));
      byProject.set(project, d);
      decisionCount++;
      return d;
    },
    /** The cached id of a project name: a string, null for a name that is not a project name, undefined when not cached. */
    projectIdNow(name: string): string | null | undefined {
      fresh();
      return PROJECT_NAME.test(name) ? projects.get(name) : null;
    },
    /** The cached catalog, or undefined when it must be read (roles()). */
    rolesNow(): RoleCatalog | undefined {
      fresh();
      return catalogValue;
    },
    async projectId(name: string): Promise<string | null> {
      const e = fresh();
      if (!PROJECT_NAME.test(name)) return null;
      const known = projects.get(name);
      if (known !== undefined) return known;
      const row = await store.db.selectFrom('projects').select('id').where('name', '=', name).executeTakeFirst();
      if (row && e === identityEpoch()) {
        if (projects.size >= 10_000) projects.clear();
        projects.set(name, row.id);
      }
      return row?.id ?? null;
    },
    roles(): Promise<RoleCatalog> {
      const e = fresh();
      if (catalog) return catalog;
      // Custom roles (with their secret path scopes, identity/role-store.ts) come from the store;
      // the built-ins are code (identity/rbac.ts).
      const p = loadRoleCatalog(store.db);
      // Read before a change finished: used for this request, not kept.
      if (e === identityEpoch()) {
        catalog = p;
        p.then(
          (c) => {
            if (catalog === p) catalogValue = c;
          },
          () => {
            if (catalog === p) catalog = undefined;
          },
        );
      }
      return p;
    },
  };
}

/** The Bearer token of a request that passed the authentication hook. */
function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? BEARER.exec(h) : null;
  return m ? m[1]! : null;
}

function permissionCheck(store: Store, authenticate: Authenticate) {
  const grants = grantsCache(store);
  /**
   * The principal authentication found is trusted only while nothing changed: the hook runs when
   * the headers arrive, and a body may take up to the body timeout. If any identity change
   * happened since (a revocation, a disabled owner, a removed binding: identity/epoch.ts), or the
   * principal is older than the auth cache's TTL (changes made by another process), the token is
   * authenticated again here, after the body, before anything is decided. Usually a no-op: GETs
   * run both hooks in the same turn.
   */
  const stale = (req: FastifyRequest): boolean => req.authEpoch !== identityEpoch() || Date.now() - req.authAt >= AUTH_CACHE_TTL_MS;
  const reauthenticate = async (req: FastifyRequest): Promise<Principal> => {
    const token = bearerOf(req);
    req.authEpoch = identityEpoch();
    req.authAt = Date.now();
    const principal = token === null ? null : await authenticate(token);
    if (!principal) throw new HttpError(401, 'E_UNAUTHENTICATED', 'the token is invalid, expired or revoked');
    req.principal = principal;
    return principal;
  };
  const fromParams: ProjectOf = (req) => {
    const p = (req.params as Record<string, unknown> | undefined)?.project;
    return typeof p === 'string' ? p : null;
  };
  /** Allows the request (setting its project id and path scope) or throws 403. */
  const decide = (req: FastifyRequest, principal: Principal, permission: string, name: string | null, projectId: string | null, roles: RoleCatalog): void => {
    const d = grants.decision(principal, permission, name === null ? null : (projectId ?? MISSING_PROJECT), roles);
    if (!d.allow) {
      req.log.info({ principal: principal.id, permission, reason: d.reason }, 'permission denied');
      throw new HttpError(403, 'E_FORBIDDEN', `permission denied: ${permission}`);
    }
    req.projectId = projectId;
    if (d.paths) req.secretPaths = d.paths;
  };
  /**
   * The decision requirePermission would take for `permission` on project `name`, answered from
   * its caches only (the lean read path, http/lean-read.ts): the project id and path scope when
   * allowed; undefined when anything is not cached, the name is no project's, or it is not allowed
   * (requirePermission then decides, logs and refuses as usual).
   */
  const permitNow = (principal: Principal, permission: string, name: string): { projectId: string; paths: readonly string[] | undefined } | undefined => {
    const projectId = grants.projectIdNow(name);
    const roles = grants.rolesNow();
    if (projectId === undefined || projectId === null || roles === undefined) return undefined;
    const d = grants.decision(principal, permission, projectId, roles);
    return d.allow ? { projectId, paths: d.paths } : undefined;
  };
  const hook = (permission: string, projectOf: ProjectOf = fromParams): PermissionHook => {
    const slow = async (req: FastifyRequest, principal: Principal, name: string | null): Promise<void> => {
      const projectId = name === null ? null : await grants.projectId(name);
      decide(req, principal, permission, name, projectId, await grants.roles());
    };
    return (req, _reply, done) => {
      const principal = req.principal;
      if (!principal) return done(new HttpError(401, 'E_UNAUTHENTICATED', 'authentication required: send Authorization: Bearer <token>'));
      if (stale(req)) {
        return void reauthenticate(req)
          .then((p) => slow(req, p, projectOf(req) ?? null))
          .then(() => done(), done);
      }
      let name: string | null;
      let projectId: string | null | undefined;
      let roles: RoleCatalog | undefined;
      try {
        name = projectOf(req) ?? null;
        projectId = name === null ? null : grants.projectIdNow(name);
        roles = grants.rolesNow();
        // Something is not cached: Fastify awaits the promise (done is not called here).
        if (projectId === undefined || roles === undefined) return void slow(req, principal, name).then(() => done(), done);
        decide(req, principal, permission, name, projectId, roles);
      } catch (e) {
        return done(e instanceof Error ? e : new Error(String(e)));
      }
      done();
    };
  };
  return { hook, permitNow };
}

/**
 * Where the first string (value or key) holding a NUL character is in parsed JSON, as
 * `body.a[0].b`, or null. Iterative: deep input cannot overflow the stack.
 */
function nulAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, 'body']];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return at;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\0')) return `${at} (a key)`;
        stack.push([x, `${at}.${k}`]);
      }
    }
  }
  return null;
}

/** Known framework errors -> a fixed, safe message (their own texts can quote the request body). */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'E_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'E_BAD_REQUEST', message: 'content-length does not match the body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'E_BAD_JSON', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'E_BAD_JSON', message: 'the request body is not valid JSON' },
  FST_ERR_CTP_INSTANCE_ALREADY_STARTED: { status: 500, code: 'E_INTERNAL', message: 'internal error' },
};

const STATUS_CODES: Record<number, string> = {
  400: 'E_BAD_REQUEST',
  401: 'E_UNAUTHENTICATED',
  403: 'E_FORBIDDEN',
  404: 'E_NOT_FOUND',
  405: 'E_METHOD_NOT_ALLOWED',
  406: 'E_NOT_ACCEPTABLE',
  408: 'E_TIMEOUT',
  409: 'E_CONFLICT',
  413: 'E_BODY_TOO_LARGE',
  415: 'E_UNSUPPORTED_MEDIA_TYPE',
  429: 'E_RATE_LIMITED',
};

/**
 * What a client may be told about an error: status, code and a message that never quotes the
 * request (framework parse errors can quote the body, so they get fixed texts). Exported so that
 * other hooks (audit) record the same safe text instead of the raw error message.
 */
export function publicError(err: FastifyError, bodyLimit: number = DEFAULT_BODY_LIMIT): { status: number; code: string; message: string } {
  let status: number;
  let code: string;
  let message: string;
  if (err instanceof HttpError) {
    ({ statusCode: status, code, message } = err);
  } else if (err.validation && err.validation.length > 0) {
    // The field and what is wrong in words (validation-message.ts), never the offending value.
    status = 400;
    code = 'E_VALIDATION';
    message = validationMessage(err.validationContext, err.validation);
  } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    status = 413;
    code = 'E_BODY_TOO_LARGE';
    message = `the request body is larger than ${bodyLimit} bytes`;
  } else if (err.code && FRAMEWORK_ERRORS[err.code]) {
    ({ status, code, message } = FRAMEWORK_ERRORS[err.code]!);
  } else if (err instanceof SyntaxError) {
    ({ status, code, message } = FRAMEWORK_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY!);
  } else if (err.statusCode === 429) {
    status = 429;
    code = 'E_RATE_LIMITED';
    message = 'too many requests: retry later';
  } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    status = err.statusCode;
    code = STATUS_CODES[status] ?? 'E_BAD_REQUEST';
    message = 'the request was refused';
  } else {
    status = 500;
    code = 'E_INTERNAL';
    message = 'internal error';
  }
  return { status, code, message };
}

function sendError(err: FastifyError, req: FastifyRequest, reply: FastifyReply, bodyLimit: number) {
  const { status, code, message } = publicError(err, bodyLimit);
  if (status === 503 && err instanceof HttpError) {
    // An expected state (a sealed vault, a database being restarted), not a fault: no stack.
    req.log.warn({ status, code }, 'request refused: unavailable');
  } else if (status >= 500) {
    // Full detail goes to the log only (stack and message, no request body); the client gets none.
    req.log.error({ err: { type: err.name, message: err.message, stack: err.stack, code: err.code } }, 'request failed');
  } else {
    req.log.info({ status, code }, 'request refused');
  }
  return reply.status(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}
