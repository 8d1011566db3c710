import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../../store/schema.js';
import type { Principal } from './rbac.js';
import { loadBindings } from './role-store.js';

/**
 * The issuer of a token (api_tokens.issued_by, a principal id such as `user:<id>`) as an RBAC
 * principal with its current bindings, so that routes.ts can ask whether a token it issued would
 * now be wider than the issuer. The issuer's whole bindings count, not the narrowing of the token
 * it used to issue: the issuer could mint itself such a token at any time. An issuer that no
 * longer exists, is disabled or is malformed holds nothing.
 */
export interface Issuer extends Principal {
  /** For messages: `user carol`, `service account deploy-bot`, `trust policy gha-main`. */
  label: string;
}

export async function loadIssuer(db: Kysely<Schema> | Transaction<Schema>, principalId: string): Promise<Issuer> {
  const at = principalId.indexOf(':');
  const kind = at < 0 ? '' : principalId.slice(0, at);
  const id = at < 0 ? '' : principalId.slice(at + 1);
  const nothing = (label: string): Issuer => ({ id: principalId, label, bindings: [], disabled: true });
  if (kind === 'user' || kind === 'service_account') {
    const owner =
      kind === 'user'
        ? await db.selectFrom('users').select(['username as name', 'disabled_at']).where('id', '=', id).executeTakeFirst()
        : await db.selectFrom('service_accounts').select(['name', 'disabled_at']).where('id', '=', id).executeTakeFirst();
    const label = `${kind === 'user' ? 'user' : 'service account'} ${owner?.name ?? id}`;
    if (!owner || owner.disabled_at !== null) return nothing(label);
    return { id: principalId, label, bindings: await loadBindings(db, kind, id) };
  }
  if (kind === 'oidc_policy') {
    // A CI token acts with its policy's role on the policy's project (auth.ts does the same).
    const p = await db.selectFrom('oidc_trust_policies').select(['name', 'role_id', 'project_id', 'disabled_at']).where('id', '=', id).executeTakeFirst();
    const label = `trust policy ${p?.name ?? id}`;
    if (!p || p.disabled_at !== null) return nothing(label);
    return { id: principalId, label, bindings: [{ role: p.role_id, project: p.project_id }] };
  }
  return nothing(principalId);
}
