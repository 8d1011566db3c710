import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { RampartError } from '../../core/errors.js';
import { errorResponses, HttpError, LEAN_READ, PROJECT_NAME_SCHEMA, publicError } from '../app.js';
import type { LeanReadRoute, LeanRequest } from '../http/lean-read.js';
import { describedPattern } from '../validation-message.js';
import type { AppendOptions, AuditLog } from '../audit/log.js';
import type { JsonObject } from '../audit/entry.js';
import { AUDIT_NOW, auditNowFor, auditNowThenFor, durabilityOf, requestDetail } from '../audit/plugin.js';
import { perWorkerLimit } from '../identity/per-worker-limit.js';
import { anyPathMatches } from '../identity/secret-paths.js';
import { recordSplitThreshold, type Keyring } from './master-key.js';
import type { Store } from '../../store/db.js';
import { DEFAULT_MAX_VALUE_BYTES, type Vault, type VaultAudit } from './vault.js';

/**
 * The vault over HTTP (issue 7). Every route checks a per-project permission, and every read and
 * write is audited with the accessor, the path and the versions, never the value: one entry per
 * request (audit/plugin.ts), named for what happened (`secret.read`, `secret.write`, ...). A
 * refused request on a secret is recorded as `secret.denied` with the path it asked for.
 *
 *   PUT    /api/v1/projects/:project/secrets/*            {value, cas?}       secrets:write
 *   GET    /api/v1/projects/:project/secrets/*?version=N                      secrets:read
 *   GET    /api/v1/projects/:project/secrets?prefix=P                         secrets:list
 *   GET    /api/v1/projects/:project/secrets-history/*                        secrets:list
 *   GET    /api/v1/projects/:project/secrets-metadata/*  (policy, state, versions; no value) secrets:list
 *   DELETE /api/v1/projects/:project/secrets/*?versions=1,2 (soft)            secrets:delete
 *   POST   /api/v1/projects/:project/secrets-undelete/*  {versions?}          secrets:delete
 *   POST   /api/v1/projects/:project/secrets-destroy/*   {versions}           secrets:destroy
 *   PUT    /api/v1/projects/:project/secrets-policy/*    {maxVersions?, rotationMaxAgeS?, casRequired?}  secrets:rotate
 *          (+ secrets:destroy when a lower maxVersions destroys live versions; on a path never
 *          written it creates the metadata, no versions: reads 404 until a write, which obeys it)
 *   GET    /api/v1/projects/:project/rotation-due                             secrets:list
 *
 * Path scope: a role binding may limit its secrets permissions to path patterns (identity/rbac.ts);
 * requirePermission then leaves the patterns on the request and guard() refuses other paths with a
 * 403 (audited like any refusal), while a listing shows only the paths in scope.
 *
 * The vault keys secrets by project id; routes take the project name and use the id that
 * requirePermission resolved (an unknown project is a 403 like a forbidden one).
 */

export interface VaultRoutesOptions {
  vault: Vault;
  audit: AuditLog;
  /** Largest value accepted, in bytes (default: the vault's 64 KiB). */
  maxValueBytes?: number;
}

const BASE = '/api/v1/projects/:project';
/** What a read returns (vault.ts getNow / get). */
type ReadResult = Awaited<ReturnType<Vault['get']>>;
/** Append options by durability, made once. */
const READ_APPEND: AppendOptions = Object.freeze({ durability: 'read' });
const FULL_APPEND: AppendOptions = Object.freeze({ durability: 'full' });
/** The content type Fastify gives serialized JSON (a read's answer is a pre-built string). */
const JSON_TYPE = 'application/json; charset=utf-8';

// Project names as everywhere else (app.ts PROJECT_NAME_SCHEMA): a crafted name (%2F, NUL) is a 400
// before any lookup, and never reaches the resource of a secret.denied entry (review L3).
const projectParams = {
  type: 'object',
  additionalProperties: false,
  required: ['project'],
  properties: { project: PROJECT_NAME_SCHEMA },
} as const;

