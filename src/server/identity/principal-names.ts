import type { StoreDb } from '../../store/db.js';

/**
 * Names for stored principal ids (`user:<id>`, `service_account:<id>`, `oidc_policy:<id>`), as
 * people read them: a username, a service account's name, a CI trust policy's name. Used where a
 * record keeps the id (secret versions' created_by) so that listings can say who, not a uuid.
 * Ids of other forms, or of principals deleted since, get no name.
 */
export async function principalNames(db: StoreDb, ids: Iterable<string>): Promise<Map<string, string>> {
  const byKind = new Map<string, Set<string>>();
  for (const id of ids) {
    const i = id.indexOf(':');
    if (i <= 0) continue;
    const kind = id.slice(0, i);
    if (!byKind.has(kind)) byKind.set(kind, new Set());
    byKind.get(kind)!.add(id.slice(i + 1));
  }
  const out = new Map<string, string>();
  const users = [...(byKind.get('user') ?? [])];
  if (users.length) for (const r of await db.selectFrom('users').select(['id', 'username']).where('id', 'in', users).execute()) out.set(`user:${r.id}`, r.username);
  const sas = [...(byKind.get('service_account') ?? [])];
  if (sas.length) for (const r of await db.selectFrom('service_accounts').select(['id', 'name']).where('id', 'in', sas).execute()) out.set(`service_account:${r.id}`, r.name);
  const pols = [...(byKind.get('oidc_policy') ?? [])];
  if (pols.length) for (const r of await db.selectFrom('oidc_trust_policies').select(['id', 'name']).where('id', 'in', pols).execute()) out.set(`oidc_policy:${r.id}`, r.name);
  return out;
}
