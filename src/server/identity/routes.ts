import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { Store, StoreDb } from '../../store/db.js';
import { principalNames } from './principal-names.js';
import { isoAt, isoNow, type OwnerKind, type Row, type Schema } from '../../store/schema.js';
import { errorResponses, HttpError, PROJECT_NAME_SCHEMA, type ProjectOf } from '../app.js';
import { describedPattern } from '../validation-message.js';
import type { Principal } from '../auth.js';
import type { JsonObject } from '../audit/entry.js';
import type { AuditLog } from '../audit/log.js';
import { DEFAULT_TTL_SECONDS, MAX_TTL_SECONDS, trustPolicyFromRow, trustPolicyWarnings, validateTrustPolicy, type TrustPolicy } from './oidc.js';
import { loadIssuer, type Issuer } from './issuer.js';
import { authorize, bindingScope, BUILTIN_ROLES, GLOBAL_ONLY_RESOURCES, PERMISSIONS, permissionCovers, validateRole, type Principal as RbacPrincipal, type Role, type RoleBinding, type RoleCatalog } from './rbac.js';
import { loadBindings, loadRoleCatalog, roleFromRow } from './role-store.js';
import { MAX_PATTERNS, parseStoredPaths, patternWithin, validatePathPatterns } from './secret-paths.js';
import { newToken, type TokenKind } from './tokens.js';
import { USERNAME_PATTERN, USERNAME_RULE } from './usernames.js';
import { identityChanged, raiseIdentityEpoch } from './epoch.js';

/**
 * Identity administration: projects, users, service accounts, API tokens, role bindings, custom
 * roles and OIDC trust policies. Mounted behind authentication (buildServer's `plugins`); every
 * route names its permission through requirePermission, project routes on their `:project`.
 * Every change is written with its audit entry in one transaction.
 *
 * Three guards against escalation beyond RBAC itself, all through one check (widerGrant):
 * - granting a role (binding, trust policy) needs every permission that role carries, on the
 *   same scope and secret paths: roles:write or oidc:write alone cannot hand out `admin`;
 * - issuing a token for a service account or a user needs every permission the account's
 *   bindings give (as far as the new token's narrowing lets them through): projects:write or
 *   admin:users alone cannot borrow a wider account. A global admin (`*:*`) holds everything;
 * - a token can only mint tokens as narrow as itself (same project, and exactly its role by id),
 *   and no token it issues (for anyone) expires later than it does;
 * - a token issued for someone else stays within its issuer: a binding that would widen it past
 *   what the issuer holds is refused (409 E_WIDER_GRANT naming the tokens; revoke them first),
 *   and when the issuer loses rights the tokens it issued beyond them are revoked at that write
 *   (revokeBeyondIssuers). Each check runs inside the write's transaction (change()).
 * Every change also re-reads the presented token inside its transaction (presentedTokenNow): one
 * revoked, expired or of a disabled owner since authentication changes nothing (401).
 * Refusals are 403 E_WIDER_GRANT naming the permission and scope the caller lacks. Custom role
 * names are unique where they are usable (a project role never shares a global role's name).
 */

export interface IdentityRoutesOptions {
  store: Store;
  audit: AuditLog;
  /** Accept http:// issuers on loopback in trust policies (tests only). */
  allowInsecureLoopback?: boolean;
  /** Accept issuers given as a literal private IP (`rampart server --oidc-allow-private-issuers`). */
  allowPrivateIssuers?: boolean;
  /**
   * A person's token lives this long (seconds) unless the request names a lifetime; null = no
   * default (tokens without an end). Default USER_TOKEN_TTL_S (30 days); `rampart server --user-token-ttl`.
   */
  userTokenTtlSeconds?: number | null;
  now?: () => number;
}

// ---- schemas ----------------------------------------------------------------------------------

// Project, service account, role and trust policy names follow the one project-name rule.
const SLUG = PROJECT_NAME_SCHEMA;
const USERNAME = { type: 'string', minLength: 1, maxLength: 64, pattern: describedPattern(USERNAME_PATTERN, USERNAME_RULE) } as const;
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: describedPattern('^[A-Za-z0-9_-]+$', "must be an id: letters, digits, '_' and '-'") } as const;
const TEXT = { type: 'string', maxLength: 500 } as const;
const NULLABLE_TEXT = { type: 'string', nullable: true } as const;
const TS = { type: 'string', format: 'date-time' } as const;
const NULLABLE_TS = { type: 'string', format: 'date-time', nullable: true } as const;

const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) =>
  ({ type: 'object', additionalProperties: false, required, properties }) as const;
const list = (item: unknown) => ({ type: 'array', items: item }) as const;
const params = (...names: string[]) =>
  obj(Object.fromEntries(names.map((n) => [n, n === 'project' ? SLUG : ID])));

const projectSchema = obj({ id: { type: 'string' }, name: { type: 'string' }, description: NULLABLE_TEXT, createdAt: TS });
const userSchema = obj({ id: { type: 'string' }, username: { type: 'string' }, displayName: NULLABLE_TEXT, disabledAt: NULLABLE_TS, createdAt: TS });
const serviceAccountSchema = obj({
  id: { type: 'string' }, name: { type: 'string' }, project: { type: 'string', nullable: true }, description: NULLABLE_TEXT, disabledAt: NULLABLE_TS, createdAt: TS,
});
/** Token metadata: never the hash, never the token. */
const tokenInfoSchema = obj({
  id: { type: 'string' }, prefix: { type: 'string' }, name: { type: 'string' }, ownerKind: { type: 'string' }, ownerId: { type: 'string' },
  role: { type: 'string', nullable: true }, project: { type: 'string', nullable: true },
  expiresAt: NULLABLE_TS, revokedAt: NULLABLE_TS, lastUsedAt: NULLABLE_TS, createdAt: TS,
  issuedBy: { type: 'string', nullable: true, description: 'Who issued it for its owner (user:<id>, ...); null = the owner did' },
  // Listings only: the owner's and issuer's names (username, service account, trust policy); null once deleted.
  ownerName: { type: 'string', nullable: true },
  issuedByName: { type: 'string', nullable: true },
}, ['id', 'prefix', 'name', 'ownerKind', 'ownerId', 'role', 'project', 'expiresAt', 'revokedAt', 'lastUsedAt', 'createdAt', 'issuedBy']);
const newTokenSchema = obj({
  token: { type: 'string', description: 'The API token: shown in this response only, never again' },
  id: { type: 'string' }, prefix: { type: 'string' }, name: { type: 'string' },
  role: { type: 'string', nullable: true }, project: { type: 'string', nullable: true }, expiresAt: NULLABLE_TS,
  renewedFrom: { type: 'string', description: 'Renewals only: the id of the token this one replaces (revoked by the renewal)' },
}, ['token', 'id', 'prefix', 'name', 'role', 'project', 'expiresAt']);
const PATHS_DOC = 'Secret path patterns its secrets permissions are limited to; null = every path. In listings a pattern outside your own secrets:list scope shows as "[hidden]"';
const roleSchema = obj({
  id: { type: 'string' }, name: { type: 'string' }, project: { type: 'string', nullable: true }, permissions: list({ type: 'string' }),
  description: NULLABLE_TEXT, builtin: { type: 'boolean' },
  paths: { type: 'array', nullable: true, items: { type: 'string' }, description: PATHS_DOC },
});
const bindingSchema = obj({
  id: { type: 'string' }, principalKind: { type: 'string' }, principalId: { type: 'string' }, role: { type: 'string' }, roleName: { type: 'string' },
  project: { type: 'string', nullable: true }, createdBy: NULLABLE_TEXT, createdAt: TS,
  paths: {
    type: 'array', nullable: true, items: { type: 'string' },
    description: `${PATHS_DOC} (what both the binding and its role allow: a binding made without paths inherits the role's)`,
  },
});
// anyOf rather than a type list: OpenAPI 3.0 (the served document) has no type arrays.
const conditionValue = {
  anyOf: [{ type: 'string', maxLength: 512 }, { type: 'number' }, { type: 'boolean' }, { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', maxLength: 512 } }],
} as const;
const policySchema = obj({
  id: { type: 'string' }, name: { type: 'string' }, project: { type: 'string' }, issuer: { type: 'string' }, audience: { type: 'string' },
  conditions: { type: 'object', additionalProperties: conditionValue }, role: { type: 'string' }, roleName: { type: 'string' },
  maxTtlSeconds: { type: 'integer' }, disabledAt: NULLABLE_TS, createdAt: TS,
  // Only on creation: what the author should check (oidc.ts trustPolicyWarnings).
  warnings: { type: 'array', items: { type: 'string' } },
}, ['id', 'name', 'project', 'issuer', 'audience', 'conditions', 'role', 'roleName', 'maxTtlSeconds', 'disabledAt', 'createdAt']);

const tokenBody = obj(
  {
    // No control characters (C0, DEL, C1): names are printed in listings and terminals.
    name: { type: 'string', minLength: 1, maxLength: 100, pattern: describedPattern('^[^\\u0000-\\u001f\\u007f-\\u009f]+$', 'must not contain control characters') },
    expiresInSeconds: { type: 'integer', minimum: 60, maximum: 366 * 24 * 3600 },
    neverExpires: {
      type: 'boolean',
      description: "A token that never expires (without it and expiresInSeconds: a person's token lives as the server's --user-token-ttl says (by default 30 days), a service account's 90 days); needs admin:users server-wide; not with expiresInSeconds; refused 409 E_EXPIRY_CAPPED when the presenting token caps what it issues (a CI or service-account token, or one with a ceiling)",
    },
    role: SLUG,
    project: SLUG,
  },
  ['name'],
);

/**
 * A service account's token lives this long unless the request says otherwise: a machine's
 * credential without an end is the one found years later in an old CI variable. A person's token
 * lives USER_TOKEN_TTL_S (30 days; `rampart server --user-token-ttl`, `never` for none): a
 * laptop's token forgotten in a shell history dies on its own. An admin whose tokens have all
 * run out gets back in on the server host (`rampart server admin-token`, recovery.ts). Tokens
 * with a lifetime are renewed before they run out (POST /api/v1/tokens/self/renew: a new token,
 * same owner and narrowing, a fresh lifetime of the same length; the old one is revoked at once).
 * `neverExpires` is the explicit opt-out, for either kind, and needs admin:users server-wide (audited).
 */
export const SERVICE_ACCOUNT_TOKEN_TTL_S = 90 * 24 * 3600;
export const USER_TOKEN_TTL_S: number | null = 30 * 24 * 3600;
/** What a token that never expires asks of its issuer. */
export const NEVER_EXPIRES_PERMISSION = 'admin:users';

interface TokenBody {
  name: string;
  expiresInSeconds?: number;
  neverExpires?: boolean;
  role?: string;
  project?: string;
}

// ---- row -> response ----------------------------------------------------------------------------

const projectOut = (r: Row<'projects'>) => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at });
const userOut = (r: Row<'users'>) => ({ id: r.id, username: r.username, displayName: r.display_name, disabledAt: r.disabled_at, createdAt: r.created_at });
const tokenOut = (r: Row<'api_tokens'>) => ({
  id: r.id, prefix: r.prefix, name: r.name, ownerKind: r.owner_kind, ownerId: r.owner_id, role: r.role_id, project: r.project_id,
  expiresAt: r.expires_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at, createdAt: r.created_at, issuedBy: r.issued_by,
});

