import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { SEVERITIES } from '../../core/severity.js';
import type { Store } from '../../store/db.js';
import type { ExpressionBuilder, Transaction } from 'kysely';
import { parseObjectColumn, type Row, type Schema } from '../../store/schema.js';
import { errorResponses, HttpError, PROJECT_NAME_SCHEMA, projectIdOf } from '../app.js';
import { describedPattern } from '../validation-message.js';
import type { AuditLog } from '../audit/log.js';
import { principalNames } from '../identity/principal-names.js';
import { waiverCovers } from '../gate/policy.js';
import { IngestError, MAX_UPLOAD_BYTES, parseUpload, storeScan, type Uploader } from './ingest.js';

/**
 * Findings module: scan uploads, the project's finding list, and waivers with two-person
 * approval. Every write commits together with its audit entry.
 */

export interface FindingsRoutesOptions {
  store: Store;
  audit: AuditLog;
  now?: () => Date;
}

/** Waivers last at most a year: an exception is revisited, never forgotten. */
export const MAX_WAIVER_DAYS = 366;
const DAY_MS = 86_400_000;

// Project names as identity/routes.ts creates them, ids as the store makes them (UUIDs). Patterns,
// not just lengths: a NUL or other byte PostgreSQL refuses must be a 400 here, never a query error.
const PROJECT = PROJECT_NAME_SCHEMA;
/** Fingerprints and rule ids are printed in listings and terminals. */
const NO_CONTROL = describedPattern('^[^\\u0000-\\u001f\\u007f]+$', 'must not contain control characters');
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: describedPattern('^[A-Za-z0-9-]{1,64}$', "must be an id: letters, digits and '-'") } as const;

/** `:project/waivers/:id` routes (approve, revoke). */
const waiverParams = {
  type: 'object',
  additionalProperties: false,
  required: ['project', 'id'],
  properties: { project: PROJECT, id: ID },
} as const;

const projectParams = {
  type: 'object',
  additionalProperties: false,
  required: ['project'],
  properties: { project: PROJECT },
} as const;

const findingItem = {
  type: 'object',
  additionalProperties: false,
  required: ['fingerprint', 'ruleId', 'scanner', 'severity', 'state', 'firstSeen', 'lastSeen', 'fixedAt', 'reintroducedAt'],
  properties: {
    fingerprint: { type: 'string' },
    ruleId: { type: 'string' },
    scanner: { type: 'string' },
    severity: { type: 'string' },
    state: { type: 'string', enum: ['open', 'fixed', 'reintroduced'] },
    firstSeen: { type: 'string' },
    lastSeen: { type: 'string' },
    fixedAt: { type: 'string', nullable: true },
    reintroducedAt: { type: 'string', nullable: true },
    title: { type: 'string' },
    message: { type: 'string' },
    location: { type: 'object', additionalProperties: true },
    waived: { type: 'boolean', description: 'An active waiver (approved, not revoked, not expired) covers it: by its fingerprint or its rule' },
    waiver: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'expiresAt'],
      description: 'With waived: the covering waiver that lasts longest',
      properties: { id: { type: 'string' }, expiresAt: { type: 'string' } },
    },
  },
} as const;

export const waiverItem = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'fingerprint', 'ruleId', 'reason', 'expiresAt', 'status', 'requestedBy', 'approvedBy', 'approvedAt', 'createdAt'],
  properties: {
    id: { type: 'string' },
    fingerprint: { type: 'string', nullable: true },
    ruleId: { type: 'string', nullable: true },
    reason: { type: 'string' },
    expiresAt: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'active', 'expired', 'revoked'] },
    requestedBy: { type: 'string' },
    approvedBy: { type: 'string', nullable: true },
    approvedAt: { type: 'string', nullable: true },
    createdAt: { type: 'string' },
    // The requester's and approver's names (username, account or policy name) for people reading
    // a listing; null when the principal is gone or has no name.
    requestedByName: { type: 'string', nullable: true },
    approvedByName: { type: 'string', nullable: true },
  },
} as const;

export type FindingView = 'open' | 'fixed' | 'reintroduced';

/** The state a client sees: an open finding that was once fixed reads "reintroduced". */
export function findingView(r: Pick<Row<'findings'>, 'state' | 'reintroduced_at'>): FindingView {
  if (r.state === 'fixed') return 'fixed';
  return r.reintroduced_at !== null ? 'reintroduced' : 'open';
}

