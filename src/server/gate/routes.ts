import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Store } from '../../store/db.js';
import { parseObjectColumn, type Schema } from '../../store/schema.js';
import { ENV_NAME_PATTERN, errorResponses, HttpError, PROJECT_NAME_SCHEMA, projectIdOf } from '../app.js';
import type { AuditLog } from '../audit/log.js';
import { AUDIT_NOW, requestDetail } from '../audit/plugin.js';
import { COMMIT_RE, DIGEST_RE } from '../findings/ingest.js';
import { principalNames } from '../identity/principal-names.js';
import { checkDeployment } from './check.js';
import { CURSOR_SCHEMA, decodeCursor, encodeCursor, type HistoryCursor } from './history-cursor.js';
import { gateReads } from './facts.js';
import { EVIDENCE_MODES } from './evidence.js';
import { parsePolicyForSave, PolicyError, REASON_CODES, type Policy, type Reason } from './policy.js';
import { signatureRoutes } from './signature-routes.js';
import { loadTrustedRoots } from './trusted-roots.js';
import { MAX_REQUEST_BUNDLES, type TrustedRoots } from './signature-verify.js';

/**
 * The deployment gate: `POST /api/v1/deployments/check` evaluates an environment's policy
 * against what the store knows (scans, open findings, waivers), stores the decision together with
 * its audit entry (check.ts); the admission webhook later trusts only stored allow decisions.
 * Policies and environments are per project and managed with `policies:write`. A policy may
 * require a Sigstore signature of the image: bundles come with the check request or were stored
 * earlier (signature-routes.ts, registered here) and are verified offline (signature-verify.ts).
 */

export interface GateRoutesOptions {
  store: Store;
  audit: AuditLog;
  now?: () => Date;
  /**
   * A directory of Sigstore TrustedRoot JSON files, read once when the routes register
   * (trusted-roots.ts); policies name one with `signature.trustedRootFile`. Unset: none.
   */
  trustedRootDir?: string;
}

const NAME = ENV_NAME_PATTERN;
// Project names as identity/routes.ts creates them: a pattern, so a NUL or another byte
// PostgreSQL refuses is a 400 here rather than a query error in the permission check.
const PROJECT = PROJECT_NAME_SCHEMA;
const reasonItem = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: {
      type: 'string',
      enum: [...REASON_CODES],
      description: "'ok' on an allow; deny reasons; 'not-evidence' names a scan the policy's evidence rule left out (on an allow or a deny)",
    },
    message: { type: 'string' },
  },
} as const;

/**
 * The policy document as the API describes it. gate/policy.ts validates it in full, so a bad
 * value is one 400 E_BAD_POLICY listing every problem: the request schema only describes fields.
 */
const policyDocument = (stored: boolean) => ({
  type: 'object',
  additionalProperties: true,
  description:
    'maxOpenSeverity (scanner or * -> critical|high|medium|low|info|none), requiredScanners, scanWindowHours (default 168), denyExpiredWaivers (default true), signature, evidence.',
  properties: {
    evidence: {
      ...(stored ? { type: 'string', enum: [...EVIDENCE_MODES] } : {}),
      description:
        'Which uploaded scans the gate counts. ci (the default for a new policy): only scans a CI job of this project uploaded with a token from an OIDC exchange under one of its enabled trust policies, and, when the job\'s id token named its commit (sha), only scans of that commit. any: every upload, people\'s too (policies stored before this field were given any).',
    },
  },
});

const policyItem = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'document', 'createdAt', 'updatedAt'],
  properties: { name: { type: 'string' }, document: policyDocument(true), createdAt: { type: 'string' }, updatedAt: { type: 'string' } },
} as const;

const envItem = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'policy', 'failClosed', 'createdAt'],
  properties: { name: { type: 'string' }, policy: { type: 'string', nullable: true }, failClosed: { type: 'boolean' }, createdAt: { type: 'string' } },
} as const;

const projectParams = (extra?: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: extra ? ['project', extra] : ['project'],
    properties: { project: PROJECT, ...(extra ? { [extra]: { type: 'string', pattern: NAME } } : {}) },
  }) as const;

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err?.code === '23505' || (typeof err?.message === 'string' && err.message.includes('UNIQUE constraint failed'));
}

