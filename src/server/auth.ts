import type { Store } from '../store/db.js';
import type { OwnerKind } from '../store/schema.js';
import type { Principal as RbacPrincipal, RoleBinding } from './identity/rbac.js';
import { hashesEqual, hashToken, parseToken, type TokenKind } from './identity/tokens.js';

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

/** Token -> principal, or null for anything not currently valid. Pluggable in buildServer. */
export type Authenticate = (token: string) => Promise<Principal | null>;

const OWNER_OF_KIND: Record<TokenKind, OwnerKind> = { user: 'user', service: 'service_account', ci: 'oidc_policy' };

/** last_used_at is refreshed at most this often, so a busy token does not write on every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/**
 * The first authenticator: API tokens by their SHA-256 hash in api_tokens, refusing unknown,
 * malformed (checksum), revoked and expired tokens and tokens of disabled owners.
 */
export function tokenAuthenticator(store: Store, opts: { now?: () => number } = {}): Authenticate {
  const now = opts.now ?? Date.now;
  return async (token) => {
    const parsed = parseToken(token);
    if (!parsed) return null; // wrong shape or checksum: no database lookup
    const hash = hashToken(token);
    const row = await store.db.selectFrom('api_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    // The lookup is by an index on the hash; the compare below keeps the final check constant-time.
    if (!row || !hashesEqual(row.hash, hash)) return null;
    if (row.owner_kind !== OWNER_OF_KIND[parsed.kind]) return null;
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
      const rows = await store.db
        .selectFrom('role_bindings')
        .select(['role_id', 'project_id'])
        .where('principal_kind', '=', row.owner_kind)
        .where('principal_id', '=', row.owner_id)
        .execute();
      bindings = rows.map((b) => ({ role: b.role_id, project: b.project_id }));
    }

    if (row.last_used_at === null || t - Date.parse(row.last_used_at) >= LAST_USED_GRANULARITY_MS) {
      await store.db.updateTable('api_tokens').set({ last_used_at: new Date(t).toISOString() }).where('id', '=', row.id).execute();
    }

    const principal: Principal = {
      id: `${row.owner_kind}:${row.owner_id}`,
      kind: row.owner_kind,
      subjectId: row.owner_id,
      name: owner.name,
      tokenId: row.id,
      bindings,
    };
    if (row.role_id !== null || row.project_id !== null) principal.tokenScope = { role: row.role_id, project: row.project_id };
    return principal;
  };
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
