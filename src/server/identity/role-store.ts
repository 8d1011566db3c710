import type { Kysely, Transaction } from 'kysely';
import type { Row, Schema } from '../../store/schema.js';
import { roleCatalog, type Role, type RoleBinding, type RoleCatalog } from './rbac.js';
import { parseStoredPaths } from './secret-paths.js';

/**
 * Custom roles and role bindings as stored -> rbac.ts Role / RoleBinding, in one place, so every catalog that
 * authorize() reads carries the same fields: a role's secret path scope (`paths`, 0004) left out
 * of a catalog would silently widen the role to every path.
 */

/** A stored permissions column: a corrupt one grants nothing. */
export function parseStoredPermissions(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** One roles row as a Role; a corrupt `paths` column covers no path (parseStoredPaths). */
export function roleFromRow(r: Pick<Row<'roles'>, 'id' | 'name' | 'project_id' | 'permissions' | 'paths'> & Partial<Pick<Row<'roles'>, 'builtin' | 'description'>>): Role {
  return {
    id: r.id,
    name: r.name,
    project: r.project_id,
    permissions: parseStoredPermissions(r.permissions),
    paths: parseStoredPaths(r.paths ?? null),
    ...(r.builtin !== undefined ? { builtin: r.builtin === 1 } : {}),
    ...(r.description !== undefined && r.description !== null ? { description: r.description } : {}),
  };
}

/** Every custom role in the store (the built-ins are code, rbac.ts BUILTIN_ROLES). */
export async function loadCustomRoles(db: Kysely<Schema> | Transaction<Schema>): Promise<Role[]> {
  const rows = await db.selectFrom('roles').select(['id', 'name', 'project_id', 'permissions', 'paths']).where('builtin', '=', 0).execute();
  return rows.map(roleFromRow);
}

/** The built-ins plus every custom role in the store, for authorize(). */
export async function loadRoleCatalog(db: Kysely<Schema> | Transaction<Schema>): Promise<RoleCatalog> {
  return roleCatalog(await loadCustomRoles(db));
}

/** A user's or service account's bindings as stored; a corrupt `paths` column covers no path. */
export async function loadBindings(db: Kysely<Schema> | Transaction<Schema>, kind: 'user' | 'service_account', id: string): Promise<RoleBinding[]> {
  const rows = await db.selectFrom('role_bindings').select(['role_id', 'project_id', 'paths']).where('principal_kind', '=', kind).where('principal_id', '=', id).execute();
  return rows.map((b) => ({ role: b.role_id, project: b.project_id, paths: parseStoredPaths(b.paths) }));
}