/** Token listings with the owner's and issuer's names beside their ids, for people reading them. */
async function tokensOut(db: StoreDb, rows: Row<'api_tokens'>[]) {
  const names = await principalNames(db, rows.flatMap((r) => [`${r.owner_kind}:${r.owner_id}`, ...(r.issued_by ? [r.issued_by] : [])]));
  return rows.map((r) => ({ ...tokenOut(r), ownerName: names.get(`${r.owner_kind}:${r.owner_id}`) ?? null, issuedByName: r.issued_by ? (names.get(r.issued_by) ?? null) : null }));
}

const roleOut = (r: Role) => ({
  id: r.id, name: r.name, project: r.project, permissions: [...r.permissions], description: r.description ?? null, builtin: r.builtin === true,
  paths: r.paths ? [...r.paths] : null,
});

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err?.code === '23505' || (typeof err?.message === 'string' && err.message.includes('UNIQUE constraint failed'));
}

const notFound = (what: string) => new HttpError(404, 'E_NOT_FOUND', `no such ${what}`);

/** The token a request presented, as an identity change's transaction reads it. */
interface PresentedToken {
  /** Its expiry (ms), or null: what caps the tokens it issues unless it is a person's renewable token (then notAfter) or the bootstrap or a recovery token (none). */
  expiresAt: number | null;
  /** The token `rampart server init` printed (api_tokens.bootstrap). */
  bootstrap: boolean;
  /** Who issued it (api_tokens.issued_by): a token it issues for its own owner keeps this lineage. */
  issuedBy: string | null;
  /** Its renewal ceiling (ms, api_tokens.not_after), or null. */
  notAfter: number | null;
  /** Whose it is: a person's renewable token caps what it issues by its ceiling only. */
  ownerKind: Row<'api_tokens'>['owner_kind'];
}

/** The earlier of two instants, null meaning none. */
const earlier = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** widerGrant's wording when the caller is the one checked. */
const YOU = { name: 'you', verb: 'do' } as const;

/** Shown in role and binding listings instead of a secret path pattern the caller may not see. */
export const HIDDEN_PATTERN = '[hidden]';

/** pg_advisory_xact_lock keys of identity changes (the class audit/log.ts uses; key 1 is its tail); recovery.ts takes it too. */
export const IDENTITY_LOCK_CLASS = 0x52414d50;
export const IDENTITY_LOCK = 2;

// ---- the plugin -------------------------------------------------------------------------------