/** `waived` for a finding (the gate's waiverCovers), and the covering waiver that lasts longest when there is one. */
function waiverOf(waivers: readonly Pick<Row<'waivers'>, 'id' | 'fingerprint' | 'rule_id' | 'expires_at'>[], f: Pick<Row<'findings'>, 'fingerprint' | 'rule_id'>) {
  let best: (typeof waivers)[number] | undefined;
  for (const w of waivers) {
    if (waiverCovers({ fingerprint: w.fingerprint, ruleId: w.rule_id }, { fingerprint: f.fingerprint, ruleId: f.rule_id }) && (!best || w.expires_at > best.expires_at)) best = w;
  }
  return best ? { waived: true, waiver: { id: best.id, expiresAt: best.expires_at } } : { waived: false };
}

/** The gate's waiverActive (gate/policy.ts) as SQL: approved, not revoked, not expired at `at`. */
const inForce =
  (at: string) =>
  (eb: ExpressionBuilder<Schema, 'waivers'>) =>
    eb.and([eb('waivers.approved_by', 'is not', null), eb('waivers.revoked_at', 'is', null), eb('waivers.expires_at', '>', at)]);

function waiverStatus(w: Row<'waivers'>, now: Date): 'pending' | 'active' | 'expired' | 'revoked' {
  if (w.revoked_at !== null) return 'revoked';
  if (Date.parse(w.expires_at) <= now.getTime()) return 'expired';
  return w.approved_by === null ? 'pending' : 'active';
}

/** The four-eyes rule, as the API describes it (approve route). */
export const APPROVER_RULE =
  'Four eyes: the approver needs waivers:approve on the project and must be a person (a user token): CI tokens from an OIDC exchange and service-account tokens cannot approve. ' +
  'The approver may not be the requester, nor the person who issued the token the waiver was requested with, nor one who created or re-enabled the OIDC trust policy of a CI requester; ' +
  'and the token used to approve may not have been issued by the requester. Otherwise 403 E_SELF_APPROVAL or E_APPROVER_NOT_HUMAN.';

type Trx = Transaction<Schema>;

/**
 * A second identity of the requester must not count as the second pair of eyes (review M3):
 * CI and service-account principals never approve, and whoever minted the requester's token (or
 * trusted its CI job), or the approver's token, is the same person acting twice.
 */
async function assertIndependentApprover(trx: Trx, approver: NonNullable<FastifyRequest['principal']>, w: Row<'waivers'>): Promise<void> {
  if (approver.kind !== 'user') throw new HttpError(403, 'E_APPROVER_NOT_HUMAN', 'a waiver is approved by a person: CI and service-account tokens cannot approve');
  // Each refusal names its cause and who can approve instead: on a new server the bootstrap admin
  // issued every first token, so "you issued the credentials" is the usual case and needs a way
  // out: another approver whose token that admin issued too. A token a person mints (or renews)
  // carries the issuer of the token it was made with (identity routes), so it is no way out.
  const same = (why: string) =>
    new HttpError(403, 'E_SELF_APPROVAL', `a waiver needs an approver independent of its requester: ${why}; ask another person with waivers:approve on the project (e.g. a security-admin) whose token neither of you issued (a token someone mints with a token you issued them still counts as yours)`);
  // The approver's own token, minted by the requester for them.
  const mine = await trx.selectFrom('api_tokens').select('issued_by').where('id', '=', approver.tokenId).executeTakeFirst();
  if (mine?.issued_by === w.requested_by) throw same('the requester issued the token you approve with');
  // The requester's token, minted by the approver. Waivers from before migration 0008 do not
  // name it: then any token of the requesting principal that the approver issued counts.
  const [kind, ...rest] = w.requested_by.split(':');
  const requesterId = rest.join(':');
  const theirs = w.requested_token_id
    ? trx.selectFrom('api_tokens').select('issued_by').where('id', '=', w.requested_token_id)
    : trx.selectFrom('api_tokens').select('issued_by').where('owner_kind', '=', kind as Row<'api_tokens'>['owner_kind']).where('owner_id', '=', requesterId);
  if ((await theirs.execute()).some((t) => t.issued_by === approver.id)) throw same('you issued the token it was requested with');
  // A CI requester: the people who created or re-enabled its trust policy (the audit log is where
  // that is recorded; a rare query, only for waivers a CI job requested).
  if (kind === 'oidc_policy') {
    const trusted = await trx
      .selectFrom('audit_entries')
      .select('actor')
      .where('action', 'in', ['oidc-policy.create', 'oidc-policy.enable'])
      .where('resource', '=', `oidc_policy:${requesterId}`)
      .where('outcome', '=', 'allow')
      .where('actor', '=', approver.id)
      .limit(1)
      .execute();
    if (trusted.length > 0) throw same('you created or re-enabled the CI trust policy that requested it');
  }
}