export function gateRoutes(opts: GateRoutesOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const db = store.db;
  const reads = gateReads(store);
  const now = opts.now ?? (() => new Date());
  let trustedRoots: TrustedRoots = new Map();
  let rootFiles: ReadonlySet<string> = new Set();
  const actor = (req: FastifyRequest) => req.principal!.id;
  const projectId = projectIdOf;
  const params = (req: FastifyRequest) => req.params as { project: string; name?: string; env?: string };

  /** A change and its audit entry, together. */
  async function change<T>(req: FastifyRequest, action: string, resource: string, detail: Record<string, string | boolean | null>, fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(async (trx) => {
        const r = await fn(trx);
        await audit.appendIn(trx, { actor: actor(req), action, resource, outcome: 'allow', detail: { requestId: String(req.id), ...detail } });
        return r;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new HttpError(409, 'E_CONFLICT', 'a record with that name already exists');
      throw e;
    }
  }

  return async (app: FastifyInstance) => {
    trustedRoots = await loadTrustedRoots(opts.trustedRootDir);
    rootFiles = new Set(trustedRoots.keys());
    await app.register(signatureRoutes({ store, audit, now }));
    const withPlugin = app.hasDecorator(AUDIT_NOW);

    app.post(
      '/api/v1/deployments/check',
      {
        schema: {
          summary: 'May this image (and commit) deploy to this environment? The decision is stored and audited',
          tags: ['gate'],
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['project', 'env', 'imageDigest'],
            properties: {
              project: PROJECT,
              env: { type: 'string', pattern: NAME },
              imageDigest: { type: 'string', maxLength: 80 },
              commit: { type: 'string', maxLength: 64 },
              /** Sigstore bundles (JSON objects, or their JSON text); each is bounded when verified. */
              signatureBundles: { type: 'array', maxItems: MAX_REQUEST_BUNDLES, items: { anyOf: [{ type: 'object' }, { type: 'string' }] } },
            },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'decision', 'reasons'],
              properties: { id: { type: 'string' }, decision: { type: 'string', enum: ['allow', 'deny'] }, reasons: { type: 'array', items: reasonItem } },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
        preHandler: app.requirePermission('deploy:check', (req) => (req.body as { project?: string } | undefined)?.project ?? null),
      },
      async (req) => {
        const b = req.body as { project: string; env: string; imageDigest: string; commit?: string; signatureBundles?: unknown[] };
        if (!DIGEST_RE.test(b.imageDigest)) throw new HttpError(400, 'E_BAD_REQUEST', 'imageDigest: expected sha256:<64 lowercase hex digits>');
        const commit = b.commit === undefined ? null : b.commit.toLowerCase();
        if (commit !== null && !COMMIT_RE.test(commit)) throw new HttpError(400, 'E_BAD_REQUEST', 'commit: expected a git commit id (7 to 64 hex digits)');
        const r = await checkDeployment(store, reads, audit, {
          projectId: projectId(req),
          project: b.project,
          env: b.env,
          imageDigest: b.imageDigest,
          commit,
          actor: actor(req),
          requestId: String(req.id),
          // With the audit plugin, the decision's entry is the request's one entry.
          ...(withPlugin ? { requestDetail: requestDetail(req, 200) } : {}),
          now: now(),
          signatureBundles: b.signatureBundles,
          trustedRoots,
        });
        req.audited = true;
        return { id: r.id, decision: r.allow ? ('allow' as const) : ('deny' as const), reasons: r.reasons };
      },
    );

    app.get(
      '/api/v1/projects/:project/deployments',
      {
        schema: {
          summary: 'Deployment decisions, newest first, a page at a time',
          description: 'Ordered by time (newest first), then id. `next` is set when older decisions remain: pass it as `before` for the next page.',
          tags: ['gate'],
          params: projectParams(),
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { env: { type: 'string', pattern: NAME }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, before: CURSOR_SCHEMA },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['decisions', 'next'],
              properties: {
                next: { type: 'string', nullable: true, description: 'The cursor of the next (older) page; null on the last page' },
                decisions: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['id', 'env', 'imageDigest', 'commit', 'decision', 'reasons', 'actor', 'ts'],
                    properties: {
                      id: { type: 'string' },
                      env: { type: 'string' },
                      imageDigest: { type: 'string' },
                      commit: { type: 'string', nullable: true },
                      decision: { type: 'string' },
                      reasons: { type: 'array', items: reasonItem },
                      actor: { type: 'string' },
                      actorName: { type: 'string', nullable: true },
                      ts: { type: 'string' },
                    },
                  },
                },
              },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
        preHandler: app.requirePermission('deploy:read'),
      },
      async (req) => {
        const q = req.query as { env?: string; limit: number; before?: string };
        // One extra row tells whether another page exists.
        const more = await historyPage(db, projectId(req), q.env, q.before === undefined ? undefined : decodeCursor(q.before), q.limit + 1).execute();
        const rows = more.slice(0, q.limit);
        const last = rows[rows.length - 1];
        // Who asked, by name (`rampart deploy history`); null for a principal deleted since.
        const names = await principalNames(db, rows.map((r) => r.actor));
        return {
          decisions: rows.map((r) => ({ id: r.id, env: r.environment, imageDigest: r.image_digest, commit: r.commit, decision: r.decision, reasons: parseReasons(r.reasons), actor: r.actor, actorName: names.get(r.actor) ?? null, ts: r.ts })),
          next: more.length > q.limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null,
        };
      },
    );

    // ---- policies ----------------------------------------------------------------------------

    app.put(
      '/api/v1/projects/:project/policies/:name',
      {
        schema: {
          summary: 'Create or replace a policy document (see gate/policy.ts for its fields)',
          tags: ['gate'],
          params: projectParams('name'),
          body: { type: 'object', additionalProperties: false, required: ['document'], properties: { document: policyDocument(false) } },
          response: { 200: policyItem, 201: policyItem, ...errorResponses(400, 401, 403, 404, 409) },
        },
        preHandler: app.requirePermission('policies:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const name = params(req).name!;
        let policy: Policy;
        try {
          policy = parsePolicyForSave((req.body as { document: unknown }).document, rootFiles);
        } catch (e) {
          if (e instanceof PolicyError) throw new HttpError(400, 'E_BAD_POLICY', e.message);
          throw e;
        }
        const ts = now().toISOString();
        const document = JSON.stringify(policy);
        const created = await change(req, 'policy.put', `project:${params(req).project}/policy:${name}`, {}, async (trx) => {
          const row = await trx.selectFrom('policies').select(['id', 'created_at']).where('project_id', '=', pid).where('name', '=', name).executeTakeFirst();
          if (row) {
            await trx.updateTable('policies').set({ document, updated_at: ts }).where('id', '=', row.id).execute();
            return row.created_at;
          }
          await trx.insertInto('policies').values({ id: randomUUID(), project_id: pid, name, document, created_at: ts, updated_at: ts }).execute();
          return null;
        });
        reply.code(created === null ? 201 : 200);
        return { name, document: policy, createdAt: created ?? ts, updatedAt: ts };
      },
    );

    app.get(
      '/api/v1/projects/:project/policies',
      {
        schema: {
          summary: "The project's policies",
          tags: ['gate'],
          params: projectParams(),
          response: { 200: { type: 'object', additionalProperties: false, required: ['policies'], properties: { policies: { type: 'array', items: policyItem } } }, ...errorResponses(401, 403, 404) },
        },
        preHandler: app.requirePermission('policies:read'),
      },
      async (req) => {
        const rows = await db.selectFrom('policies').selectAll().where('project_id', '=', projectId(req)).orderBy('name').execute();
        return { policies: rows.map((r) => ({ name: r.name, document: parseObjectColumn(r.document), createdAt: r.created_at, updatedAt: r.updated_at })) };
      },
    );

    app.delete(
      '/api/v1/projects/:project/policies/:name',
      {
        schema: { summary: 'Delete a policy no environment uses (409 names the environments that still do)', tags: ['gate'], params: projectParams('name'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) } },
        preHandler: app.requirePermission('policies:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const name = params(req).name!;
        await change(req, 'policy.delete', `project:${params(req).project}/policy:${name}`, {}, async (trx) => {
          // Refused while in use: the foreign key would quietly unset the environments' policy and
          // every deployment to them would be denied with nobody having asked for that.
          // PostgreSQL (READ COMMITTED): lock the policy row before looking for users, so an
          // environment write that got to it first (FOR KEY SHARE below, or its FK check) commits
          // before the look, and one that comes later waits and then finds no policy. SQLite:
          // BEGIN IMMEDIATE already serialises the two.
          if (store.dialect === 'postgres') {
            await trx.selectFrom('policies').select('id').where('project_id', '=', pid).where('name', '=', name).forUpdate().execute();
          }
          const users = await trx
            .selectFrom('environments as e')
            .innerJoin('policies as p', 'p.id', 'e.policy_id')
            .select('e.name as name')
            .where('p.project_id', '=', pid)
            .where('p.name', '=', name)
            .orderBy('e.name')
            .execute();
          if (users.length > 0) {
            const envs = users.map((u) => u.name).join(', ');
            throw new HttpError(409, 'E_POLICY_IN_USE', `policy ${name} is used by environment${users.length > 1 ? 's' : ''} ${envs}: point ${users.length > 1 ? 'them' : 'it'} at another policy (or delete ${users.length > 1 ? 'them' : 'it'}) first`);
          }
          const r = await trx.deleteFrom('policies').where('project_id', '=', pid).where('name', '=', name).executeTakeFirst();
          if (Number(r.numDeletedRows) === 0) throw new HttpError(404, 'E_NOT_FOUND', 'no such policy');
        });
        reply.code(204);
      },
    );

    // ---- environments ------------------------------------------------------------------------

    app.put(
      '/api/v1/projects/:project/environments/:env',
      {
        schema: {
          summary: 'Create or update an environment: its policy (by name) and whether the admission webhook fails closed',
          tags: ['gate'],
          params: projectParams('env'),
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['policy'],
            properties: { policy: { type: 'string', pattern: NAME, nullable: true }, failClosed: { type: 'boolean', default: true } },
          },
          response: { 200: envItem, 201: envItem, ...errorResponses(400, 401, 403, 404, 409) },
        },
        preHandler: app.requirePermission('policies:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const env = params(req).env!;
        const b = req.body as { policy: string | null; failClosed: boolean };
        const ts = now().toISOString();
        const created = await change(req, 'environment.put', `project:${params(req).project}/env:${env}`, { policy: b.policy, failClosed: b.failClosed }, async (trx) => {
          let policyId: string | null = null;
          if (b.policy !== null) {
            // FOR KEY SHARE (PostgreSQL): a concurrent policy DELETE either waits for this commit
            // (and is refused, the policy being in use) or this waits for it and finds no policy.
            let q = trx.selectFrom('policies').select('id').where('project_id', '=', pid).where('name', '=', b.policy);
            if (store.dialect === 'postgres') q = q.forKeyShare();
            const p = await q.executeTakeFirst();
            if (!p) throw new HttpError(400, 'E_BAD_REQUEST', `policy: project ${params(req).project} has no policy ${b.policy}`);
            policyId = p.id;
          }
          const row = await trx.selectFrom('environments').select(['id', 'created_at']).where('project_id', '=', pid).where('name', '=', env).executeTakeFirst();
          if (row) {
            await trx.updateTable('environments').set({ policy_id: policyId, fail_closed: b.failClosed ? 1 : 0 }).where('id', '=', row.id).execute();
            return row.created_at;
          }
          await trx.insertInto('environments').values({ id: randomUUID(), project_id: pid, name: env, policy_id: policyId, fail_closed: b.failClosed ? 1 : 0, created_at: ts }).execute();
          return null;
        });
        reply.code(created === null ? 201 : 200);
        return { name: env, policy: b.policy, failClosed: b.failClosed, createdAt: created ?? ts };
      },
    );

    app.get(
      '/api/v1/projects/:project/environments',
      {
        schema: {
          summary: "The project's environments",
          tags: ['gate'],
          params: projectParams(),
          response: { 200: { type: 'object', additionalProperties: false, required: ['environments'], properties: { environments: { type: 'array', items: envItem } } }, ...errorResponses(401, 403, 404) },
        },
        preHandler: app.requirePermission('policies:read'),
      },
      async (req) => {
        const rows = await db
          .selectFrom('environments as e')
          .leftJoin('policies as p', 'p.id', 'e.policy_id')
          .select(['e.name as name', 'p.name as policy', 'e.fail_closed as fail_closed', 'e.created_at as created_at'])
          .where('e.project_id', '=', projectId(req))
          .orderBy('e.name')
          .execute();
        return { environments: rows.map((r) => ({ name: r.name, policy: r.policy ?? null, failClosed: Number(r.fail_closed) === 1, createdAt: r.created_at })) };
      },
    );

    app.delete(
      '/api/v1/projects/:project/environments/:env',
      {
        schema: { summary: 'Delete an environment', tags: ['gate'], params: projectParams('env'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } },
        preHandler: app.requirePermission('policies:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const env = params(req).env!;
        await change(req, 'environment.delete', `project:${params(req).project}/env:${env}`, {}, async (trx) => {
          const r = await trx.deleteFrom('environments').where('project_id', '=', pid).where('name', '=', env).executeTakeFirst();
          if (Number(r.numDeletedRows) === 0) throw new HttpError(404, 'E_NOT_FOUND', 'no such environment');
        });
        reply.code(204);
      },
    );
  };
}

/**
 * One page of a project's decision history, newest first: (ts desc, id desc), a total order that
 * index 0014 (project_id, ts, id) serves read backwards, without a sort, on SQLite and PostgreSQL
 * (ts desc with id asc would need a sort of each time's ties). `before`: strictly after that
 * decision in this order, as one row-value range ((ts, id) < (c.ts, c.id)) both databases seek to
 * in the index. ts is text in ISO form on both dialects, so text order is time order.
 */
export function historyPage(db: Kysely<Schema>, projectId: string, env: string | undefined, before: HistoryCursor | undefined, limit: number) {
  let sel = db.selectFrom('deployment_decisions').selectAll().where('project_id', '=', projectId);
  if (env) sel = sel.where('environment', '=', env);
  if (before) sel = sel.where((eb) => eb(eb.refTuple('ts', 'id'), '<', eb.tuple(before.ts, before.id)));
  return sel.orderBy('ts', 'desc').orderBy('id', 'desc').limit(limit);
}

function parseReasons(json: string): Reason[] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v.filter((r): r is Reason => typeof r === 'object' && r !== null && typeof (r as Reason).code === 'string' && typeof (r as Reason).message === 'string');
  } catch {
    return [];
  }
}
