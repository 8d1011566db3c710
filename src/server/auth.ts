import type { Store } from '../store/db.js';
import type { OwnerKind } from '../store/schema.js';
import type { Principal as RbacPrincipal, RoleBinding } from './identity/rbac.js';
import { identityEpoch } from './identity/epoch.js';
import { loadBindings } from './identity/role-store.js';
import { hashesEqual, hashToken, parseToken, TOKEN_LENGTH, type TokenKind } from './identity/tokens.js';

/** Who made a request: what RBAC needs (identity/rbac.ts) plus what routes and audit show. */
export interface Principal extends RbacPrincipal {
  /** `user:<id>`, `service_account:<id>` or `oidc_policy:<id>`. */
  id: string;
  kind: OwnerKind;
  /** Row id in users / service_accounts / oidc_trust_policies. */
  subjectId: string;
  /** Username, service account name or trust policy name. */
  name: string;
  /** The api_tokens row used (never the token). */
  tokenId: string;
}

/**
 * Token -> principal, or null for anything not currently valid. Pluggable in buildServer.
 * `cached`, when present, answers synchronously for a token whose principal is cached (undefined
 * otherwise, and the server awaits the function itself): the common request skips a promise.
 */
export type Authenticate = ((token: string) => Promise<Principal | null>) & { cached?: (token: string) => Principal | undefined };

const OWNER_OF_KIND: Record<TokenKind, OwnerKind> = { user: 'user', service: 'service_account', ci: 'oidc_policy' };

/** last_used_at is refreshed at most this often, so a busy token does not write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** How long a token's principal is reused without reading the store (changes made elsewhere). */
export const AUTH_CACHE_TTL_MS = 2_000;
const AUTH_CACHE_MAX = 10_000;

interface Cached {
  principal: Principal;
  /** The token's own expiry (ms), or null. */
  expiresAt: number | null;
  /** When the entry stops being trusted (read time + TTL). */
  staleAt: number;
  /** identity epoch at the start of the read: any later identity change invalidates the entry. */
  epoch: number;
}

/**
 * The first authenticator: API tokens by their SHA-256 hash in api_tokens, refusing unknown,
 * malformed (checksum), revoked and expired tokens and tokens of disabled owners.
 *
 * A valid token's principal is cached by hash (3-4 queries saved per request). An entry is
 * dropped as soon as this process changes any identity row (identity/epoch.ts: revocation,
 * disabling, role and binding changes take effect on the next request), when the token expires,
 * and after `ttlMs` (changes made by another process). Refusals are never cached.
 */
export function tokenAuthenticator(
  store: Store,
  opts: {
    now?: () => number;
    ttlMs?: number;
    /** Writes last_used_at elsewhere (the SQLite writer thread), instead of on this connection. */
    touch?: (tokenId: string, at: string) => Promise<void>;
  } = {},
): Authenticate {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlMs ?? AUTH_CACHE_TTL_MS;
  const cache = new Map<string, Cached>();
  /**
   * The cached principal of a token by its hash (never by the token itself). Only tokens that
   * passed the format, checksum and database checks are cached, so a hit needs no parse; an entry
   * read before the latest identity change, stale, or past the token's expiry is dropped.
   */
  const fromCache = (hash: string, t: number): Principal | undefined => {
    const hit = cache.get(hash);
    if (hit === undefined) return undefined;
    if (hit.epoch === identityEpoch() && t < hit.staleAt && (hit.expiresAt === null || t < hit.expiresAt)) return hit.principal;
    cache.delete(hash);
    return undefined;
  };
  const authenticate: Authenticate = async (token) => {
    if (typeof token !== 'string' || token.length !== TOKEN_LENGTH) return null;
    const hash = hashToken(token);
    const t0 = now();
    const epoch = identityEpoch();
    const hit = fromCache(hash, t0);
    if (hit) return hit;
    const parsed = parseToken(token);
    if (!parsed) return null; // wrong shape or checksum: no database lookup
    const principal = await lookup(hash, parsed.kind);
    if (principal && ttl > 0) {
      if (cache.size >= AUTH_CACHE_MAX) cache.clear();
      cache.set(hash, { principal: principal.p, expiresAt: principal.expiresAt, staleAt: t0 + ttl, epoch });
    }
    return principal?.p ?? null;
  };
  authenticate.cached = (token) => (typeof token === 'string' && token.length === TOKEN_LENGTH ? fromCache(hashToken(token), now()) : undefined);
  return authenticate;

  async function lookup(hash: string, kind: TokenKind): Promise<{ p: Principal; expiresAt: number | null } | null> {
    const row = await store.db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    // The lookup is by an index on the hash; the compare below keeps the final check constant-time.
    if (!row || !hashesEqual(row.hash, hash)) return null;
    if (row.owner_kind !== OWNER_OF_KIND[kind]) return null;
    const t = now();
    if (row.revoked_at !== null) return null;
    if (row.expires_at !== null && Date.parse(row.expires_at) <= t) return null;

    const owner = await loadOwner(store, row.owner_kind, row.owner_id);
    if (!owner || owner.disabled) return null;

    let bindings: RoleBinding[];
    if (row.owner_kind === 'oidc_policy') {
      // A CI token carries exactly the policy's role on the policy's project.
      if (!row.role_id || !row.project_id) return null;
      bindings = [{ role: row.role_id, project: row.project_id }];
    } else {
      bindings = await loadBindings(store.db, row.owner_kind, row.owner_id);
    }

    if (row.last_used_at === null || t - Date.parse(row.last_used_at) >= LAST_USED_GRANULARITY_MS) {
      const at = new Date(t).toISOString();
      if (opts.touch) await opts.touch(row.id, at);
      else await store.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
    }

    const principal: Principal = {
      id: `${row.owner_kind}:${row.owner_id}`,
      kind: row.owner_kind,
      subjectId: row.owner_id,
      name: owner.name,
      tokenId: row.id,
      bindings,
    };
    if (row.role_id !== null || row.project_id !== null) principal.tokenScope = Object.freeze({ role: row.role_id, project: row.project_id });
    // Shared by every request of this token while cached: nobody may change it.
    Object.freeze(principal.bindings);
    return { p: Object.freeze(principal), expiresAt: row.expires_at === null ? null : Date.parse(row.expires_at) };
  }
}

async function loadOwner(store: Store, kind: OwnerKind, id: string): Promise<{ name: string; disabled: boolean } | null> {
  switch (kind) {
    case 'user': {
      const u = await store.db.selectFrom('users').select(['username', 'disabled_at']).where('id', '=', id).executeTakeFirst();
      return u ? { name: u.username, disabled: u.disabled_at !== null } : null;
    }
    case 'service_account': {
      const s = await store.db.selectFrom('service_accounts').select(['name', 'disabled_at']).where('id', '=', id).executeTakeFirst();
      return s ? { name: s.name, disabled: s.disabled_at !== null } : null;
    }
    case 'oidc_policy': {
      const p = await store.db.selectFrom('oidc_trust_policies').select(['name', 'disabled_at']).where('id', '=', id).executeTakeFirst();
      return p ? { name: p.name, disabled: p.disabled_at !== null } : null;
    }
    default:
      return null;
  }
}