export function identityRoutes(opts: IdentityRoutesOptions): FastifyPluginAsync {
  const { store, audit } = opts;
  const db = store.db;
  const now = opts.now ?? Date.now;
  const userTtl = opts.userTokenTtlSeconds === undefined ? USER_TOKEN_TTL_S : opts.userTokenTtlSeconds;
  const serverWide: ProjectOf = () => null;

  /** The project a project route resolved (requirePermission ran); 404 for an unknown one. */
  function projectId(req: FastifyRequest): string {
    if (!req.projectId) throw notFound('project');
    return req.projectId;
  }

  const me = (req: FastifyRequest): Principal => req.principal!;

  /**
   * Runs a change and its audit entry in one transaction. The checks a change depends on (may the
   * caller grant this role, would a token become wider than its issuer) run inside `fn` on `trx`,
   * so nothing they read can change before the write commits: SQLite takes the write lock at
   * BEGIN IMMEDIATE, PostgreSQL takes the identity advisory lock first. `fn` may add to `detail`
   * (e.g. the tokens a change revoked) before the audit entry is written.
   */
  async function change<T>(
    req: FastifyRequest,
    action: string,
    resource: string,
    detail: JsonObject,
    fn: (trx: Transaction<Schema>, detail: JsonObject, presented: PresentedToken) => Promise<T>,
  ): Promise<T> {
    try {
      return await db.transaction().execute(async (trx) => {
        await identityLock(trx);
        const presented = await presentedTokenNow(trx, req);
        const r = await fn(trx, detail, presented);
        // Other server processes on this database drop their cached principals and grants (epoch.ts).
        await raiseIdentityEpoch(trx);
        await audit.appendIn(trx, { actor: me(req).id, action, resource, outcome: 'allow', detail: { requestId: String(req.id), ...detail } });
        return r;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new HttpError(409, 'E_CONFLICT', 'a record with that name already exists');
      throw e;
    } finally {
      // Committed or not: cached principals and grants are re-read on the next request.
      identityChanged();
    }
  }

  /**
   * The token the request presented, re-read inside the change's transaction (after the identity
   * lock): it must still be live and its owner enabled. Authentication ran when the headers
   * arrived, before the body, so without this a client holding its body back could use a token
   * revoked (or an account disabled) in the meantime to mint a fresh token or grant a role.
   * Refused 401 like any dead token; nothing is written.
   */
  async function presentedTokenNow(trx: StoreDb, req: FastifyRequest): Promise<PresentedToken> {
    const p = me(req);
    const row = await trx.selectFrom('api_tokens').select(['owner_kind', 'owner_id', 'revoked_at', 'expires_at', 'bootstrap', 'issued_by', 'not_after']).where('id', '=', p.tokenId).executeTakeFirst();
    const expiresAt = row?.expires_at == null ? null : Date.parse(row.expires_at);
    const live =
      row !== undefined &&
      row.revoked_at === null &&
      (expiresAt === null || expiresAt > now()) &&
      `${row.owner_kind}:${row.owner_id}` === p.id &&
      !(await loadIssuer(trx, p.id)).disabled;
    if (!live) throw new HttpError(401, 'E_UNAUTHENTICATED', 'the token is invalid, expired or revoked');
    return { expiresAt, bootstrap: Number(row.bootstrap) === 1, issuedBy: row.issued_by, ownerKind: row.owner_kind, notAfter: row.not_after == null ? null : Date.parse(row.not_after) };
  }

  /**
   * PostgreSQL: every identity change holds one transaction-scoped advisory lock, so a binding and
   * a token issued at the same moment are checked one after the other (identity writes are rare;
   * the lock is taken before the audit tail's, always in that order). SQLite: the connection's
   * BEGIN IMMEDIATE already serialises writers.
   */
  async function identityLock(trx: StoreDb): Promise<void> {
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IDENTITY_LOCK_CLASS}, ${IDENTITY_LOCK})`.execute(trx);
  }

  /** Built-ins plus every custom role, for authorize() calls made here. */
  const catalog = (q: StoreDb = db): Promise<RoleCatalog> => loadRoleCatalog(q);

  /**
   * The caller as the store holds it now (inside a change's transaction): bindings and disabled
   * state re-read, the presented token's narrowing kept. The request's principal was loaded (or
   * cached) before the transaction began and may miss a binding removed since.
   */
  async function callerNow(q: StoreDb, req: FastifyRequest): Promise<RbacPrincipal> {
    const p = me(req);
    const held = await loadIssuer(q, p.id);
    return { id: p.id, bindings: held.bindings, ...(held.disabled ? { disabled: true } : {}), ...(p.tokenScope ? { tokenScope: p.tokenScope } : {}) };
  }

  /**
   * A role usable in the project (a global role or that project's own) by name, or by id when no
   * role there has that name; null = none. A name that means two roles in the project (a project
   * role and a global custom role of the same name, made before assertRoleNameFree existed) is
   * refused, 409 E_AMBIGUOUS_ROLE naming both ids: the caller passes the id of the one meant.
   * Bindings, token narrowings and trust policies store the role's id, so once made they never
   * depend on a name again.
   */
  async function roleByName(name: string, pid: string | null): Promise<Role | null> {
    const rows = await db
      .selectFrom('roles')
      .selectAll()
      .where((eb) => eb.or([eb('name', '=', name), eb('id', '=', name)]))
      .where((eb) => (pid === null ? eb('project_id', 'is', null) : eb.or([eb('project_id', 'is', null), eb('project_id', '=', pid)])))
      .execute();
    const named = rows.filter((r) => r.name === name);
    if (named.length > 1) {
      const which = named.map((r) => `${r.id} (${r.project_id === null ? 'global' : 'this project\'s'})`).join(' and ');
      throw new HttpError(409, 'E_AMBIGUOUS_ROLE', `role name ${name} means two roles here: ${which}, both made before role names had to be unique; give the role's id instead of its name, or delete one of them`);
    }
    const row = named[0] ?? rows.find((r) => r.id === name);
    if (row) return roleFromRow(row);
    const builtin = BUILTIN_ROLES.find((r) => r.name === name);
    return builtin ? { ...builtin, permissions: [...builtin.permissions] } : null;
  }

  /**
   * The one escalation check: what `role` bound on `pid` (null = globally) within the secret path
   * scope `paths` (null = every path) gives that the caller does not hold, as words for the
   * refusal ("secrets:read on project shop on every path, which you hold only on app/**"); null
   * when the caller holds all of it. Binding a role and issuing a token for an account with that
   * binding both pass through here.
   */
  async function widerGrant(
    who: RbacPrincipal,
    cat: RoleCatalog,
    role: Role,
    pid: string | null,
    paths: readonly string[] | null,
    holder: { name: string; verb: 'do' | 'does' } = YOU,
    q: StoreDb = db,
  ): Promise<string | null> {
    // A project's custom role grants only in its project, even when bound globally.
    if (role.project !== null && pid !== null && role.project !== pid) return null;
    const where = role.project ?? pid;
    const place = where === null ? 'server-wide' : `on project ${(await projectName(where, q)) ?? where}`;
    for (const p of PERMISSIONS) {
      if (!role.permissions.some((g) => permissionCovers(g, p))) continue;
      // Server-wide permissions are never granted on a project (rbac.ts), so there is nothing to hold.
      if (where !== null && GLOBAL_ONLY_RESOURCES.has(p.slice(0, p.indexOf(':')))) continue;
      const d = authorize(who, p, where, cat);
      if (!d.allow) return `${p} ${place}, which ${holder.name} ${holder.verb} not hold there`;
      // A caller limited to some secret paths passes on only paths within them.
      if (d.paths && !(paths !== null && paths.every((q) => patternWithin(q, d.paths!)))) {
        const hold = holder.verb === 'do' ? 'hold' : 'holds';
        return `${p} ${place} on ${paths === null ? 'every path' : paths.join(', ')}, which ${holder.name} ${hold} only on ${d.paths.join(', ')}`;
      }
    }
    return null;
  }

  /**
   * Refuses to grant a role carrying anything the granter lacks on the same scope and paths. Runs
   * inside the change's transaction (`q`) against the caller's bindings as they are now.
   */
  async function assertMayGrant(q: StoreDb, req: FastifyRequest, role: Role, pid: string | null, paths: readonly string[] | null): Promise<void> {
    const wider = await widerGrant(await callerNow(q, req), await catalog(q), role, pid, paths, YOU, q);
    if (wider !== null) throw new HttpError(403, 'E_WIDER_GRANT', `you cannot grant role ${role.name}: it carries ${wider}`);
  }

  /**
   * Refuses to issue a token for an account holding bindings wider than the caller's: the token
   * would hand the caller those rights. Only bindings the token's narrowing lets through count
   * (its role; its project, where a global binding acts only on that project).
   */
  async function assertMayIssueFor(q: StoreDb, req: FastifyRequest, owner: { kind: 'user' | 'service_account'; id: string; name: string }, scope: { roleId: string | null; projectId: string | null }): Promise<void> {
    const cat = await catalog(q);
    const caller = await callerNow(q, req);
    for (const b of await loadBindings(q, owner.kind, owner.id)) {
      const through = throughToken(b, scope);
      const role = cat.get(b.role);
      if (through === undefined || !role) continue; // the token lets none of it through; or it grants nothing
      const wider = await widerGrant(caller, cat, role, through, bindingScope(role, b), YOU, q);
      if (wider !== null) {
        const what = owner.kind === 'user' ? 'user' : 'service account';
        throw new HttpError(403, 'E_WIDER_GRANT', `you cannot issue a token for ${what} ${owner.name}: its role ${role.name} carries ${wider}`);
      }
    }
  }

  /**
   * A binding as seen through a token narrowed to `scope`: the project it then acts on (a global
   * binding acts only on the token's project), or undefined when the narrowing lets none of it
   * through (another role, another project).
   */
  function throughToken(b: RoleBinding, scope: { roleId: string | null; projectId: string | null }): string | null | undefined {
    if (scope.roleId !== null && b.role !== scope.roleId) return undefined;
    if (scope.projectId !== null && b.project !== null && b.project !== scope.projectId) return undefined;
    return scope.projectId ?? b.project;
  }

  /**
   * Refuses a new binding of `role` (on `pid`, within `paths`) for a principal holding live tokens
   * that someone else issued, when the binding would make such a token wider than its issuer.
   * assertMayIssueFor checks the account's bindings only when the token is issued; without this,
   * a narrow admin's token for an account would silently gain whatever is bound to the account
   * later. We refuse the binding (409 naming the tokens and the issuer, "revoke them first")
   * rather than cap such tokens at their issuer's rights on every request: the capping would put
   * a second principal's bindings on the hot authentication path, and a refusal tells the admin
   * exactly which credentials stand in the way. A global admin's tokens pass (it holds everything).
   */
  async function assertIssuedTokensStayNarrow(q: StoreDb, kind: 'user' | 'service_account', id: string, role: Role, pid: string | null, paths: readonly string[] | null): Promise<void> {
    const t = now();
    const tokens = (
      await q
        .selectFrom('api_tokens')
        .select(['id', 'role_id', 'project_id', 'expires_at', 'issued_by'])
        .where('owner_kind', '=', kind)
        .where('owner_id', '=', id)
        .where('revoked_at', 'is', null)
        .where('issued_by', 'is not', null)
        .orderBy('created_at')
        .execute()
    ).filter((r) => r.expires_at === null || Date.parse(r.expires_at) > t);
    if (tokens.length === 0) return;
    const cat = await catalog(q);
    const issuers = new Map<string, Issuer>();
    const wider = new Map<string, { issuer: Issuer; why: string; tokens: string[] }>();
    for (const tok of tokens) {
      const through = throughToken({ role: role.id, project: pid }, { roleId: tok.role_id, projectId: tok.project_id });
      if (through === undefined) continue;
      const by = tok.issued_by!;
      let issuer = issuers.get(by);
      if (!issuer) issuers.set(by, (issuer = await loadIssuer(q, by)));
      const why = await widerGrant(issuer, cat, role, through, paths, { name: issuer.label, verb: 'does' }, q);
      if (why === null) continue;
      const entry = wider.get(by) ?? { issuer, why, tokens: [] };
      entry.tokens.push(tok.id);
      wider.set(by, entry);
    }
    if (wider.size === 0) return;
    const parts = [...wider.values()].map((w) => `token${w.tokens.length > 1 ? 's' : ''} ${w.tokens.join(', ')} issued by ${w.issuer.label} would carry ${w.why}`);
    throw new HttpError(409, 'E_WIDER_GRANT', `you cannot bind role ${role.name} here yet: ${parts.join('; ')}. Revoke them first`);
  }

  /**
   * Issue 7: a token issued for someone else never outlives its issuer's rights. When an issuer
   * loses rights (a binding removed, its role deleted, its account disabled, its trust policy
   * deleted), each live token it issued whose owner's bindings, seen through the token, now carry
   * something the issuer lacks is revoked in the same transaction: one audit entry per token
   * (token.revoke via issuer-lost-rights, naming issuer and reason) and the list in the triggering
   * change's detail (`revokedTokens`). Decided here, at write time, so that authenticating a
   * request never reads a second principal's bindings. Revoked rather than narrowed: a narrowing
   * the owner did not ask for would fail later in ways nobody could explain.
   */
  async function revokeBeyondIssuers(trx: Transaction<Schema>, req: FastifyRequest, issuerIds: readonly string[], detail: JsonObject): Promise<void> {
    if (issuerIds.length === 0) return;
    const t = now();
    const tokens = (
      await trx
        .selectFrom('api_tokens')
        .select(['id', 'owner_kind', 'owner_id', 'role_id', 'project_id', 'expires_at', 'issued_by'])
        .where('issued_by', 'in', [...new Set(issuerIds)])
        .where('revoked_at', 'is', null)
        .orderBy('created_at')
        .execute()
    ).filter((r) => r.expires_at === null || Date.parse(r.expires_at) > t);
    if (tokens.length === 0) return;
    const cat = await catalog(trx);
    const issuers = new Map<string, Issuer>();
    const revoked: JsonObject[] = [];
    for (const tok of tokens) {
      // CI tokens come only from an OIDC exchange, never issued for them by someone else.
      if (tok.owner_kind === 'oidc_policy' || tok.issued_by === null) continue;
      const by = tok.issued_by;
      let issuer = issuers.get(by);
      if (!issuer) issuers.set(by, (issuer = await loadIssuer(trx, by)));
      let why: string | null = null;
      for (const b of await loadBindings(trx, tok.owner_kind, tok.owner_id)) {
        const through = throughToken(b, { roleId: tok.role_id, projectId: tok.project_id });
        const role = cat.get(b.role);
        if (through === undefined || !role) continue;
        const wider = await widerGrant(issuer, cat, role, through, bindingScope(role, b), { name: issuer.label, verb: 'does' }, trx);
        if (wider !== null) {
          why = `its role ${role.name} carries ${wider}`;
          break;
        }
      }
      if (why !== null) revoked.push({ tokenId: tok.id, owner: `${tok.owner_kind}:${tok.owner_id}`, issuedBy: by, reason: why });
    }
    if (revoked.length === 0) return;
    // Written after every check: on PostgreSQL the first audit entry takes the audit tail lock,
    // which every other request's entry waits for until this transaction commits.
    await trx.updateTable('api_tokens').set({ revoked_at: isoAt(t) }).where('id', 'in', revoked.map((r) => r.tokenId as string)).execute();
    for (const r of revoked) {
      await audit.appendIn(trx, {
        actor: me(req).id, action: 'token.revoke', resource: `token:${r.tokenId as string}`, outcome: 'allow',
        detail: { requestId: String(req.id), owner: r.owner!, via: 'issuer-lost-rights', issuedBy: r.issuedBy!, reason: r.reason! },
      });
    }
    detail.revokedTokens = revoked;
  }

  async function projectName(pid: string | null, q: StoreDb = db): Promise<string | null> {
    if (pid === null) return null;
    const r = await q.selectFrom('projects').select('name').where('id', '=', pid).executeTakeFirst();
    return r?.name ?? null;
  }

  const serviceAccountOut = async (r: Row<'service_accounts'>) => ({
    id: r.id, name: r.name, project: await projectName(r.project_id), description: r.description, disabledAt: r.disabled_at, createdAt: r.created_at,
  });

  /** Writes a new api_tokens row for `t` (live: not revoked, never used). */
  async function insertToken(
    trx: Transaction<Schema>,
    t: { id: string; prefix: string; hash: string },
    f: Pick<Row<'api_tokens'>, 'owner_kind' | 'owner_id' | 'name' | 'role_id' | 'project_id' | 'expires_at' | 'created_at' | 'issued_by' | 'not_after'>,
  ): Promise<void> {
    await trx.insertInto('api_tokens').values({ id: t.id, prefix: t.prefix, hash: t.hash, ...f, revoked_at: null, last_used_at: null }).execute();
  }

  /** Issues a token for an owner and returns it (shown once). */
  async function issueToken(
    req: FastifyRequest,
    owner: { kind: OwnerKind; id: string },
    body: TokenBody,
    scope: { roleId: string | null; projectId: string | null },
    /** Runs first inside the write transaction (assertMayIssueFor), so no binding can slip in between. */
    check?: (trx: Transaction<Schema>) => Promise<void>,
  ) {
    const kind: TokenKind = owner.kind === 'user' ? 'user' : 'service';
    if (body.neverExpires === true && body.expiresInSeconds !== undefined) throw new HttpError(400, 'E_BAD_REQUEST', 'give expiresInSeconds or neverExpires, not both');
    const t = newToken(kind);
    const created = now();
    const dflt = owner.kind === 'service_account' ? SERVICE_ACCOUNT_TOKEN_TTL_S : userTtl;
    const ttl = body.expiresInSeconds ?? (body.neverExpires === true ? null : dflt);
    let expiresAt = ttl ? isoAt(created + ttl * 1000) : null;
    await change(
      req,
      'token.create',
      `${owner.kind}:${owner.id}`,
      { tokenId: t.id, name: body.name, role: scope.roleId, project: scope.projectId, expiresAt },
      async (trx, detail, presented) => {
        await check?.(trx);
        // A credential without an end is an organisation's decision: asked for explicitly, by someone
        // who administers accounts server-wide (a project admin gives its accounts lifetimes).
        if (body.neverExpires === true && !authorize(await callerNow(trx, req), NEVER_EXPIRES_PERMISSION, null, await catalog(trx)).allow) {
          throw new HttpError(403, 'E_FORBIDDEN', `a token that never expires needs ${NEVER_EXPIRES_PERMISSION} server-wide; give it a lifetime instead (expiresInSeconds, rampart tokens create --expires 90d)`);
        }
        // A token issues only tokens that expire no later than the chain it belongs to: a leaked
        // short-lived credential (a CI token, a token a CI job issued) cannot mint a permanent one.
        // A person's renewable token is its own chain's link, not its end: it can renew itself
        // (renewToken) up to its ceiling (not_after), so what it issues is held to that ceiling
        // alone; held to its current expiry, an admin's everyday 30-day token would make every
        // service account's token die within 30 days and never renew. Other tokens (CI, a token a
        // CI job issued, a service account's) cap at their own expiry. Capped rather than refused;
        // the response and the audit entry show the expiry given. A token that never expires is
        // refused where a cap applies (409) instead of silently getting an end. The bootstrap and
        // recovery tokens alone are exempt: they live a day so that an admin makes a lasting token
        // with them, which the cap would make die with them.
        const renewable = presented.ownerKind === 'user' && presented.expiresAt !== null && !presented.issuedBy?.startsWith('oidc_policy:');
        const cap = presented.bootstrap ? null : renewable ? presented.notAfter : earlier(presented.expiresAt, presented.notAfter);
        if (cap !== null && body.neverExpires === true) {
          throw new HttpError(
            409,
            'E_EXPIRY_CAPPED',
            `a token that never expires cannot be issued through this token: its chain ends ${isoAt(cap)} and a token never outlives the token it was issued through; present a token without an end (or the bootstrap or a recovery token), or give a lifetime (expiresInSeconds)`,
          );
        }
        if (cap !== null && (expiresAt === null || Date.parse(expiresAt) > cap)) {
          expiresAt = isoAt(cap);
          detail.expiresAt = expiresAt;
          detail.expiryCappedBy = me(req).tokenId;
        }
        // Who to hold the token to when the owner gains bindings later (assertIssuedTokensStayNarrow,
        // revokeBeyondIssuers) and whom waiver approval counts as its issuer (four eyes): the caller,
        // or for a token of the caller's own, whoever issued the presented one (the chain's origin).
        // Null there would let a token an admin (or a CI job) issued mint a child that no longer
        // answers to that issuer, and an admin who issued a person's first token could approve
        // waivers the person requested through a token minted from it. A chain that began with no
        // issuer (the bootstrap token, a token made with it) stays null.
        const ownToken = me(req).id === `${owner.kind}:${owner.id}`;
        const issuedBy = ownToken ? presented.issuedBy : me(req).id;
        // The chain's ceiling: renewal never carries the token past it (renewToken). The cap above.
        const ceiling = cap;
        await insertToken(trx, t, {
          owner_kind: owner.kind, owner_id: owner.id, name: body.name, role_id: scope.roleId, project_id: scope.projectId,
          expires_at: expiresAt, created_at: isoAt(created), issued_by: issuedBy, not_after: ceiling === null ? null : isoAt(ceiling),
        });
      },
    );
    const role = scope.roleId ? (await db.selectFrom('roles').select('name').where('id', '=', scope.roleId).executeTakeFirst())?.name ?? scope.roleId : null;
    return { token: t.token, id: t.id, prefix: t.prefix, name: body.name, role, project: body.project ?? (await projectName(scope.projectId)), expiresAt };
  }

  /**
   * Resolves body.role / body.project narrowing for a token of `owner`. `forcedRole` (a role id)
   * is the narrowing of the token minting this one: the new token gets exactly that role, by id,
   * since a name may also denote a project's own role of the same name.
   */
  async function tokenScope(body: TokenBody, forcedProject: string | null, forcedRole: string | null = null): Promise<{ roleId: string | null; projectId: string | null }> {
    let pid = forcedProject;
    if (body.project !== undefined) {
      const p = await db.selectFrom('projects').select('id').where('name', '=', body.project).executeTakeFirst();
      if (!p) throw notFound('project');
      if (forcedProject !== null && p.id !== forcedProject) throw new HttpError(400, 'E_BAD_REQUEST', 'the token can only be narrowed to this project');
      pid = p.id;
    }
    let roleId: string | null = forcedRole;
    if (body.role !== undefined) {
      const r = await roleByName(body.role, pid);
      if (forcedRole !== null && r?.id !== forcedRole) throw new HttpError(403, 'E_FORBIDDEN', 'your token is limited to another role');
      if (!r) {
        const where = pid === null ? 'among the global roles (a project role needs the token narrowed to its project)' : `among the global roles and project ${body.project ?? (await projectName(pid))}'s`;
        throw new HttpError(404, 'E_NOT_FOUND', `no such role ${body.role} ${where}`);
      }
      roleId = r.id;
    }
    return { roleId, projectId: pid };
  }

  /**
   * A token narrowed to a role grants only what the owner's bindings of that role give through the
   * narrowing (rbac.ts authorize): a role the owner holds no binding of, or holds only in another
   * project, would make a token that passes every check at issue and then grants nothing. Refused
   * with what to do instead (400 E_ROLE_NOT_HELD). Runs inside the issue's transaction for others.
   */
  async function assertHoldsRole(
    q: StoreDb,
    bindings: readonly RoleBinding[],
    scope: { roleId: string | null; projectId: string | null },
    who: { what: string; roleName: string },
  ): Promise<void> {
    if (scope.roleId === null) return;
    if (bindings.some((b) => b.role === scope.roleId && throughToken(b, scope) !== undefined)) return;
    const held = bindings.filter((b) => b.role === scope.roleId);
    const pname = scope.projectId === null ? null : await projectName(scope.projectId, q);
    const elsewhere = held.length > 0 ? ` (only on ${(await Promise.all(held.map(async (b) => (b.project === null ? 'every project' : `project ${(await projectName(b.project, q)) ?? b.project}`)))).join(', ')})` : '';
    throw new HttpError(
      400,
      'E_ROLE_NOT_HELD',
      `${who.what} hold${who.what === 'you' ? '' : 's'} no binding of role ${who.roleName}${pname !== null ? ` that applies in project ${pname}` : ''}${elsewhere}, so the token would grant nothing: bind the role first, or leave out the role`,
    );
  }

  /**
   * POST /api/v1/tokens/self/renew. The old token is revoked in the same transaction rather than
   * after a grace period: two live credentials where one was asked for is twice what can leak, and
   * a thief who renews a stolen token cuts its owner off, who then notices (the audit entry names
   * both tokens). The CLI stores the new token before it says anything. The lifetime is the old
   * token's own (created to expiry), not the default: a 1-hour token renews for an hour, and never
   * past the chain's ceiling (api_tokens.not_after): a token issued through a shorter-lived one does
   * not outlive it by renewing.
   */
  async function renewToken(req: FastifyRequest) {
    const p = me(req);
    if (p.kind === 'oidc_policy') throw new HttpError(403, 'E_FORBIDDEN', 'CI tokens are not renewed: the job exchanges its OIDC id token again');
    const t = newToken(p.kind === 'user' ? 'user' : 'service');
    let out: { name: string; roleId: string | null; projectId: string | null; expiresAt: string } | undefined;
    await change(req, 'token.renew', `token:${p.tokenId}`, { owner: p.id }, async (trx, detail) => {
      // Read after presentedTokenNow (a revoked, expired or disabled owner's token is a 401 there).
      const old = await trx.selectFrom('api_tokens').selectAll().where('id', '=', p.tokenId).executeTakeFirstOrThrow();
      const refuse = (why: string) => new HttpError(409, 'E_NOT_RENEWABLE', why);
      if (Number(old.bootstrap) === 1) throw refuse('the bootstrap token is not renewed, nor is a recovery token of rampart server admin-token: create a lasting token with it (rampart tokens create --name NAME --expires 90d)');
      if (old.expires_at === null) throw refuse('the token never expires: there is nothing to renew');
      // Such a token was capped to the job's few minutes; renewing would outlive the job.
      if (old.issued_by?.startsWith('oidc_policy:')) throw refuse('a token issued by a CI job is not renewed: the job issues a new one');
      const lifetime = Math.max(60_000, Date.parse(old.expires_at) - Date.parse(old.created_at));
      const at = now();
      // Never past the issuing token's expiry: otherwise a short-lived token's child, capped to
      // it at issue, would renew on after it (and after it is revoked) for ever.
      const ceiling = old.not_after == null ? null : Date.parse(old.not_after);
      const until = earlier(at + lifetime, ceiling)!;
      if (until <= Date.parse(old.expires_at)) {
        throw refuse(`the token was issued through a token that expires ${old.not_after}, and is not renewed past that: ask whoever issues your tokens for a new one`);
      }
      const expiresAt = isoAt(until);
      await insertToken(trx, t, {
        owner_kind: old.owner_kind, owner_id: old.owner_id, name: old.name, role_id: old.role_id, project_id: old.project_id,
        expires_at: expiresAt, created_at: isoAt(at),
        // Still held to whoever issued the old one (assertIssuedTokensStayNarrow, revokeBeyondIssuers), under the same ceiling.
        issued_by: old.issued_by, not_after: old.not_after,
      });
      await trx.updateTable('api_tokens').set({ revoked_at: isoAt(at) }).where('id', '=', old.id).execute();
      Object.assign(detail, { newTokenId: t.id, name: old.name, role: old.role_id, project: old.project_id, expiresAt, previousExpiresAt: old.expires_at });
      out = { name: old.name, roleId: old.role_id, projectId: old.project_id, expiresAt };
    });
    const o = out!;
    const role = o.roleId ? ((await db.selectFrom('roles').select('name').where('id', '=', o.roleId).executeTakeFirst())?.name ?? o.roleId) : null;
    return { token: t.token, id: t.id, prefix: t.prefix, name: o.name, role, project: await projectName(o.projectId), expiresAt: o.expiresAt, renewedFrom: p.tokenId };
  }

  async function revokeToken(req: FastifyRequest, row: Row<'api_tokens'> | undefined, what: string) {
    if (!row) throw notFound('token');
    if (row.revoked_at === null) {
      await change(req, 'token.revoke', `token:${row.id}`, { owner: `${row.owner_kind}:${row.owner_id}`, via: what }, (trx) =>
        trx.updateTable('api_tokens').set({ revoked_at: isoAt(now()) }).where('id', '=', row.id).execute(),
      );
    }
    const fresh = await db.selectFrom('api_tokens').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    return tokenOut(fresh);
  }

  async function createBinding(req: FastifyRequest, pid: string | null) {
    const b = req.body as { principalKind: 'user' | 'service_account'; principalId: string; role: string; paths?: string[] };
    const pathProblems = b.paths === undefined ? [] : validatePathPatterns(b.paths);
    if (pathProblems.length > 0) throw new HttpError(400, 'E_BAD_REQUEST', pathProblems.join('; '));
    const role = await roleByName(b.role, pid);
    if (!role) throw notFound('role');
    if (b.principalKind === 'user') {
      if (!(await db.selectFrom('users').select('id').where('id', '=', b.principalId).executeTakeFirst())) throw notFound('user');
    } else {
      const sa = await db.selectFrom('service_accounts').select(['id', 'project_id']).where('id', '=', b.principalId).executeTakeFirst();
      // A project's service account belongs to it: only that project may grant it anything.
      if (!sa || (sa.project_id !== null && sa.project_id !== pid)) throw notFound('service account');
    }
    // What the binding covers: its own paths within the role's (stored so, so that every reader
    // of role_bindings applies the role's scope too; roles never change after creation).
    const paths = bindingScope(role, { paths: b.paths ?? null });
    if (paths !== null && paths.length === 0) throw new HttpError(400, 'E_BAD_REQUEST', `paths: none of them overlaps role ${role.name}'s paths (${(role.paths ?? []).join(', ')})`);
    if (paths !== null && paths.length > MAX_PATTERNS) throw new HttpError(400, 'E_BAD_REQUEST', `paths: within role ${role.name}'s paths they make more than ${MAX_PATTERNS} patterns; name fewer`);
    const row = {
      id: randomUUID(), principal_kind: b.principalKind, principal_id: b.principalId, role_id: role.id, project_id: pid, created_by: me(req).id, created_at: isoNow(),
      paths: paths === null ? null : JSON.stringify(paths),
    };
    await change(req, 'role-binding.create', `${b.principalKind}:${b.principalId}`, { bindingId: row.id, role: role.name, project: pid, ...(paths ? { paths } : {}) }, async (trx) => {
      // Checked inside the write transaction: a token issued for the principal at the same moment
      // is either seen here or sees this binding (assertMayIssueFor), never neither.
      await assertMayGrant(trx, req, role, pid, paths);
      await assertIssuedTokensStayNarrow(trx, b.principalKind, b.principalId, role, pid, paths);
      await trx.insertInto('role_bindings').values(row).execute();
    });
    return bindingOut(row, role.name, await projectName(pid));
  }

  const bindingOut = (r: Row<'role_bindings'>, roleName: string, project: string | null) => ({
    id: r.id, principalKind: r.principal_kind, principalId: r.principal_id, role: r.role_id, roleName, project, createdBy: r.created_by, createdAt: r.created_at,
    paths: parseStoredPaths(r.paths),
  });

  /**
   * Secret path patterns are themselves secret-ish (they name what exists where), so listings of
   * roles and bindings show only those within the caller's secrets:list scope on `pid`, each other
   * one as HIDDEN_PATTERN (a count and a shape, nothing more). A caller listing every path sees all.
   */
  async function patternShower(req: FastifyRequest, pid: string | null): Promise<(paths: readonly string[] | null) => string[] | null> {
    const d = authorize(me(req), 'secrets:list', pid, await catalog());
    const visible = !d.allow ? () => false : d.paths === undefined ? () => true : (q: string) => patternWithin(q, d.paths!);
    return (paths) => (paths === null ? null : paths.map((q) => (visible(q) ? q : HIDDEN_PATTERN)));
  }

  async function listBindings(req: FastifyRequest, pid: string | null) {
    const rows = await db
      .selectFrom('role_bindings')
      .innerJoin('roles', 'roles.id', 'role_bindings.role_id')
      .selectAll('role_bindings')
      .select('roles.name as role_name')
      .where((eb) => (pid === null ? eb('role_bindings.project_id', 'is', null) : eb('role_bindings.project_id', '=', pid)))
      .orderBy('role_bindings.created_at')
      .execute();
    const name = await projectName(pid);
    const show = await patternShower(req, pid);
    return rows.map((r) => {
      const out = bindingOut(r, r.role_name, name);
      return { ...out, paths: show(out.paths) };
    });
  }

  async function deleteBinding(req: FastifyRequest, pid: string | null) {
    const { id } = req.params as { id: string };
    const row = await db.selectFrom('role_bindings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.project_id !== pid) throw notFound('role binding');
    await change(req, 'role-binding.delete', `${row.principal_kind}:${row.principal_id}`, { bindingId: id, role: row.role_id, project: pid }, async (trx, detail) => {
      await trx.deleteFrom('role_bindings').where('id', '=', id).execute();
      await revokeBeyondIssuers(trx, req, [`${row.principal_kind}:${row.principal_id}`], detail);
    });
  }

  async function createRole(req: FastifyRequest, pid: string | null) {
    const b = req.body as { name: string; permissions: string[]; description?: string; paths?: string[] };
    const role: Role = { id: randomUUID(), name: b.name, project: pid, permissions: [...new Set(b.permissions)], description: b.description, paths: b.paths ?? null };
    const problems = validateRole(role);
    if (problems.length > 0) throw new HttpError(400, 'E_VALIDATION', problems.join('; '));
    await assertRoleNameFree(b.name, pid);
    await change(req, 'role.create', `role:${role.id}`, { name: role.name, project: pid, permissions: role.permissions, ...(b.paths ? { paths: b.paths } : {}) }, (trx) =>
      trx
        .insertInto('roles')
        .values({
          id: role.id, name: role.name, project_id: pid, permissions: JSON.stringify(role.permissions), description: b.description ?? null, builtin: 0, created_at: isoNow(),
          paths: b.paths ? JSON.stringify(b.paths) : null,
        })
        .execute(),
    );
    return roleOut({ ...role, project: await projectName(pid) });
  }

  /**
   * A custom role's name must not clash with a role usable in the same place: a project role named
   * like a global custom role (or the reverse) would make the name mean two roles in that project,
   * and every lookup by name (bindings, tokens, trust policies) would have to guess. 409 naming the
   * clash. (Built-in names are refused by validateRole.)
   */
  async function assertRoleNameFree(name: string, pid: string | null): Promise<void> {
    let q = db.selectFrom('roles').select(['project_id']).where('name', '=', name);
    // A global role is usable in every project: it clashes with any project's role of the name.
    if (pid !== null) q = q.where((eb) => eb.or([eb('project_id', 'is', null), eb('project_id', '=', pid)]));
    const rows = await q.execute();
    const clash = rows.find((r) => r.project_id === pid) ?? rows.find((r) => r.project_id === null) ?? rows[0];
    if (!clash) return;
    if (clash.project_id === pid) throw new HttpError(409, 'E_CONFLICT', `role ${name} already exists${pid === null ? '' : ` in project ${(await projectName(pid)) ?? pid}`}`);
    if (clash.project_id === null) throw new HttpError(409, 'E_CONFLICT', `a global role ${name} already exists: a project role of the same name would be ambiguous; choose another name`);
    throw new HttpError(409, 'E_CONFLICT', `project ${(await projectName(clash.project_id)) ?? clash.project_id} has its own role ${name}: a global role of the same name would be ambiguous there; choose another name`);
  }

  async function deleteRole(req: FastifyRequest, pid: string | null) {
    const { id } = req.params as { id: string };
    const row = await db.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.project_id !== pid || row.builtin === 1) throw notFound('custom role');
    const used = await db.selectFrom('oidc_trust_policies').select('id').where('role_id', '=', id).limit(1).executeTakeFirst();
    if (used) throw new HttpError(409, 'E_CONFLICT', 'an OIDC trust policy uses this role: delete the policy first');
    // Bindings and narrowed tokens of the role go with it (foreign keys cascade); whoever held it
    // loses rights, so the tokens they issued are held to what they keep.
    await change(req, 'role.delete', `role:${id}`, { name: row.name, project: pid }, async (trx, detail) => {
      const holders = await trx.selectFrom('role_bindings').select(['principal_kind', 'principal_id']).where('role_id', '=', id).execute();
      // The cascade deletes the tokens narrowed to the role without a trace of their own: name them
      // here, so the audit log says which credentials stopped working and whose they were.
      const narrowed = await trx.selectFrom('api_tokens').select(['id', 'owner_kind', 'owner_id', 'name']).where('role_id', '=', id).orderBy('created_at').execute();
      if (narrowed.length > 0) detail.deletedTokens = narrowed.map((t) => ({ tokenId: t.id, owner: `${t.owner_kind}:${t.owner_id}`, name: t.name }));
      await trx.deleteFrom('roles').where('id', '=', id).execute();
      await revokeBeyondIssuers(trx, req, holders.map((h) => `${h.principal_kind}:${h.principal_id}`), detail);
    });
  }

  async function listRoles(req: FastifyRequest, pid: string | null) {
    const rows = await db
      .selectFrom('roles')
      .selectAll()
      .where((eb) => (pid === null ? eb('project_id', 'is', null) : eb.or([eb('project_id', 'is', null), eb('project_id', '=', pid)])))
      .orderBy('name')
      .execute();
    const name = await projectName(pid);
    const out = rows.map((r) => roleOut({ ...roleFromRow(r), project: r.project_id === null ? null : name }));
    // Built-ins are code; list them even when the store was never seeded.
    for (const b of BUILTIN_ROLES) if (!out.some((r) => r.id === b.id)) out.unshift(roleOut(b));
    const show = await patternShower(req, pid);
    return out.map((r) => ({ ...r, paths: show(r.paths) }));
  }

  const policyOut = (r: Row<'oidc_trust_policies'>, project: string, roleName: string) => {
    let conditions: Record<string, unknown> = {};
    try {
      conditions = JSON.parse(r.conditions) as Record<string, unknown>;
    } catch {
      // shown empty; the verifier refuses such a policy
    }
    return {
      id: r.id, name: r.name, project, issuer: r.issuer, audience: r.audience, conditions, role: r.role_id, roleName, maxTtlSeconds: r.max_ttl_s,
      disabledAt: r.disabled_at, createdAt: r.created_at,
    };
  };

  return async (app: FastifyInstance) => {
    const P = (permission: string, projectOf?: ProjectOf) => app.requirePermission(permission, projectOf);
    const R = (status: number, schema: unknown, ...errors: number[]) => ({ [status]: schema, ...errorResponses(401, 403, ...errors) });
    const tags = ['identity'];

    // ---- projects ----
    app.post(
      '/api/v1/projects',
      { schema: { tags, summary: 'Create a project', body: obj({ name: SLUG, description: TEXT }, ['name']), response: R(201, projectSchema, 400, 409) }, preHandler: P('projects:write', serverWide) },
      async (req, reply) => {
        const b = req.body as { name: string; description?: string };
        const row = { id: randomUUID(), name: b.name, description: b.description ?? null, created_at: isoNow() };
        await change(req, 'project.create', `project:${b.name}`, { projectId: row.id }, (trx) => trx.insertInto('projects').values(row).execute());
        return reply.code(201).send(projectOut(row));
      },
    );
    app.get('/api/v1/projects', { schema: { tags, summary: 'List projects', response: R(200, list(projectSchema)) }, preHandler: P('projects:read', serverWide) }, async () =>
      (await db.selectFrom('projects').selectAll().orderBy('name').execute()).map(projectOut),
    );
    app.get(
      '/api/v1/projects/:project',
      { schema: { tags, summary: 'One project', params: params('project'), response: R(200, projectSchema, 404) }, preHandler: P('projects:read') },
      async (req) => projectOut(await db.selectFrom('projects').selectAll().where('id', '=', projectId(req)).executeTakeFirstOrThrow()),
    );

    // ---- users (server-wide) ----
    app.post(
      '/api/v1/users',
      { schema: { tags, summary: 'Create a user', body: obj({ username: USERNAME, displayName: { type: 'string', maxLength: 200 } }, ['username']), response: R(201, userSchema, 400, 409) }, preHandler: P('admin:users', serverWide) },
      async (req, reply) => {
        const b = req.body as { username: string; displayName?: string };
        const row = { id: randomUUID(), username: b.username, display_name: b.displayName ?? null, password_hash: null, disabled_at: null, created_at: isoNow() };
        await change(req, 'user.create', `user:${row.id}`, { username: b.username }, (trx) => trx.insertInto('users').values(row).execute());
        return reply.code(201).send(userOut(row));
      },
    );
    app.get('/api/v1/users', { schema: { tags, summary: 'List users', response: R(200, list(userSchema)) }, preHandler: P('admin:users', serverWide) }, async () =>
      (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(userOut),
    );
    app.post(
      '/api/v1/users/:id/disable',
      { schema: { tags, summary: 'Disable a user (its tokens stop working at once)', params: params('id'), response: R(200, userSchema, 404, 409) }, preHandler: P('admin:users', serverWide) },
      async (req) => {
        const { id } = req.params as { id: string };
        const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound('user');
        if (me(req).id === `user:${id}`) throw new HttpError(409, 'E_CONFLICT', 'you cannot disable yourself');
        const at = row.disabled_at ?? isoAt(now());
        if (!row.disabled_at) {
          await change(req, 'user.disable', `user:${id}`, { username: row.username }, async (trx, detail) => {
            await trx.updateTable('users').set({ disabled_at: at }).where('id', '=', id).execute();
            // A disabled issuer holds nothing: the tokens it issued for others that carry anything go.
            await revokeBeyondIssuers(trx, req, [`user:${id}`], detail);
          });
        }
        return userOut({ ...row, disabled_at: at });
      },
    );
    app.get(
      '/api/v1/users/:id/tokens',
      { schema: { tags, summary: "A user's tokens (no secrets)", params: params('id'), response: R(200, list(tokenInfoSchema), 404) }, preHandler: P('admin:users', serverWide) },
      async (req) => {
        const { id } = req.params as { id: string };
        // An unknown id is a 404 (as for service accounts), not an empty list that reads as "no tokens".
        if (!(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('user');
        return tokensOut(db, await db.selectFrom('api_tokens').selectAll().where('owner_kind', '=', 'user').where('owner_id', '=', id).orderBy('created_at').execute());
      },
    );
    // A new user's first credential: an admin issues it (shown once, like every token) and hands
    // it over; the user then runs `rampart login` with it and mints narrower tokens of their own.
    app.post(
      '/api/v1/users/:id/tokens',
      { schema: { tags, summary: 'Issue a token for a user (shown once)', params: params('id'), body: tokenBody, response: R(201, newTokenSchema, 400, 404, 409) }, preHandler: P('admin:users', serverWide) },
      async (req, reply) => {
        const { id } = req.params as { id: string };
        const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound('user');
        if (row.disabled_at) throw new HttpError(409, 'E_CONFLICT', 'the user is disabled');
        const scope = await tokenScope(req.body as TokenBody, null);
        const check = async (trx: Transaction<Schema>) => {
          await assertHoldsRole(trx, await loadBindings(trx, 'user', row.id), scope, { what: `user ${row.username}`, roleName: (req.body as TokenBody).role ?? '' });
          await assertMayIssueFor(trx, req, { kind: 'user', id: row.id, name: row.username }, scope);
        };
        return reply.code(201).send(await issueToken(req, { kind: 'user', id: row.id }, req.body as TokenBody, scope, check));
      },
    );
    app.delete(
      '/api/v1/users/:id/tokens/:tokenId',
      { schema: { tags, summary: "Revoke a user's token", params: params('id', 'tokenId'), response: R(200, tokenInfoSchema, 404) }, preHandler: P('admin:users', serverWide) },
      async (req) => {
        const { id, tokenId } = req.params as { id: string; tokenId: string };
        const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).where('owner_kind', '=', 'user').where('owner_id', '=', id).executeTakeFirst();
        return revokeToken(req, row, 'admin');
      },
    );

    // ---- service accounts: organisation-wide (admin) and per project (project admin) ----
    const saBody = obj({ name: SLUG, description: TEXT }, ['name']);
    const createSa = async (req: FastifyRequest, pid: string | null) => {
      const b = req.body as { name: string; description?: string };
      const row = { id: randomUUID(), name: b.name, project_id: pid, description: b.description ?? null, disabled_at: null, created_at: isoNow() };
      await change(req, 'service-account.create', `service_account:${row.id}`, { name: b.name, project: pid }, (trx) => trx.insertInto('service_accounts').values(row).execute());
      return serviceAccountOut(row);
    };
    const findSa = async (req: FastifyRequest, pid: string | null) => {
      const { id } = req.params as { id: string };
      const row = await db.selectFrom('service_accounts').selectAll().where('id', '=', id).executeTakeFirst();
      // Through a project route only that project's accounts exist.
      if (!row || (pid !== null && row.project_id !== pid)) throw notFound('service account');
      return row;
    };
    const disableSa = async (req: FastifyRequest, pid: string | null) => {
      const row = await findSa(req, pid);
      const at = row.disabled_at ?? isoAt(now());
      if (!row.disabled_at) {
        await change(req, 'service-account.disable', `service_account:${row.id}`, { name: row.name }, async (trx, detail) => {
          await trx.updateTable('service_accounts').set({ disabled_at: at }).where('id', '=', row.id).execute();
          await revokeBeyondIssuers(trx, req, [`service_account:${row.id}`], detail);
        });
      }
      return serviceAccountOut({ ...row, disabled_at: at });
    };
    const saTokens = async (req: FastifyRequest, pid: string | null) => {
      const row = await findSa(req, pid);
      return tokensOut(db, await db.selectFrom('api_tokens').selectAll().where('owner_kind', '=', 'service_account').where('owner_id', '=', row.id).orderBy('created_at').execute());
    };
    const saRevoke = async (req: FastifyRequest, pid: string | null) => {
      const sa = await findSa(req, pid);
      const { tokenId } = req.params as { tokenId: string };
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).where('owner_kind', '=', 'service_account').where('owner_id', '=', sa.id).executeTakeFirst();
      return revokeToken(req, row, pid === null ? 'admin' : 'project');
    };
    const saIssue = async (req: FastifyRequest, pid: string | null) => {
      const row = await findSa(req, pid);
      if (row.disabled_at) throw new HttpError(409, 'E_CONFLICT', 'the service account is disabled');
      // A project's account gets tokens narrowed to its project, whoever asks.
      const scope = await tokenScope(req.body as TokenBody, pid ?? row.project_id);
      const check = async (trx: Transaction<Schema>) => {
        await assertHoldsRole(trx, await loadBindings(trx, 'service_account', row.id), scope, { what: `service account ${row.name}`, roleName: (req.body as TokenBody).role ?? '' });
        await assertMayIssueFor(trx, req, { kind: 'service_account', id: row.id, name: row.name }, scope);
      };
      return issueToken(req, { kind: 'service_account', id: row.id }, req.body as TokenBody, scope, check);
    };

    app.post('/api/v1/service-accounts', { schema: { tags, summary: 'Create an organisation-wide service account', body: saBody, response: R(201, serviceAccountSchema, 400, 409) }, preHandler: P('admin:users', serverWide) }, async (req, reply) =>
      reply.code(201).send(await createSa(req, null)),
    );
    app.get('/api/v1/service-accounts', { schema: { tags, summary: 'List every service account', response: R(200, list(serviceAccountSchema)) }, preHandler: P('admin:users', serverWide) }, async () =>
      Promise.all((await db.selectFrom('service_accounts').selectAll().orderBy('name').execute()).map(serviceAccountOut)),
    );
    app.post('/api/v1/service-accounts/:id/disable', { schema: { tags, summary: 'Disable a service account', params: params('id'), response: R(200, serviceAccountSchema, 404) }, preHandler: P('admin:users', serverWide) }, async (req) =>
      disableSa(req, null),
    );
    app.get('/api/v1/service-accounts/:id/tokens', { schema: { tags, summary: "A service account's tokens (no secrets)", params: params('id'), response: R(200, list(tokenInfoSchema), 404) }, preHandler: P('admin:users', serverWide) }, async (req) =>
      saTokens(req, null),
    );
    app.post(
      '/api/v1/service-accounts/:id/tokens',
      { schema: { tags, summary: 'Issue a token for a service account (shown once)', params: params('id'), body: tokenBody, response: R(201, newTokenSchema, 400, 404, 409) }, preHandler: P('admin:users', serverWide) },
      async (req, reply) => reply.code(201).send(await saIssue(req, null)),
    );
    app.delete('/api/v1/service-accounts/:id/tokens/:tokenId', { schema: { tags, summary: "Revoke a service account's token", params: params('id', 'tokenId'), response: R(200, tokenInfoSchema, 404) }, preHandler: P('admin:users', serverWide) }, async (req) =>
      saRevoke(req, null),
    );
    app.post('/api/v1/projects/:project/service-accounts', { schema: { tags, summary: "Create a project's service account", params: params('project'), body: saBody, response: R(201, serviceAccountSchema, 400, 404, 409) }, preHandler: P('projects:write') }, async (req, reply) =>
      reply.code(201).send(await createSa(req, projectId(req))),
    );
    app.get('/api/v1/projects/:project/service-accounts', { schema: { tags, summary: "A project's service accounts", params: params('project'), response: R(200, list(serviceAccountSchema), 404) }, preHandler: P('projects:read') }, async (req) =>
      Promise.all((await db.selectFrom('service_accounts').selectAll().where('project_id', '=', projectId(req)).orderBy('name').execute()).map(serviceAccountOut)),
    );
    app.post('/api/v1/projects/:project/service-accounts/:id/disable', { schema: { tags, summary: "Disable a project's service account", params: params('project', 'id'), response: R(200, serviceAccountSchema, 404) }, preHandler: P('projects:write') }, async (req) =>
      disableSa(req, projectId(req)),
    );
    app.get('/api/v1/projects/:project/service-accounts/:id/tokens', { schema: { tags, summary: "A project service account's tokens", params: params('project', 'id'), response: R(200, list(tokenInfoSchema), 404) }, preHandler: P('projects:write') }, async (req) =>
      saTokens(req, projectId(req)),
    );
    app.post(
      '/api/v1/projects/:project/service-accounts/:id/tokens',
      { schema: { tags, summary: "Issue a token for a project's service account (shown once)", params: params('project', 'id'), body: tokenBody, response: R(201, newTokenSchema, 400, 404, 409) }, preHandler: P('projects:write') },
      async (req, reply) => reply.code(201).send(await saIssue(req, projectId(req))),
    );
    app.delete('/api/v1/projects/:project/service-accounts/:id/tokens/:tokenId', { schema: { tags, summary: "Revoke a project service account's token", params: params('project', 'id', 'tokenId'), response: R(200, tokenInfoSchema, 404) }, preHandler: P('projects:write') }, async (req) =>
      saRevoke(req, projectId(req)),
    );

    // ---- the caller's own tokens ----
    // Permission: tokens:create on the project the new token is narrowed to (or server-wide).
    const selfTokenProject: ProjectOf = (req) => (req.body as TokenBody | undefined)?.project ?? null;
    app.post(
      '/api/v1/tokens',
      {
        schema: { tags, summary: 'Create an API token for yourself (shown once)', body: tokenBody, response: R(201, newTokenSchema, 400, 404, 409) },
        preHandler: [
          async (req) => {
            // A token mints only tokens as narrow as itself; CI tokens mint none.
            const p = me(req);
            if (p.kind === 'oidc_policy') throw new HttpError(403, 'E_FORBIDDEN', 'CI tokens cannot create tokens');
            const b = req.body as TokenBody;
            const scope = p.tokenScope;
            if (scope?.project != null) {
              const name = await projectName(scope.project);
              if (name === null || (b.project !== undefined && b.project !== name)) throw new HttpError(403, 'E_FORBIDDEN', 'your token is limited to another project');
              b.project = name;
            }
            // A role narrowing is carried as its id into the handler (tokenScope's forcedRole),
            // never turned into a name here: names are not unique across a project and the server.
          },
          P('tokens:create', selfTokenProject),
        ],
      },
      async (req, reply) => {
        const p = me(req);
        const b = req.body as TokenBody;
        const scope = await tokenScope(b, null, p.tokenScope?.role ?? null);
        await assertHoldsRole(db, p.bindings, scope, { what: 'you', roleName: b.role ?? scope.roleId ?? '' });
        return reply.code(201).send(await issueToken(req, { kind: p.kind, id: p.subjectId }, b, scope));
      },
    );
    // Reading and revoking one's own credentials needs no grant beyond holding them: anyone must
    // be able to kill a token of theirs that leaked. Only the caller's own rows are reachable.
    // Every CI job of a trust policy holds a token owned by the policy: a job reaches only its own
    // token, so one job (or a leaked CI token) can neither see nor revoke the other jobs' tokens.
    const ownTokens = (p: Principal) => {
      const q = db.selectFrom('api_tokens').selectAll().where('owner_kind', '=', p.kind).where('owner_id', '=', p.subjectId);
      return p.kind === 'oidc_policy' ? q.where('id', '=', p.tokenId) : q;
    };
    app.get('/api/v1/tokens', { schema: { tags, summary: 'Your own tokens (no secrets); a CI token lists only itself', response: R(200, list(tokenInfoSchema)) } }, async (req) =>
      tokensOut(db, await ownTokens(me(req)).orderBy('created_at').execute()),
    );
    app.delete('/api/v1/tokens/:id', { schema: { tags, summary: 'Revoke one of your tokens (a CI token: only itself)', params: params('id'), response: R(200, tokenInfoSchema, 404) } }, async (req) => {
      const row = await ownTokens(me(req)).where('id', '=', (req.params as { id: string }).id).executeTakeFirst();
      return revokeToken(req, row, 'self');
    });
    // Like reading and revoking, renewing one's own token needs no grant beyond holding it.
    app.post(
      '/api/v1/tokens/self/renew',
      {
        schema: {
          tags,
          summary: 'Replace the token you present with a new one (shown once): same owner, name, role and project narrowing, and a fresh lifetime as long as the old one had; the old token is revoked at once',
          description:
            'Refused for a revoked or expired token (401), a CI token (403: the job exchanges its OIDC token again), and with 409 E_NOT_RENEWABLE for a token that never expires, the bootstrap token, and a token a CI job issued. Audited as token.renew.',
          response: R(201, newTokenSchema, 403, 409),
        },
      },
      async (req, reply) => reply.code(201).send(await renewToken(req)),
    );
    // Tokens narrowed to a project (CI tokens included), for the people who answer incidents there.
    app.get('/api/v1/projects/:project/tokens', { schema: { tags, summary: "Tokens narrowed to the project (no secrets)", params: params('project'), response: R(200, list(tokenInfoSchema), 404) }, preHandler: P('tokens:revoke') }, async (req) =>
      tokensOut(db, await db.selectFrom('api_tokens').selectAll().where('project_id', '=', projectId(req)).orderBy('created_at').execute()),
    );
    app.delete('/api/v1/projects/:project/tokens/:id', { schema: { tags, summary: 'Revoke a token narrowed to the project', params: params('project', 'id'), response: R(200, tokenInfoSchema, 404) }, preHandler: P('tokens:revoke') }, async (req) => {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', (req.params as { id: string }).id).where('project_id', '=', projectId(req)).executeTakeFirst();
      return revokeToken(req, row, 'project');
    });

    // ---- role bindings ----
    // paths: optional secret path patterns (identity/secret-paths.ts), checked again in createBinding.
    const bindingBody = obj(
      { principalKind: { type: 'string', enum: ['user', 'service_account'] }, principalId: ID, role: SLUG, paths: { type: 'array', minItems: 1, maxItems: MAX_PATTERNS, items: { type: 'string', minLength: 1, maxLength: 256 } } },
      ['principalKind', 'principalId', 'role'],
    );
    app.post('/api/v1/projects/:project/role-bindings', { schema: { tags, summary: 'Grant a role on the project', params: params('project'), body: bindingBody, response: R(201, bindingSchema, 400, 404, 409) }, preHandler: P('roles:write') }, async (req, reply) =>
      reply.code(201).send(await createBinding(req, projectId(req))),
    );
    app.get('/api/v1/projects/:project/role-bindings', { schema: { tags, summary: "The project's role bindings", params: params('project'), response: R(200, list(bindingSchema), 404) }, preHandler: P('roles:read') }, async (req) =>
      listBindings(req, projectId(req)),
    );
    app.delete('/api/v1/projects/:project/role-bindings/:id', { schema: { tags, summary: 'Revoke a role on the project', params: params('project', 'id'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } }, preHandler: P('roles:write') }, async (req, reply) => {
      await deleteBinding(req, projectId(req));
      return reply.code(204).send();
    });
    app.post('/api/v1/role-bindings', { schema: { tags, summary: 'Grant a role globally', body: bindingBody, response: R(201, bindingSchema, 400, 404, 409) }, preHandler: P('admin:roles', serverWide) }, async (req, reply) =>
      reply.code(201).send(await createBinding(req, null)),
    );
    app.get('/api/v1/role-bindings', { schema: { tags, summary: 'Global role bindings', response: R(200, list(bindingSchema)) }, preHandler: P('admin:roles', serverWide) }, async (req) => listBindings(req, null));
    app.delete('/api/v1/role-bindings/:id', { schema: { tags, summary: 'Revoke a global role binding', params: params('id'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } }, preHandler: P('admin:roles', serverWide) }, async (req, reply) => {
      await deleteBinding(req, null);
      return reply.code(204).send();
    });

    // ---- custom roles ----
    // paths: optional secret path patterns (identity/secret-paths.ts), checked again by validateRole.
    const roleBody = obj(
      {
        name: SLUG, permissions: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 130 } }, description: TEXT,
        paths: { type: 'array', minItems: 1, maxItems: MAX_PATTERNS, items: { type: 'string', minLength: 1, maxLength: 256 } },
      },
      ['name', 'permissions'],
    );
    app.post('/api/v1/projects/:project/roles', { schema: { tags, summary: 'Create a custom role of the project', params: params('project'), body: roleBody, response: R(201, roleSchema, 400, 404, 409) }, preHandler: P('roles:write') }, async (req, reply) =>
      reply.code(201).send(await createRole(req, projectId(req))),
    );
    app.get('/api/v1/projects/:project/roles', { schema: { tags, summary: 'Roles usable in the project', params: params('project'), response: R(200, list(roleSchema), 404) }, preHandler: P('roles:read') }, async (req) =>
      listRoles(req, projectId(req)),
    );
    app.delete('/api/v1/projects/:project/roles/:id', { schema: { tags, summary: 'Delete a custom role of the project', params: params('project', 'id'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) } }, preHandler: P('roles:write') }, async (req, reply) => {
      await deleteRole(req, projectId(req));
      return reply.code(204).send();
    });
    app.post('/api/v1/roles', { schema: { tags, summary: 'Create a global custom role', body: roleBody, response: R(201, roleSchema, 400, 409) }, preHandler: P('admin:roles', serverWide) }, async (req, reply) =>
      reply.code(201).send(await createRole(req, null)),
    );
    app.get('/api/v1/roles', { schema: { tags, summary: 'Global roles (built-in and custom)', response: R(200, list(roleSchema)) }, preHandler: P('roles:read', serverWide) }, async (req) => listRoles(req, null));
    app.delete('/api/v1/roles/:id', { schema: { tags, summary: 'Delete a global custom role', params: params('id'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404, 409) } }, preHandler: P('admin:roles', serverWide) }, async (req, reply) => {
      await deleteRole(req, null);
      return reply.code(204).send();
    });

    // ---- OIDC trust policies ----
    const policyBody = obj(
      {
        name: SLUG,
        issuer: { type: 'string', minLength: 1, maxLength: 512 },
        audience: { type: 'string', minLength: 1, maxLength: 512 },
        conditions: { type: 'object', maxProperties: 30, additionalProperties: conditionValue },
        role: SLUG,
        maxTtlSeconds: { type: 'integer' },
      },
      ['name', 'issuer', 'audience', 'conditions', 'role'],
    );
    app.post(
      '/api/v1/projects/:project/oidc-policies',
      { schema: { tags, summary: 'Trust CI id tokens matching these conditions', params: params('project'), body: policyBody, response: R(201, policySchema, 400, 404, 409) }, preHandler: P('oidc:write') },
      async (req, reply) => {
        const pid = projectId(req);
        const b = req.body as { name: string; issuer: string; audience: string; conditions: TrustPolicy['conditions']; role: string; maxTtlSeconds?: number };
        const role = await roleByName(b.role, pid);
        if (!role) throw notFound('role');
        const policy: TrustPolicy = {
          id: randomUUID(), name: b.name, project: pid, issuer: b.issuer, audience: b.audience, conditions: b.conditions, role: role.id,
          maxTtlSeconds: b.maxTtlSeconds ?? DEFAULT_TTL_SECONDS,
        };
        const problems = validateTrustPolicy(policy, { allowInsecureLoopback: opts.allowInsecureLoopback ?? false, allowPrivateAddresses: opts.allowPrivateIssuers ?? false });
        if (problems.length > 0) throw new HttpError(400, 'E_VALIDATION', problems.join('; '));
        // Allowed but likely a mistake (an audience with a trailing slash): said in the answer, the log and the audit entry.
        const warnings = trustPolicyWarnings(policy);
        if (warnings.length > 0) req.log.warn({ policy: b.name, warnings }, 'trust policy created with warnings');
        // A CI token's binding has no paths of its own: it gets the role's (requirePermission's
        // catalog carries them, role-store.ts loadRoleCatalog).
        const row = {
          id: policy.id, project_id: pid, name: b.name, issuer: b.issuer, audience: b.audience, conditions: JSON.stringify(b.conditions), role_id: role.id,
          max_ttl_s: Math.min(policy.maxTtlSeconds!, MAX_TTL_SECONDS), disabled_at: null, created_at: isoNow(),
        };
        await change(req, 'oidc-policy.create', `oidc_policy:${row.id}`, { name: b.name, project: pid, issuer: b.issuer, role: role.name, conditions: Object.keys(b.conditions), ...(warnings.length ? { warnings } : {}) }, async (trx) => {
          await assertMayGrant(trx, req, role, pid, bindingScope(role, {}));
          await trx.insertInto('oidc_trust_policies').values(row).execute();
        });
        return reply.code(201).send({ ...(policyOut(row, (req.params as { project: string }).project, role.name)), ...(warnings.length ? { warnings } : {}) });
      },
    );
    app.get('/api/v1/projects/:project/oidc-policies', { schema: { tags, summary: "The project's OIDC trust policies", params: params('project'), response: R(200, list(policySchema), 404) }, preHandler: P('oidc:read') }, async (req) => {
      const rows = await db
        .selectFrom('oidc_trust_policies')
        .innerJoin('roles', 'roles.id', 'oidc_trust_policies.role_id')
        .selectAll('oidc_trust_policies')
        .select('roles.name as role_name')
        .where('oidc_trust_policies.project_id', '=', projectId(req))
        .orderBy('oidc_trust_policies.name')
        .execute();
      return rows.map((r) => policyOut(r, (req.params as { project: string }).project, r.role_name));
    });
    app.delete('/api/v1/projects/:project/oidc-policies/:id', { schema: { tags, summary: 'Delete a trust policy (its CI tokens are revoked)', params: params('project', 'id'), response: { 204: { type: 'null' }, ...errorResponses(401, 403, 404) } }, preHandler: P('oidc:write') }, async (req, reply) => {
      const pid = projectId(req);
      const { id } = req.params as { id: string };
      const row = await db.selectFrom('oidc_trust_policies').select(['id', 'name']).where('id', '=', id).where('project_id', '=', pid).executeTakeFirst();
      if (!row) throw notFound('trust policy');
      await change(req, 'oidc-policy.delete', `oidc_policy:${id}`, { name: row.name, project: pid }, async (trx, detail) => {
        await trx.deleteFrom('oidc_trust_policies').where('id', '=', id).execute();
        await revokePolicyTokens(trx, req, id, detail);
      });
      return reply.code(204).send();
    });
    // Disabling keeps the policy (its conditions, its id in the audit log) but it refuses every
    // exchange and its CI tokens are revoked as on deletion: enabling it again lets new jobs in,
    // never brings back a token. Already in the asked state: returned unchanged, nothing written.
    app.post(
      '/api/v1/projects/:project/oidc-policies/:id/disable',
      {
        schema: { tags, summary: 'Disable a trust policy: it refuses exchanges, and its CI tokens (and the tokens they issued) are revoked', params: params('project', 'id'), response: R(200, policySchema, 404) },
        preHandler: P('oidc:write'),
      },
      async (req) => setPolicyDisabled(req, true),
    );
    app.post(
      '/api/v1/projects/:project/oidc-policies/:id/enable',
      {
        schema: { tags, summary: 'Enable a disabled trust policy again (needs every permission its role carries, like creating it; revoked tokens stay revoked)', params: params('project', 'id'), response: R(200, policySchema, 400, 404) },
        preHandler: P('oidc:write'),
      },
      async (req) => setPolicyDisabled(req, false),
    );
  };

  /**
   * A trust policy's CI tokens and the tokens they issued for others, revoked inside a deletion's
   * or a disabling's transaction. The CI tokens' ids go in the change's detail (`revokedCiTokens`),
   * the others in `revokedTokens` (revokeBeyondIssuers: a disabled or deleted policy holds nothing).
   */
  async function revokePolicyTokens(trx: Transaction<Schema>, req: FastifyRequest, policyId: string, detail: JsonObject): Promise<void> {
    const live = await trx.selectFrom('api_tokens').select('id').where('owner_kind', '=', 'oidc_policy').where('owner_id', '=', policyId).where('revoked_at', 'is', null).execute();
    if (live.length > 0) {
      await trx.updateTable('api_tokens').set({ revoked_at: isoAt(now()) }).where('id', 'in', live.map((r) => r.id)).execute();
      detail.revokedCiTokens = live.map((r) => r.id);
    }
    // The policy row is deleted or disabled before this runs (loadIssuer then holds it to nothing).
    await revokeBeyondIssuers(trx, req, [`oidc_policy:${policyId}`], detail);
  }

  async function setPolicyDisabled(req: FastifyRequest, disable: boolean) {
    const pid = projectId(req);
    const { id } = req.params as { id: string };
    const projectName = (req.params as { project: string }).project;
    const read = (q: StoreDb) => q.selectFrom('oidc_trust_policies').selectAll().where('id', '=', id).where('project_id', '=', pid).executeTakeFirst();
    const before = await read(db);
    if (!before) throw notFound('trust policy');
    if ((before.disabled_at !== null) === disable) return policyOut(before, projectName, await roleNameOf(before.role_id));
    const at = disable ? isoAt(now()) : null;
    const detail: JsonObject = { name: before.name, project: pid };
    await change(req, disable ? 'oidc-policy.disable' : 'oidc-policy.enable', `oidc_policy:${id}`, detail, async (trx, d) => {
      const row = await read(trx);
      if (!row) throw notFound('trust policy');
      if (!disable) {
        // Enabling grants the policy's role to every job it matches again: the same checks as creating it.
        const role = (await catalog(trx)).get(row.role_id);
        if (!role) throw new HttpError(400, 'E_VALIDATION', `the policy's role ${row.role_id} no longer exists`);
        const problems = validateTrustPolicy(trustPolicyFromRow(row), { allowInsecureLoopback: opts.allowInsecureLoopback ?? false, allowPrivateAddresses: opts.allowPrivateIssuers ?? false });
        if (problems.length > 0) throw new HttpError(400, 'E_VALIDATION', `the policy cannot be enabled as stored: ${problems.join('; ')}; delete it and create it again`);
        await assertMayGrant(trx, req, role, pid, bindingScope(role, {}));
      }
      await trx.updateTable('oidc_trust_policies').set({ disabled_at: at }).where('id', '=', id).execute();
      if (disable) await revokePolicyTokens(trx, req, id, d);
    });
    return policyOut({ ...before, disabled_at: at }, projectName, await roleNameOf(before.role_id));
  }

  async function roleNameOf(roleId: string): Promise<string> {
    return (await db.selectFrom('roles').select('name').where('id', '=', roleId).executeTakeFirst())?.name ?? roleId;
  }
}
