import { decodeJwt, type JWTPayload } from 'jose';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Store } from '../../store/db.js';
import { isoAt } from '../../store/schema.js';
import { errorResponses, HttpError } from '../app.js';
import { describedPattern } from '../validation-message.js';
import type { JsonObject } from '../audit/entry.js';
import type { AuditLog } from '../audit/log.js';
import { DbJtiStore } from './jti-store.js';
import { IssuerKeys, OidcError, trustPolicyFromRow, verifyCiToken, type JtiStore } from './oidc.js';
import { newToken } from './tokens.js';
import { perWorkerLimit } from './per-worker-limit.js';

/**
 * `POST /api/v1/auth/oidc/exchange`: a CI job trades its platform's OIDC id token for a Rampart CI
 * token (`rmp_c_…`) bound to one role on one project. Public (the job has no Rampart credential
 * yet), so it is rate-limited per IP, and every decision is audited with the claims that decided
 * it (never the id token or the issued token).
 */

export const EXCHANGE_PATH = '/api/v1/auth/oidc/exchange';

export interface ExchangeOptions {
  store: Store;
  audit: AuditLog;
  /** Shared so JWKS stay cached across requests (one per server). */
  keys?: IssuerKeys;
  jtiStore?: JtiStore;
  /** Requests per IP per window (default 30 a minute), over all HTTP processes. */
  rateLimit?: { max: number; timeWindow: number };
  /** HTTP processes serving the route (`--http-workers N`): each allows rateLimit.max / N (per-worker-limit.ts). */
  workers?: number;
  /** http:// issuers on loopback (tests only). */
  allowInsecureLoopback?: boolean;
  clockSkewSeconds?: number;
  now?: () => Date;
}

/** Failures where the token is genuine but no policy lets it in: forbidden, not unauthenticated. */
const FORBIDDEN_CODES = new Set(['E_OIDC_CLAIMS', 'E_OIDC_POLICY', 'E_OIDC_POLICY_DISABLED']);
/** Claims recorded in the audit entry: who the job is and what it ran from. */
const AUDITED_CLAIMS = ['iss', 'aud', 'sub', 'repository', 'repository_id', 'repository_owner', 'project_path', 'ref', 'environment', 'workflow_ref', 'job_workflow_ref', 'jti'];
const MAX_CLAIM = 256;
const NAME = { type: 'string', minLength: 1, maxLength: 128, pattern: describedPattern('^[A-Za-z0-9][A-Za-z0-9._-]*$', "must be letters, digits, '.', '_' and '-', starting with a letter or digit") } as const;

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'project', 'role'],
  properties: { token: { type: 'string', minLength: 1, maxLength: 16384 }, project: NAME, role: NAME },
} as const;

const okSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'tokenId', 'expiresAt', 'project', 'role'],
  properties: {
    token: { type: 'string', description: 'The Rampart CI token (rmp_c_…): shown once' },
    tokenId: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    project: { type: 'string' },
    role: { type: 'string' },
  },
} as const;

interface Body {
  token: string;
  project: string;
  role: string;
}

/** The claims worth recording, as plain capped strings (they come from the caller). */
export function auditedClaims(claims: JWTPayload | null): JsonObject {
  const out: JsonObject = {};
  if (!claims) return out;
  for (const k of AUDITED_CLAIMS) {
    const v = claims[k];
    if (typeof v === 'string') out[k] = v.slice(0, MAX_CLAIM);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').slice(0, 5).map((x) => x.slice(0, MAX_CLAIM));
  }
  return out;
}

/**
 * The commit the job runs for (`sha`: GitHub Actions and GitLab CI), kept on the CI token so the
 * deployment gate can require a scan it uploads to be of that commit (gate/evidence.ts). Only a
 * git object id is kept; anything else reads as no commit.
 */
export function shaClaim(claims: JWTPayload): string | null {
  const v = claims.sha;
  return typeof v === 'string' && /^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$/.test(v) ? v.toLowerCase() : null;
}