const pathParams = {
  type: 'object',
  additionalProperties: false,
  required: ['project', '*'],
  properties: { project: PROJECT_NAME_SCHEMA, '*': { type: 'string', maxLength: 256 } },
} as const;

const versionsBody = {
  type: 'object',
  additionalProperties: false,
  properties: { versions: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'integer', minimum: 1 } } },
} as const;

const changedResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'versions'],
  properties: { path: { type: 'string' }, versions: { type: 'array', items: { type: 'integer' } } },
} as const;

const rotationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['maxAgeS', 'ageS', 'due'],
  properties: { maxAgeS: { type: 'integer' }, ageS: { type: 'integer' }, due: { type: 'boolean' } },
} as const;

/** A secret's policy and times (vault.ts SecretSummary): each entry of secrets-list, and the base of secrets-metadata. */
const summaryRequired = ['path', 'currentVersion', 'maxVersions', 'rotationMaxAgeS', 'casRequired', 'createdAt', 'updatedAt', 'currentDeleted'] as const;
const summaryProperties = {
  path: { type: 'string' },
  // 0: metadata set (secrets-policy) before any write.
  currentVersion: { type: 'integer' },
  maxVersions: { type: 'integer' },
  rotationMaxAgeS: { type: 'integer', nullable: true },
  casRequired: { type: 'boolean' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  currentDeleted: { type: 'boolean' },
} as const;

/** Versions' metadata, newest first (secrets-history and secrets-metadata). */
const historyVersions = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['version', 'createdAt', 'createdBy', 'createdByName', 'deletedAt', 'destroyed', 'keyId'],
    properties: {
      version: { type: 'integer' },
      createdAt: { type: 'string' },
      createdBy: { type: 'string' },
      // The writer's name (username, service account, CI trust policy); null once deleted.
      createdByName: { type: 'string', nullable: true },
      deletedAt: { type: 'string', nullable: true },
      destroyed: { type: 'boolean' },
      keyId: { type: 'string' },
    },
  },
} as const;

/** Vault error codes -> HTTP statuses (messages are the vault's: they name paths, never values). */
const STATUS: Record<string, number> = {
  E_VAULT_INVALID: 400,
  E_VAULT_NOT_FOUND: 404,
  E_VAULT_CONFLICT: 409,
  E_VAULT_CAS_REQUIRED: 400,
  E_VAULT_DESTROY_FORBIDDEN: 403,
  E_VAULT_DELETED: 410,
  E_VAULT_DESTROYED: 410,
  E_SEALED: 503,
  E_NOT_INITIALIZED: 503,
};

function toHttp(e: unknown): unknown {
  if (e instanceof RampartError && STATUS[e.code] !== undefined) return new HttpError(STATUS[e.code]!, e.code, e.message);
  return e;
}

function actorOf(req: FastifyRequest): string {
  // Principal ids already carry their kind (`user:<id>`, `service_account:<id>`).
  return req.principal!.id;
}

function projectIdOf(req: FastifyRequest): string {
  // requirePermission allowed the request; a null id means a global grant on a missing project.
  if (!req.projectId) throw new HttpError(404, 'E_VAULT_NOT_FOUND', 'project not found');
  return req.projectId;
}

function pathOf(req: FastifyRequest): string {
  return (req.params as Record<string, string>)['*'] ?? '';
}

/** Is the path within the caller's path scope (always, when the grant is not path-scoped)? */
function allowedPath(req: FastifyRequest, path: string): boolean {
  return req.secretPaths === undefined || anyPathMatches(req.secretPaths, path);
}

/**
 * Whether the caller also holds `permission` on the request's project and path (a second check
 * after the route's own). The request's project id and path scope are those of the route's check.
 */
