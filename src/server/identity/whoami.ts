import type { StoreDb } from '../../store/db.js';
import type { Principal } from '../auth.js';
import { HttpError } from '../app.js';
import { bindingScope } from './rbac.js';
import { loadRoleCatalog } from './role-store.js';

/**
 * What GET /api/v1/whoami says about the caller, readable by people: each binding with its role's
 * and project's names, and with `?project=<name or id>` only the bindings that apply there (global
 * ones and that project's, within the token's narrowing) with the permissions they give. An
 * unknown project is a 404: `rampart whoami --project shop` must not read as "no roles there"
 * because of a typo, and a project where none of the caller's bindings applies is the same 404, so
 * whoami does not tell who may see a project whether it exists. Names are looked up for display only; decisions keep using ids (rbac.ts).
 */

export interface WhoamiBinding {
  role: string;
  roleName: string;
  project: string | null;
  projectName: string | null;
  paths: readonly string[] | null;
  permissions: string[];
}

export interface Whoami {
  bindings: WhoamiBinding[];
  /** The project asked about, resolved. */
  project?: { id: string; name: string };
  /** The token's narrowing (role and project ids), when it has one. */
  tokenScope?: { role: string | null; project: string | null };
  /** When the presented token stops working (ISO time), null for never: `rampart login`/`whoami` show it and warn. */
  tokenExpiresAt?: string | null;
  /** The presented token is the bootstrap token (not renewed: its way on is a lasting token made with it). */
  bootstrapToken?: true;
}

export async function describeWhoami(db: StoreDb, p: Principal, projectRef?: string): Promise<Whoami> {
  let project: { id: string; name: string } | undefined;
  if (projectRef !== undefined) {
    // A name first (what people type), then an id.
    const rows = await db.selectFrom('projects').select(['id', 'name']).where((eb) => eb.or([eb('name', '=', projectRef), eb('id', '=', projectRef)])).execute();
    project = rows.find((r) => r.name === projectRef) ?? rows[0];
    if (!project) throw notFound(projectRef);
  }
  const catalog = await loadRoleCatalog(db);
  const scope = p.tokenScope;
  const ids = [...new Set(p.bindings.map((b) => b.project).filter((x): x is string => x !== null))];
  const names = new Map<string, string>();
  if (ids.length) for (const r of await db.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(r.id, r.name);
  const bindings: WhoamiBinding[] = [];
  for (const b of p.bindings) {
    const role = catalog.get(b.role);
    if (project) {
      // As authorize() reads them: the token's narrowing, then the binding's and the role's project.
      if (scope?.project != null && scope.project !== project.id) continue;
      if (scope?.role != null && b.role !== scope.role) continue;
      if (b.project !== null && b.project !== project.id) continue;
      if (role?.project != null && role.project !== project.id) continue;
    }
    bindings.push({
      role: b.role,
      roleName: role?.name ?? b.role,
      project: b.project,
      projectName: b.project === null ? null : (names.get(b.project) ?? null),
      paths: role ? bindingScope(role, b) : (b.paths ?? null),
      permissions: role ? [...role.permissions] : [],
    });
  }
  // Unknown and forbidden look alike (app.ts MISSING_PROJECT): a caller with no binding that
  // applies there must not learn that the project exists, nor its id.
  if (project && projectRef !== undefined && bindings.length === 0) throw notFound(projectRef);
  const token = await db.selectFrom('api_tokens').select(['expires_at', 'bootstrap']).where('id', '=', p.tokenId).executeTakeFirst();
  return {
    bindings,
    ...(project ? { project } : {}),
    ...(scope ? { tokenScope: { role: scope.role, project: scope.project } } : {}),
    ...(token ? { tokenExpiresAt: token.expires_at } : {}),
    ...(Number(token?.bootstrap) === 1 ? { bootstrapToken: true as const } : {}),
  };
}

function notFound(projectRef: string): HttpError {
  return new HttpError(404, 'E_NOT_FOUND', `project ${projectRef.slice(0, 128)} not found`);
}
