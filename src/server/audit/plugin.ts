import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { JsonObject } from './entry.js';
import type { AuditLog } from './log.js';

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
  const refusals = new WeakMap<FastifyRequest, Refusal>();

  const plugin = async (app: FastifyInstance): Promise<void> => {
    // Registered twice (e.g. at the root and again by a test) would write two entries per request.
    if (app.hasDecorator(DECORATION)) return;

    const record: AuditRecord = async (req, status, refusal) => {
      const principal = req.principal ?? null;
      const route = req.routeOptions?.url;
      const path = (req.url ?? '').split('?')[0] ?? '';
      const detail: JsonObject = { requestId: String(req.id), ip: req.ip ?? 'unknown', status, method: req.method };
      if (principal) detail.tokenId = principal.tokenId;
      if (refusal?.code) detail.code = refusal.code;
      if (refusal?.message) detail.message = refusal.message;
      const p = log
        .append({
          actor: principal ? principal.id : 'anonymous',
          action: `${req.method} ${route && !req.is404 ? route : '(no route)'}`,
          resource: safeText(path, MAX_RESOURCE) || '/',
          outcome: outcomeOf(status),
          detail,
        })
        .catch((e: unknown) => {
          const err = e instanceof Error ? e : new Error(String(e));
          if (opts.onError) opts.onError(err, req);
          else req.log.error({ err: { type: err.name, message: err.message } }, 'audit entry could not be written');
        });
      pending.add(p);
      void p.finally(() => pending.delete(p));
      await p;
    };
    app.decorate(DECORATION, record);

    // The refusal as the client was told it (the one error shape, after app.ts mapped framework
    // codes to E_*): the code names why; 4xx messages are written to be shown, 5xx ones hide detail.
    app.addHook('onSend', async (req, reply, payload) => {
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
      return payload;
    });

    app.addHook('onResponse', async (req, reply) => {
      await record(req, reply.statusCode, refusals.get(req));
    });
  };

  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'rampart-audit',
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  }) as AuditPlugin;
}