async function mayAlso(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, permission: string): Promise<boolean> {
  const { projectId, secretPaths } = req;
  req.secretPaths = undefined;
  try {
    const err = await new Promise<Error | undefined>((resolve) => app.requirePermission(permission)(req, reply, resolve));
    if (err) {
      if (err instanceof HttpError && err.statusCode === 403) return false;
      throw err;
    }
    return allowedPath(req, pathOf(req));
  } finally {
    req.projectId = projectId;
    req.secretPaths = secretPaths;
  }
}

/** requirePermission(permission), then the path scope of the grant for the route's path. */
function guard(app: FastifyInstance, permission: string) {
  const allowed = app.requirePermission(permission);
  const outside = `permission denied: ${permission} (outside the paths you may use)`;
  // One preHandler, not two: the path check runs in requirePermission's callback (callback style,
  // no promise per request; requirePermission calls back at once when it decides from its caches).
  return (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    allowed(req, reply, (err?: Error) => {
      if (err) return done(err);
      if (!allowedPath(req, pathOf(req))) return done(new HttpError(403, 'E_FORBIDDEN', outside));
      done();
    });
  };
}

export function vaultRoutes(o: VaultRoutesOptions): FastifyPluginAsync {
  const maxBytes = o.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES;
  return async (app: FastifyInstance) => {
    // With the audit plugin (always, in the server) each request is one entry; route tests without
    // it get the route's entry alone.
    const withPlugin = app.hasDecorator(AUDIT_NOW);
    const auditNow = auditNowFor(app, o.audit);
    /** The request's entry, written before the answer goes out (a read that cannot be recorded is not served). */
    const record = async (req: FastifyRequest, a: VaultAudit) => {
      await auditNow(
        req,
        {
          action: a.action,
          resource: `project:${(req.params as { project: string }).project}/secret:${a.path}`,
          detail: { project: a.project, path: a.path, versions: a.versions },
        },
        durabilityOf(req.method) === 'read' ? READ_APPEND : FULL_APPEND,
      );
    };

    const auditNowThen = auditNowThenFor(app, o.audit);
    /**
     * A read's answer: its entry is written first (a read that cannot be recorded is not served:
     * the error goes to the error handler instead), then the value goes out. The plaintext buffer
     * is wiped once the answer is serialised (reply.send serialises synchronously) or refused.
     */
    const answerRead = (req: FastifyRequest, reply: FastifyReply, path: string, r: ReadResult): void =>
      auditedRead(
        req,
        path,
        r,
        (json) => {
          reply.header('cache-control', 'no-store');
          // Sent as a JSON string with its type set: Fastify sends it as it is, skipping the
          // route's response serializer (the same fields, in the schema's shape, built here).
          reply.header('content-type', JSON_TYPE);
          reply.send(json);
        },
        (err) => {
          if (!reply.sent) reply.send(err);
        },
      );
    /**
     * The read's entry, then its answer as JSON text to `send` (the Fastify route's reply, or the
     * lean path's: http/lean-read.ts); `fail` gets the error when the entry cannot be written or
     * the answer cannot be built. The plaintext is wiped once the text is made or refused.
     */
    const auditedRead = (req: FastifyRequest, path: string, r: ReadResult, send: (json: string) => void, fail: (err: Error) => void): void => {
      const a = r.audit;
      const note = { action: a.action, resource: `project:${(req.params as { project: string }).project}/secret:${a.path}`, detail: { project: a.project, path: a.path, versions: a.versions } };
      try {
        auditNowThen(req, note, READ_APPEND, (err) => {
          let json: string;
          try {
            if (err) return void fail(err);
            // The vault's clock, as secret metadata and dueForRotation use (rotation.ts); the read's fields only.
            const st = o.vault.rotationOf(r);
            const rotation = st && { maxAgeS: st.maxAgeS, ageS: st.ageS, due: st.due };
            const out: { path: string; version: number; value: string; createdAt: string; createdBy: string; rotation?: typeof rotation } = {
              path,
              version: r.version,
              value: r.value.toString('utf8'),
              createdAt: r.createdAt,
              createdBy: r.createdBy,
            };
            if (rotation) out.rotation = rotation;
            json = JSON.stringify(out);
          } catch (e) {
            return void fail(e instanceof Error ? e : new Error(String(e)));
          } finally {
            r.value.fill(0);
          }
          send(json);
        });
      } catch (e) {
        r.value.fill(0);
        throw e;
      }
    };

    // The hot read's lean path (http/lean-read.ts): requirePermission's decision came from its
    // caches; then the route's own steps: path scope, vault read, entry, answer. Only with the
    // audit plugin (the request's one entry, as the route writes it), and only where the vault reads
    // synchronously: on PostgreSQL every lean attempt would look up the token and permission only
    // to hand the request to Fastify.
    const leanSlot = (app as unknown as Record<string, unknown>)[LEAN_READ];
    if (withPlugin && typeof leanSlot === 'function' && o.vault?.readsNow === true) {
      const route: LeanReadRoute = {
        permission: 'secrets:read',
        read: (lreq: LeanRequest, send, fail) => {
          const req = lreq as unknown as FastifyRequest;
          const path = lreq.params['*'];
          if (!allowedPath(req, path)) return false;
          const v = lreq.query.version;
          let r: ReadResult | undefined;
          try {
            r = o.vault.getNow(lreq.projectId, path, v !== undefined ? { actor: lreq.principal.id, version: v } : { actor: lreq.principal.id });
          } catch {
            // Refusals (404, 410, 503...) are the Fastify route's to answer and audit.
            return false;
          }
          if (r === undefined) return false;
          auditedRead(req, path, r, send, fail);
          return true;
        },
      };
      (leanSlot as (r: LeanReadRoute) => void)(route);
    }

    // Refusals on a secret (403, e.g. another project's secret) are audited with the path asked for:
    // the request's entry is named secret.denied (set before onResponse, where the plugin writes it).
    const deniedResource = (req: FastifyRequest) => {
      const params = (req.params ?? {}) as Record<string, unknown>;
      const path = typeof params['*'] === 'string' ? params['*'].slice(0, 256) : '';
      return { resource: `project:${String(params.project ?? '').slice(0, 128)}/secret:${path}` };
    };
    // Callback-style hooks (no promise per request), each added only where it has work to do.
    if (withPlugin) {
      // onError, not onSend: it runs only for refusals (every vault 403 is a thrown error, mapped
      // by the server's error handler with publicError), not for each successful read.
      app.addHook('onError', (req: FastifyRequest, _reply: FastifyReply, err: FastifyError, done: () => void) => {
        if (req.principal && publicError(err).status === 403) req.auditNote = { action: 'secret.denied', resource: deniedResource(req).resource };
        done();
      });
    } else {
      app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
        if (reply.statusCode !== 403 || !req.principal) return done();
        o.audit
          .append({
            actor: actorOf(req),
            action: 'secret.denied',
            resource: deniedResource(req).resource,
            outcome: 'deny',
            detail: { requestId: req.id, method: req.method, status: 403 },
          })
          .catch((e: unknown) => {
            req.log.error({ err: { message: (e as Error).message } }, 'audit append failed for a refused secret request');
          })
          .finally(done);
      });
    }

    const run = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        throw toHttp(e);
      }
    };

    app.put(
      `${BASE}/secrets/*`,
      {
        preHandler: guard(app, 'secrets:write'),
        schema: {
          summary: 'Write a new version of a secret (check-and-set with cas)',
          tags: ['vault'],
          params: pathParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['value'],
            properties: { value: { type: 'string', maxLength: maxBytes }, cas: { type: 'integer', minimum: 0 } },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'version', 'destroyed'],
              properties: { path: { type: 'string' }, version: { type: 'integer' }, destroyed: { type: 'array', items: { type: 'integer' } } },
            },
            ...errorResponses(400, 401, 403, 404, 409, 413, 503),
          },
        },
      },
      async (req) => {
        const body = req.body as { value: string; cas?: number };
        const value = Buffer.from(body.value, 'utf8');
        try {
          const projectId = projectIdOf(req);
          const path = pathOf(req);
          const actor = actorOf(req);
          // The audit entry commits in the write's own transaction: an acknowledged write is audited.
          // It is the request's one entry (the plugin's request fields included): no second one.
          const entry = {
            actor,
            action: 'secret.write',
            resource: `project:${(req.params as { project: string }).project}/secret:${path}`,
            outcome: 'allow',
            detail: (withPlugin ? { project: projectId, path, ...requestDetail(req, 200) } : { requestId: req.id, project: projectId, path }) as JsonObject,
          };
          const r = await run(() => o.vault.put(projectId, path, value, { actor, ...(body.cas !== undefined ? { cas: body.cas } : {}), audit: { log: o.audit, entry } }));
          req.audited = true;
          return { path: r.path, version: r.version, destroyed: r.destroyed };
        } finally {
          value.fill(0);
        }
      },
    );

    app.get(
      `${BASE}/secrets/*`,
      {
        preHandler: guard(app, 'secrets:read'),
        schema: {
          summary: 'Read the current version of a secret, or ?version=N',
          tags: ['vault'],
          params: pathParams,
          querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'version', 'value', 'createdAt', 'createdBy'],
              properties: {
                path: { type: 'string' },
                version: { type: 'integer' },
                value: { type: 'string' },
                createdAt: { type: 'string' },
                createdBy: { type: 'string' },
                rotation: rotationSchema,
              },
            },
            ...errorResponses(400, 401, 403, 404, 410, 503),
          },
        },
      },
      // Callback style (no async handler, no promise per read on SQLite): the value is read
      // synchronously, its entry handed to the writer, and the answer sent from the entry's callback.
      (req: FastifyRequest, reply: FastifyReply): void => {
        const projectId = projectIdOf(req);
        const path = pathOf(req);
        const q = req.query as { version?: number };
        const opts = q.version !== undefined ? { actor: actorOf(req), version: q.version } : { actor: actorOf(req) };
        let r: ReadResult | undefined;
        try {
          // SQLite answers without a promise; PostgreSQL through get().
          r = o.vault.getNow(projectId, path, opts);
        } catch (e) {
          throw toHttp(e);
        }
        if (r !== undefined) return answerRead(req, reply, path, r);
        o.vault
          .get(projectId, path, opts)
          .then((got) => answerRead(req, reply, path, got))
          .then(undefined, (e: unknown) => {
            if (!reply.sent) reply.send(toHttp(e));
          });
      },
    );

    app.get(
      `${BASE}/secrets`,
      {
        preHandler: app.requirePermission('secrets:list'),
        schema: {
          summary: 'List secrets (paths and versions, never values)',
          tags: ['vault'],
          params: projectParams,
          querystring: { type: 'object', additionalProperties: false, properties: { prefix: { type: 'string', maxLength: 256 } } },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['secrets'],
              properties: {
                secrets: {
                  type: 'array',
                  items: { type: 'object', additionalProperties: false, required: summaryRequired, properties: summaryProperties },
                },
              },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const projectId = projectIdOf(req);
        const prefix = (req.query as { prefix?: string }).prefix ?? '';
        const secrets = (await run(() => o.vault.list(projectId, prefix))).filter((s) => allowedPath(req, s.path));
        await record(req, { actor: actorOf(req), action: 'secret.list', resource: '', project: projectId, path: `${prefix}*`, versions: [] });
        return { secrets };
      },
    );

    app.get(
      `${BASE}/secrets-history/*`,
      {
        preHandler: guard(app, 'secrets:list'),
        schema: {
          summary: "A secret's versions, newest first (metadata only)",
          tags: ['vault'],
          params: pathParams,
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'versions'],
              properties: {
                path: { type: 'string' },
                versions: historyVersions,
              },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const projectId = projectIdOf(req);
        const path = pathOf(req);
        const versions = await run(() => o.vault.history(projectId, path));
        await record(req, { actor: actorOf(req), action: 'secret.history', resource: '', project: projectId, path, versions: versions.map((v) => v.version) });
        return { path, versions };
      },
    );

    // One secret's metadata without reading its value (Vault's `kv metadata get`): what a user
    // checks before a rotation or a destroy, and all a secrets:list grant may see of a secret.
    app.get(
      `${BASE}/secrets-metadata/*`,
      {
        preHandler: guard(app, 'secrets:list'),
        schema: {
          summary: "One secret's metadata (policy, times, deletion state, rotation due, versions), never its value",
          tags: ['vault'],
          params: pathParams,
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: [...summaryRequired, 'oldestVersion', 'rotation', 'versions', 'versionCount'],
              properties: {
                ...summaryProperties,
                // Lowest version neither destroyed nor soft-deleted; 0 when there is none.
                oldestVersion: { type: 'integer' },
                // null without a rotation max age or without a version.
                rotation: { ...rotationSchema, nullable: true, required: [...rotationSchema.required, 'dueAt'], properties: { ...rotationSchema.properties, dueAt: { type: 'string' } } },
                // The newest 100 (the audit entry names those); versionCount counts them all.
                versions: historyVersions,
                versionCount: { type: 'integer' },
              },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req) => {
        const projectId = projectIdOf(req);
        const path = pathOf(req);
        const m = await run(() => o.vault.metadata(projectId, path));
        await record(req, { actor: actorOf(req), action: 'secret.metadata', resource: '', project: projectId, path, versions: m.versions.map((v) => v.version) });
        return m;
      },
    );

    const change = (op: 'delete' | 'undelete' | 'destroy', versions: number[] | undefined, req: FastifyRequest) =>
      run(async () => {
        const r = await o.vault[op](projectIdOf(req), pathOf(req), { actor: actorOf(req), ...(versions ? { versions } : {}) });
        await record(req, r.audit);
        return { path: pathOf(req), versions: r.versions };
      });

    app.delete(
      `${BASE}/secrets/*`,
      {
        preHandler: guard(app, 'secrets:delete'),
        schema: {
          summary: 'Soft-delete versions (default: the current one); reversible with undelete',
          tags: ['vault'],
          params: pathParams,
          querystring: { type: 'object', additionalProperties: false, properties: { versions: { type: 'string', pattern: describedPattern('^[0-9]{1,15}(,[0-9]{1,15}){0,999}$', 'must be version numbers separated by commas (e.g. 1,2)') } } },
          response: { 200: changedResponse, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const v = (req.query as { versions?: string }).versions;
        return change('delete', v === undefined ? undefined : v.split(',').map(Number), req);
      },
    );

    for (const op of ['undelete', 'destroy'] as const) {
      app.post(
        `${BASE}/secrets-${op}/*`,
        {
          preHandler: guard(app, op === 'destroy' ? 'secrets:destroy' : 'secrets:delete'),
          schema: {
            summary: op === 'destroy' ? 'Destroy the named versions for good (versions is required)' : 'Undo a soft delete (default: the current version)',
            tags: ['vault'],
            params: pathParams,
            body: versionsBody,
            response: { 200: changedResponse, ...errorResponses(400, 401, 403, 404) },
          },
        },
        async (req) => {
          const versions = (req.body as { versions?: number[] } | undefined)?.versions;
          // Destroying cannot be undone, so it is never implied (Vault's destroy also needs versions).
          // Checked here, after the permission guard, so a caller without secrets:destroy still gets 403.
          if (op === 'destroy' && (versions === undefined || versions.length === 0)) {
            throw new HttpError(400, 'E_BAD_REQUEST', 'destroy needs the versions to destroy ({"versions": [1, 2]}); it cannot be undone');
          }
          return change(op, versions, req);
        },
      );
    }

    app.put(
      `${BASE}/secrets-policy/*`,
      {
        preHandler: guard(app, 'secrets:rotate'),
        schema: {
          summary: 'Set how many versions are kept, the rotation max age (null = never due) and whether writes need cas; on a new path, creates the metadata before any version',
          tags: ['vault'],
          params: pathParams,
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              maxVersions: { type: 'integer', minimum: 1, maximum: 1000 },
              rotationMaxAgeS: { type: 'integer', minimum: 1, nullable: true },
              casRequired: { type: 'boolean' },
            },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['path', 'destroyed', 'created'],
              properties: { path: { type: 'string' }, destroyed: { type: 'array', items: { type: 'integer' } }, created: { type: 'boolean' } },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
      },
      async (req, reply) => {
        const body = req.body as { maxVersions?: number; rotationMaxAgeS?: number | null; casRequired?: boolean };
        const path = pathOf(req);
        const set = (mayDestroy: boolean) => run(() => o.vault.setPolicy(projectIdOf(req), path, { actor: actorOf(req), ...body, mayDestroy }));
        // Lowering maxVersions destroys versions: a caller with secrets:rotate alone may change the
        // policy only when that destroys nothing live (review M4). secrets:destroy (with this path
        // in its scope) is checked only when the vault says the change would destroy something;
        // a refusal is a 403 on the secret, audited as secret.denied like any other.
        let r;
        try {
          r = await set(false);
        } catch (e) {
          if (!(e instanceof HttpError) || e.code !== 'E_VAULT_DESTROY_FORBIDDEN' || !(await mayAlso(app, req, reply, 'secrets:destroy'))) throw e;
          r = await set(true);
        }
        await record(req, r.audit);
        return { path, destroyed: r.destroyed, created: r.created };
      },
    );

    app.get(
      `${BASE}/rotation-due`,
      {
        preHandler: app.requirePermission('secrets:list'),
        schema: {
          summary: "The project's secrets whose current version is older than their rotation max age",
          tags: ['vault'],
          params: projectParams,
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['due'],
              properties: {
                due: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['path', 'version', 'createdAt', 'ageS', 'maxAgeS'],
                    properties: { path: { type: 'string' }, version: { type: 'integer' }, createdAt: { type: 'string' }, ageS: { type: 'integer' }, maxAgeS: { type: 'integer' } },
                  },
                },
              },
            },
            ...errorResponses(401, 403, 404),
          },
        },
      },
      async (req) => {
        const due = await run(() => o.vault.dueForRotation({ project: projectIdOf(req) }));
        return { due: due.filter((d) => allowedPath(req, d.path)).map(({ path, version, createdAt, ageS, maxAgeS }) => ({ path, version, createdAt, ageS, maxAgeS })) };
      },
    );
  };
}

