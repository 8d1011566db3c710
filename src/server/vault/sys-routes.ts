import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { RampartError } from '../../core/errors.js';
import type { Store } from '../../store/db.js';
import { errorResponses, HttpError } from '../app.js';
import type { AuditLog } from '../audit/log.js';
import { rotateOnline, type Keyring } from './master-key.js';

/**
 * `POST /api/v1/sys/rotate-master-key` (admin:keys, a global grant): rotates the running server's
 * master key online (master-key.ts rotateOnline). The vault keeps serving: new writes use the new
 * key once it is registered, every row stays readable while it is rewrapped, and master.key holds
 * the new key at the end. Each attempt is audited with its outcome and key ids, never a key.
 */

export interface SysRoutesOptions {
  store: Store;
  keyring: Keyring;
  audit: AuditLog;
  /** Where master.key lives. */
  dataDir: string;
  /** Waits for vault writes queued on the SQLite writer thread (SqliteWriter.settled). */
  drain?: () => Promise<void>;
  /** Environment to read RAMPART_MASTER_KEY from (tests). */
  env?: NodeJS.ProcessEnv;
}

/** Refusals of the rotation -> HTTP statuses (messages say what to do instead; they hold no key). */
const STATUS: Record<string, number> = {
  E_ROTATE_UNSUPPORTED: 409,
  E_ROTATION_RUNNING: 409,
  E_ROTATION_INCOMPLETE: 409,
  E_SEALED: 503,
  E_NOT_INITIALIZED: 503,
  E_VAULT_KEY_UNAVAILABLE: 503,
};

export function sysRoutes(o: SysRoutesOptions): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/sys/rotate-master-key',
      {
        preHandler: app.requirePermission('admin:keys', () => null),
        // A refused attempt is audited here too, besides the request audit.
        onResponse: async (req, reply) => {
          if (reply.statusCode !== 403 || !req.principal) return;
          try {
            await o.audit.append({ actor: req.principal.id, action: 'vault.rotate-master-key', resource: 'vault', outcome: 'deny', detail: { requestId: req.id, status: 403 } });
          } catch (e) {
            req.log.error({ err: { message: (e as Error).message } }, 'audit append failed for a refused key rotation');
          }
        },
        schema: {
          summary: 'Rotate the master key online: a new key for new writes, every data key rewrapped, master.key replaced',
          tags: ['vault'],
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['keyId', 'retired', 'rewrapped'],
              properties: { keyId: { type: 'string' }, retired: { type: 'array', items: { type: 'string' } }, rewrapped: { type: 'integer' } },
            },
            ...errorResponses(401, 403, 409, 503),
          },
        },
      },
      async (req: FastifyRequest) => {
        const previous = o.keyring.sealed ? undefined : o.keyring.currentId;
        const entry = (outcome: string, detail: Record<string, string | number | string[]>) =>
          o.audit.append({
            actor: req.principal!.id,
            action: 'vault.rotate-master-key',
            resource: 'vault',
            outcome,
            detail: { requestId: req.id, ...(previous ? { previousKeyId: previous } : {}), ...detail },
          });
        try {
          const r = await rotateOnline(o.store, o.keyring, o.dataDir, { ...(o.drain ? { drain: o.drain } : {}), ...(o.env ? { env: o.env } : {}) });
          await entry('allow', { keyId: r.newKeyId, retired: r.retired, rewrapped: r.rewrapped });
          return { keyId: r.newKeyId, retired: r.retired, rewrapped: r.rewrapped };
        } catch (e) {
          const code = e instanceof RampartError ? e.code : 'E_INTERNAL';
          await entry(STATUS[code] !== undefined ? 'refused' : 'error', { code });
          if (e instanceof RampartError && STATUS[code] !== undefined) throw new HttpError(STATUS[code]!, code, e.message);
          throw e;
        }
      },
    );
  };
}