function unverifiedClaims(token: string): JWTPayload | null {
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

export function exchangePlugin(opts: ExchangeOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const insecure = opts.allowInsecureLoopback ?? false;
  const keys = opts.keys ?? new IssuerKeys({ allowInsecureLoopback: insecure });
  const jtiStore = opts.jtiStore ?? new DbJtiStore(store);
  const now = opts.now ?? (() => new Date());
  const limit = perWorkerLimit(opts.rateLimit ?? { max: 30, timeWindow: 60_000 }, opts.workers);

  /**
   * The project's policies for the role (by name: built-ins and this project's or global custom
   * roles), disabled ones too: verifyCiToken refuses a job only they match with E_OIDC_POLICY_DISABLED.
   */
  async function candidates(projectName: string, roleName: string) {
    const project = await store.db.selectFrom('projects').select(['id', 'name']).where('name', '=', projectName).executeTakeFirst();
    if (!project) return { project: null, policies: [] };
    const roles = await store.db
      .selectFrom('roles')
      .select('id')
      .where('name', '=', roleName)
      .where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', '=', project.id)]))
      .execute();
    if (roles.length === 0) return { project, policies: [] };
    const rows = await store.db
      .selectFrom('oidc_trust_policies')
      .selectAll()
      .where('project_id', '=', project.id)
      .where('role_id', 'in', roles.map((r) => r.id))
      .orderBy('created_at')
      .execute();
    return { project, policies: rows.map(trustPolicyFromRow) };
  }

  return async (app: FastifyInstance) => {
    app.post(
      EXCHANGE_PATH,
      {
        config: { rateLimit: { max: limit.max, timeWindow: limit.timeWindow } },
        schema: {
          summary: 'Exchange a CI OIDC id token for a short-lived Rampart CI token',
          tags: ['identity'],
          security: [],
          body: bodySchema,
          response: { 200: okSchema, ...errorResponses(400, 401, 403, 429, 503) },
        },
      },
      async (req: FastifyRequest) => {
        const body = req.body as Body;
        const resource = `project:${body.project}`;
        const base: JsonObject = { requestId: String(req.id), ip: req.ip, project: body.project, role: body.role };
        const { project, policies } = await candidates(body.project, body.role);
        let verified;
        try {
          // An unknown project or role gives no candidates: the same refusal as a project without a
          // policy for this issuer, so the answer does not say which projects exist.
          verified = await verifyCiToken(body.token, policies, {
            jtiStore,
            keys,
            allowInsecureLoopback: insecure,
            clockSkewSeconds: opts.clockSkewSeconds,
            now,
          });
        } catch (err) {
          if (!(err instanceof OidcError)) throw err;
          const status = FORBIDDEN_CODES.has(err.code) ? 403 : err.status;
          await audit.append({
            actor: 'anonymous',
            action: 'oidc.exchange',
            resource,
            outcome: 'deny',
            // Unverified claims, marked as such: what the caller claimed to be.
            detail: { ...base, code: err.code, status, reasons: err.detail.slice(0, 20).map((d) => d.slice(0, 300)), claims: auditedClaims(unverifiedClaims(body.token)), verified: false },
          });
          throw new HttpError(status, err.code, err.message);
        }

        const { policy, claims, ttlSeconds } = verified;
        const t = newToken('ci');
        const issuedAt = now();
        const expiresAt = isoAt(issuedAt.getTime() + ttlSeconds * 1000);
        const sub = typeof claims.sub === 'string' ? claims.sub.slice(0, 200) : 'unknown';
        const gone = await store.db.transaction().execute(async (trx) => {
          // The policy again, inside the transaction: one disabled or deleted since the candidates
          // were read issues nothing. PostgreSQL: FOR SHARE makes a concurrent disable wait for
          // this commit (its revocation then sees this token) or this read wait for the disable.
          // SQLite: BEGIN IMMEDIATE already serialises the two.
          let q = trx.selectFrom('oidc_trust_policies').select('disabled_at').where('id', '=', policy.id);
          if (store.dialect === 'postgres') q = q.forShare();
          const current = await q.executeTakeFirst();
          if (!current) return 'deleted';
          if (current.disabled_at !== null) return 'disabled';
          await trx
            .insertInto('api_tokens')
            .values({
              id: t.id, prefix: t.prefix, hash: t.hash, owner_kind: 'oidc_policy', owner_id: policy.id, name: `oidc:${sub}`,
              role_id: policy.role, project_id: project!.id, expires_at: expiresAt, revoked_at: null, last_used_at: null, created_at: isoAt(issuedAt),
              ci_sha: shaClaim(claims),
            })
            .execute();
          // Same transaction: no issued token without its audit entry.
          await audit.appendIn(trx, {
            actor: `oidc_policy:${policy.id}`,
            action: 'oidc.exchange',
            resource,
            outcome: 'allow',
            detail: { ...base, policy: policy.id, policyName: policy.name ?? policy.id, tokenId: t.id, expiresAt, ttlSeconds, claims: auditedClaims(claims), verified: true },
          });
          return null;
        });
        if (gone !== null) {
          const message = `the trust policy that matches this token (${policy.name ?? policy.id}) is ${gone}`;
          await audit.append({
            actor: 'anonymous',
            action: 'oidc.exchange',
            resource,
            outcome: 'deny',
            detail: { ...base, code: 'E_OIDC_POLICY_DISABLED', status: 403, reasons: [`policy ${policy.id}: ${gone} during the exchange`], claims: auditedClaims(claims), verified: true },
          });
          throw new HttpError(403, 'E_OIDC_POLICY_DISABLED', message);
        }
        return { token: t.token, tokenId: t.id, expiresAt, project: body.project, role: body.role };
      },
    );
  };
}