// ---------------------------------------------------------------------------------------------
// Seal state: `rampart server unseal`

export interface UnsealRoutesOptions {
  keyring: Keyring;
  audit: AuditLog;
  /** Unseal attempts per client and window (default 30 a minute), over all HTTP processes. */
  rateLimit?: { max: number; timeWindow: number };
  /** HTTP processes serving the route (`--http-workers N`): each allows rateLimit.max / N. */
  workers?: number;
  /** Where a split made before migration 0011 gets its threshold recorded once its shares unseal. */
  store?: Store;
}

const SEAL_STATUS = {
  type: 'object',
  additionalProperties: false,
  required: ['sealed', 'have'],
  properties: {
    sealed: { type: 'boolean' },
    // Vault's sys/seal-status names: t of n shares (null for a key file), progress so far.
    t: { type: 'integer', nullable: true },
    n: { type: 'integer', nullable: true },
    progress: { type: 'integer' },
    have: { type: 'integer' },
    threshold: { type: 'integer' },
    keyId: { type: 'string' },
  },
} as const;

/** seal-status, and each unseal answer: Vault's {sealed, t, n, progress}, with `have` (= progress) as before. */
function sealStatusOf(keyring: Keyring): { sealed: boolean; t: number | null; n: number | null; progress: number; have: number } {
  const s = keyring.sealStatus();
  return { ...s, have: s.progress };
}