/**
 * The uploader as the scan records it. A CI token (OIDC exchange) names its trust policy (the
 * principal's subject) and the commit its id token carried (api_tokens.ci_sha, read in the
 * upload's transaction: a token row cannot change its claims, so no race).
 */
async function uploaderOf(trx: Trx, p: NonNullable<FastifyRequest['principal']>): Promise<Uploader> {
  const base = { actor: p.id, kind: p.kind, name: p.name, tokenId: p.tokenId };
  if (p.kind !== 'oidc_policy') return { ...base, policyId: null, sha: null };
  const t = await trx.selectFrom('api_tokens').select('ci_sha').where('id', '=', p.tokenId).executeTakeFirst();
  return { ...base, policyId: p.subjectId, sha: t?.ci_sha ?? null };
}

function waiverOut(w: Row<'waivers'>, now: Date) {
  return {
    id: w.id,
    fingerprint: w.fingerprint,
    ruleId: w.rule_id,
    reason: w.reason,
    expiresAt: w.expires_at,
    status: waiverStatus(w, now),
    requestedBy: w.requested_by,
    approvedBy: w.approved_by,
    approvedAt: w.approved_at,
    createdAt: w.created_at,
  };
}

export function findingsRoutes(opts: FindingsRoutesOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const db = store.db;
  /** The project's waivers that excuse findings at `at` (few per project: read once per page). */
  const activeWaivers = (pid: string, at: string) =>
    db.selectFrom('waivers').select(['id', 'fingerprint', 'rule_id', 'expires_at']).where('project_id', '=', pid).where(inForce(at)).execute();
  /** Waivers with their principals' names; read after any transaction (SQLite has one connection). */
  const named = async (list: ReturnType<typeof waiverOut>[]) => {
    const names = await principalNames(db, list.flatMap((w) => (w.approvedBy ? [w.requestedBy, w.approvedBy] : [w.requestedBy])));
    return list.map((w) => ({ ...w, requestedByName: names.get(w.requestedBy) ?? null, approvedByName: w.approvedBy ? (names.get(w.approvedBy) ?? null) : null }));
  };
  const now = opts.now ?? (() => new Date());

  const projectId = projectIdOf;
  const projectName = (req: FastifyRequest) => (req.params as { project: string }).project;
  const actor = (req: FastifyRequest) => req.principal!.id;

  return async (app: FastifyInstance) => {
    app.post(
      '/api/v1/projects/:project/scans',
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        // Other tools' SARIF may carry NUL in free text: ingest cleans it and names bad identifiers.
        config: { allowNul: true },
        schema: {
          summary: 'Upload a scan (Rampart JSON report or SARIF 2.1.0) for a commit',
          description:
            'The scan records who uploaded it (identity kind, token, and for a CI token the trust policy and the commit its id token named). ' +
            'An environment whose policy says evidence: ci (the default) counts only scans a CI job of the project uploaded; other uploads are reported, and named in its decisions as not evidence.',
          tags: ['findings'],
          params: projectParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['commit', 'report'],
            properties: {
              commit: { type: 'string', maxLength: 64 },
              imageDigest: { type: 'string', maxLength: 80 },
              scanners: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 63 } },
              report: { type: 'object' },
            },
          },
          response: {
            201: {
              type: 'object',
              additionalProperties: false,
              required: ['scanId', 'format', 'scanners', 'findings', 'new', 'reintroduced', 'unchanged', 'fixed'],
              properties: {
                scanId: { type: 'string' },
                format: { type: 'string' },
                scanners: { type: 'array', items: { type: 'string' } },
                findings: { type: 'integer' },
                new: { type: 'integer' },
                reintroduced: { type: 'integer' },
                unchanged: { type: 'integer' },
                fixed: { type: 'integer' },
              },
            },
            ...errorResponses(400, 401, 403, 404, 413),
          },
        },
        preHandler: app.requirePermission('findings:write'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        let upload;
        try {
          upload = parseUpload(req.body);
        } catch (e) {
          if (e instanceof IngestError) throw new HttpError(400, 'E_BAD_REPORT', e.message);
          throw e;
        }
        const at = now();
        const summary = await db.transaction().execute(async (trx) => {
          const uploader = await uploaderOf(trx, req.principal!);
          const s = await storeScan(trx, { projectId: pid, upload, uploader, now: at });
          await audit.appendIn(trx, {
            actor: actor(req),
            action: 'scan.upload',
            resource: `project:${projectName(req)}/scan:${s.scanId}`,
            outcome: 'allow',
            detail: {
              requestId: String(req.id),
              commit: upload.commit,
              imageDigest: upload.imageDigest,
              format: upload.format,
              scanners: upload.scanners,
              findings: s.findings,
              new: s.new,
              reintroduced: s.reintroduced,
              fixed: s.fixed,
              uploader: { kind: uploader.kind, tokenId: uploader.tokenId, policyId: uploader.policyId, sha: uploader.sha },
            },
            ts: at,
          });
          return s;
        });
        reply.code(201);
        return { ...summary, format: upload.format, scanners: upload.scanners };
      },
    );

    app.get(
      '/api/v1/projects/:project/findings',
      {
        schema: {
          summary: "The project's findings, newest first",
          tags: ['findings'],
          params: projectParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              state: { type: 'string', enum: ['open', 'fixed', 'reintroduced'] },
              severity: { type: 'string', enum: [...SEVERITIES] },
              severityMin: { type: 'string', enum: [...SEVERITIES] },
              scanner: { type: 'string', maxLength: 63 },
              waived: { type: 'boolean', description: 'true: only findings an active waiver covers; false: only the others' },
              limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
              offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
            },
          },
          response: {
            200: {
              type: 'object',
              additionalProperties: false,
              required: ['findings', 'nextOffset'],
              properties: { findings: { type: 'array', items: findingItem }, nextOffset: { type: 'integer', nullable: true } },
            },
            ...errorResponses(400, 401, 403, 404),
          },
        },
        preHandler: app.requirePermission('findings:read'),
      },
      async (req) => {
        const pid = projectId(req);
        const q = req.query as { state?: FindingView; severity?: string; severityMin?: (typeof SEVERITIES)[number]; scanner?: string; waived?: boolean; limit: number; offset: number };
        const at = now().toISOString();
        let sel = db.selectFrom('findings').selectAll().where('project_id', '=', pid);
        if (q.state === 'fixed') sel = sel.where('state', '=', 'fixed');
        else if (q.state === 'open') sel = sel.where('state', '=', 'open').where('reintroduced_at', 'is', null);
        else if (q.state === 'reintroduced') sel = sel.where('state', '=', 'open').where('reintroduced_at', 'is not', null);
        if (q.severity) sel = sel.where('severity', '=', q.severity);
        // This severity and the ones above it (SEVERITIES runs from critical down).
        if (q.severityMin) sel = sel.where('severity', 'in', SEVERITIES.slice(0, SEVERITIES.indexOf(q.severityMin) + 1));
        if (q.scanner) sel = sel.where('scanner', '=', q.scanner);
        if (q.waived !== undefined) {
          // The gate's rule (gate/check.ts): an approved, unrevoked, unexpired waiver of the project
          // naming the finding's fingerprint or its rule.
          sel = sel.where((eb) => {
            const covered = eb
              .selectFrom('waivers')
              .select('waivers.id')
              .whereRef('waivers.project_id', '=', 'findings.project_id')
              .where(inForce(at))
              .where((w) => w.or([w('waivers.fingerprint', '=', w.ref('findings.fingerprint')), w('waivers.rule_id', '=', w.ref('findings.rule_id'))]));
            return q.waived ? eb.exists(covered) : eb.not(eb.exists(covered));
          });
        }
        // One extra row tells whether another page exists.
        const rows = await sel.orderBy('last_seen', 'desc').orderBy('fingerprint').limit(q.limit + 1).offset(q.offset).execute();
        const page = rows.slice(0, q.limit);
        const waivers = page.length === 0 ? [] : await activeWaivers(pid, at);
        return {
          findings: page.map((r) => {
            const d = parseObjectColumn(r.data);
            return {
              fingerprint: r.fingerprint,
              ruleId: r.rule_id,
              scanner: r.scanner,
              severity: r.severity,
              state: findingView(r),
              firstSeen: r.first_seen,
              lastSeen: r.last_seen,
              fixedAt: r.fixed_at,
              reintroducedAt: r.reintroduced_at,
              ...(typeof d.title === 'string' ? { title: d.title } : {}),
              ...(typeof d.message === 'string' ? { message: d.message } : {}),
              ...(typeof d.location === 'object' && d.location !== null ? { location: d.location } : {}),
              ...waiverOf(waivers, r),
            };
          }),
          nextOffset: rows.length > q.limit ? q.offset + q.limit : null,
        };
      },
    );

    app.post(
      '/api/v1/projects/:project/waivers',
      {
        schema: {
          summary: 'Request a waiver for one finding or a whole rule; it applies once someone else approves it',
          tags: ['findings'],
          params: projectParams,
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['reason', 'expiresAt'],
            properties: {
              // No NUL (PostgreSQL refuses it in text); identifiers take no control characters at all.
              reason: { type: 'string', minLength: 10, maxLength: 2000, pattern: describedPattern('^[^\\u0000]*$', 'must not contain a NUL character') },
              expiresAt: { type: 'string', format: 'date-time' },
              fingerprint: { type: 'string', minLength: 1, maxLength: 256, pattern: NO_CONTROL },
              ruleId: { type: 'string', minLength: 1, maxLength: 256, pattern: NO_CONTROL },
            },
          },
          response: { 201: waiverItem, ...errorResponses(400, 401, 403, 404) },
        },
        preHandler: app.requirePermission('waivers:request'),
      },
      async (req, reply) => {
        const pid = projectId(req);
        const b = req.body as { reason: string; expiresAt: string; fingerprint?: string; ruleId?: string };
        if ((b.fingerprint === undefined) === (b.ruleId === undefined)) throw new HttpError(400, 'E_BAD_REQUEST', 'give exactly one of fingerprint or ruleId');
        const at = now();
        const expires = Date.parse(b.expiresAt);
        if (!Number.isFinite(expires)) throw new HttpError(400, 'E_BAD_REQUEST', 'expiresAt: not a date-time');
        if (expires <= at.getTime()) throw new HttpError(400, 'E_BAD_REQUEST', 'expiresAt: must be in the future');
        if (expires > at.getTime() + MAX_WAIVER_DAYS * DAY_MS) throw new HttpError(400, 'E_BAD_REQUEST', `expiresAt: at most ${MAX_WAIVER_DAYS} days ahead`);
        const row: Row<'waivers'> = {
          id: randomUUID(),
          project_id: pid,
          fingerprint: b.fingerprint ?? null,
          rule_id: b.ruleId ?? null,
          reason: b.reason,
          expires_at: new Date(expires).toISOString(),
          requested_by: actor(req),
          approved_by: null,
          approved_at: null,
          revoked_at: null,
          created_at: at.toISOString(),
          requested_token_id: req.principal!.tokenId,
        };
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('waivers').values(row).execute();
          await audit.appendIn(trx, {
            actor: actor(req),
            action: 'waiver.request',
            resource: `project:${projectName(req)}/waiver:${row.id}`,
            outcome: 'allow',
            detail: { requestId: String(req.id), fingerprint: row.fingerprint, ruleId: row.rule_id, expiresAt: row.expires_at },
            ts: at,
          });
        });
        reply.code(201);
        return (await named([waiverOut(row, at)]))[0];
      },
    );

    app.post(
      '/api/v1/projects/:project/waivers/:id/approve',
      {
        schema: {
          summary: 'Approve a pending waiver (not your own)',
          description: APPROVER_RULE,
          tags: ['findings'],
          params: waiverParams,
          response: { 200: waiverItem, ...errorResponses(401, 403, 404, 409) },
        },
        preHandler: app.requirePermission('waivers:approve'),
      },
      async (req) => {
        const pid = projectId(req);
        const { id } = req.params as { id: string };
        const at = now();
        const out = await db.transaction().execute(async (trx) => {
          const w = await trx.selectFrom('waivers').selectAll().where('id', '=', id).where('project_id', '=', pid).executeTakeFirst();
          if (!w) throw new HttpError(404, 'E_NOT_FOUND', 'no such waiver');
          if (w.requested_by === actor(req)) throw new HttpError(403, 'E_SELF_APPROVAL', 'a waiver needs an approver other than its requester');
          await assertIndependentApprover(trx, req.principal!, w);
          const status = waiverStatus(w, at);
          if (status !== 'pending') throw new HttpError(409, 'E_CONFLICT', `the waiver is ${status}, not pending`);
          // The state check is repeated in the update, so two approvers racing cannot both win.
          const r = await trx
            .updateTable('waivers')
            .set({ approved_by: actor(req), approved_at: at.toISOString() })
            .where('id', '=', id)
            .where('approved_by', 'is', null)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) throw new HttpError(409, 'E_CONFLICT', 'the waiver is no longer pending');
          await audit.appendIn(trx, {
            actor: actor(req),
            action: 'waiver.approve',
            resource: `project:${projectName(req)}/waiver:${id}`,
            outcome: 'allow',
            detail: { requestId: String(req.id), requestedBy: w.requested_by, fingerprint: w.fingerprint, ruleId: w.rule_id, expiresAt: w.expires_at },
            ts: at,
          });
          return waiverOut({ ...w, approved_by: actor(req), approved_at: at.toISOString() }, at);
        });
        return (await named([out]))[0];
      },
    );

    app.post(
      '/api/v1/projects/:project/waivers/:id/revoke',
      {
        schema: {
          summary: 'Revoke a pending or active waiver; it stops excusing findings at once',
          tags: ['findings'],
          params: waiverParams,
          response: { 200: waiverItem, ...errorResponses(401, 403, 404, 409) },
        },
        preHandler: app.requirePermission('waivers:approve'),
      },
      async (req) => {
        const pid = projectId(req);
        const { id } = req.params as { id: string };
        const at = now();
        const out = await db.transaction().execute(async (trx) => {
          const w = await trx.selectFrom('waivers').selectAll().where('id', '=', id).where('project_id', '=', pid).executeTakeFirst();
          if (!w) throw new HttpError(404, 'E_NOT_FOUND', 'no such waiver');
          const r = await trx.updateTable('waivers').set({ revoked_at: at.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
          if (Number(r.numUpdatedRows) !== 1) throw new HttpError(409, 'E_CONFLICT', 'the waiver is already revoked');
          await audit.appendIn(trx, {
            actor: actor(req),
            action: 'waiver.revoke',
            resource: `project:${projectName(req)}/waiver:${id}`,
            outcome: 'allow',
            detail: { requestId: String(req.id), requestedBy: w.requested_by, approvedBy: w.approved_by },
            ts: at,
          });
          return waiverOut({ ...w, revoked_at: at.toISOString() }, at);
        });
        return (await named([out]))[0];
      },
    );

    app.get(
      '/api/v1/projects/:project/waivers',
      {
        schema: {
          summary: "The project's waivers with their status",
          tags: ['findings'],
          params: projectParams,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { status: { type: 'string', enum: ['pending', 'active', 'expired', 'revoked'] } },
          },
          response: {
            200: { type: 'object', additionalProperties: false, required: ['waivers'], properties: { waivers: { type: 'array', items: waiverItem } } },
            ...errorResponses(400, 401, 403, 404),
          },
        },
        preHandler: app.requirePermission('findings:read'),
      },
      async (req) => {
        const pid = projectId(req);
        const { status } = req.query as { status?: string };
        const at = now();
        const rows = await db.selectFrom('waivers').selectAll().where('project_id', '=', pid).orderBy('created_at', 'desc').orderBy('id').limit(5000).execute();
        const out = rows.map((w) => waiverOut(w, at));
        return { waivers: await named(status ? out.filter((w) => w.status === status) : out) };
      },
    );
  };
}