/**
 * Public (register in publicPlugins): `GET /api/v1/sys/seal-status` and `POST /api/v1/sys/unseal
 * {share}`. Key holders need no account: a share is their credential, and a share cannot be
 * guessed (it carries 32 random bytes and a checksum). Attempts are rate-limited and every one is
 * audited by outcome, never with the share.
 */
export function unsealRoutes(o: UnsealRoutesOptions): FastifyPluginAsync {
  const limit = perWorkerLimit(o.rateLimit ?? { max: 30, timeWindow: 60_000 }, o.workers);
  return async (app: FastifyInstance) => {
    app.get(
      '/api/v1/sys/seal-status',
      { schema: { summary: 'Whether the vault is sealed, the shares needed (t of n) and given so far (progress)', tags: ['vault'], security: [], response: { 200: SEAL_STATUS } } },
      async () => sealStatusOf(o.keyring),
    );
    app.post(
      '/api/v1/sys/unseal',
      {
        config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindow } },
        schema: {
          summary: 'Give one key share; the master key is rebuilt once the threshold is reached',
          tags: ['vault'],
          security: [],
          body: { type: 'object', additionalProperties: false, required: ['share'], properties: { share: { type: 'string', minLength: 1, maxLength: 512 } } },
          response: { 200: SEAL_STATUS, ...errorResponses(400, 429) },
        },
      },
      async (req) => {
        const entry = (outcome: string, detail: Record<string, string | number | boolean>) =>
          // `attempts`: splits with shares pending after this one; more than one means shares of a
          // foreign split arrived (master-key.ts unseal), worth a look when the vault stays sealed.
          o.audit.append({ actor: 'anonymous', action: 'vault.unseal', resource: 'vault', outcome, detail: { requestId: req.id, ip: req.ip, ...detail, attempts: o.keyring.pendingAttempts } });
        if (!o.keyring.sealed) return sealStatusOf(o.keyring);
        try {
          const p = await o.keyring.unseal((req.body as { share: string }).share);
          await entry('allow', { have: p.have, sealed: p.sealed, ...(p.keyId ? { keyId: p.keyId } : {}) });
          if (p.keyId && p.threshold !== undefined && o.keyring.thresholdUnknown(p.keyId)) {
            // A split made before 0011 recorded no t: now that its shares rebuilt the key, t is
            // known (n is not: shares do not carry it), so the next sealed start shows it.
            o.keyring.learnThreshold(p.keyId, p.threshold);
            if (o.store) {
              await recordSplitThreshold(o.store.db, p.keyId, p.threshold).catch((e: unknown) => {
                req.log.warn({ err: { message: (e as Error).message } }, 'could not record the key split threshold');
              });
            }
          }
          const s = sealStatusOf(o.keyring);
          // This share's own attempt (have) may differ from the best one seal-status shows (progress).
          return { ...s, sealed: p.sealed, have: p.have, t: s.t ?? p.threshold ?? null, ...(p.threshold !== undefined ? { threshold: p.threshold } : {}), ...(p.keyId ? { keyId: p.keyId } : {}) };
        } catch (e) {
          if (e instanceof RampartError) {
            await entry('refused', { code: e.code });
            throw new HttpError(400, e.code, e.message);
          }
          throw e;
        }
      },
    );
  };
}

/** Authenticated: `POST /api/v1/sys/seal` (admin:keys) forgets the master keys until unsealed again. */
export function sealRoutes(o: { keyring: Keyring; audit: AuditLog }): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/sys/seal',
      {
        preHandler: app.requirePermission('admin:keys', () => null),
        schema: { summary: 'Seal the vault (forget the master keys)', tags: ['vault'], response: { 200: SEAL_STATUS, ...errorResponses(401, 403) } },
      },
      async (req) => {
        o.keyring.seal();
        await o.audit.append({ actor: actorOf(req), action: 'vault.seal', resource: 'vault', outcome: 'allow', detail: { requestId: req.id } });
        return sealStatusOf(o.keyring);
      },
    );
  };
}
