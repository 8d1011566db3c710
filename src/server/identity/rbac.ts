/**
 * Role-based access control as pure functions over plain data: the store loads roles, bindings
 * and token narrowing rows; this module decides. Deny by default: a request is allowed only when
 * a binding that applies to the requested project names a role whose permissions cover it.
 *
 * Permissions are `resource:action` strings. Grants may use `resource:*` (every action on one
 * resource) or `*:*` (everything, the admin role). Requests are always concrete.
 *
 * Scopes: a binding with a project grants on that project only; a binding with `project: null`
 * is global and must say so explicitly (undefined is malformed and ignored). Permissions on the
 * `admin` resource (users, roles, keys, server settings) are server-wide: only a global binding
 * grants them, so a project admin never administers the server.
 *
 * Secret paths: a binding may carry `paths` (secret-paths.ts patterns), and so may a custom role.
 * The binding's `secrets:*` grants then cover only the paths both allow (a binding without paths
 * inherits the role's, a role without paths leaves the binding's); other grants are unaffected.
 * A check that names the path decides it exactly; a check without one (the route's first gate)
 * allows and returns the patterns the caller is limited to, for the route to apply.
 */

import { anyPathMatches, intersectScopes, validatePathPatterns } from './secret-paths.js';

export type Permission = `${string}:${string}`;

/** Known permissions. Custom roles may only use these (or wildcards over them). */
export const PERMISSIONS = [
  'projects:read',
  'projects:write',
  'secrets:list',
  'secrets:read',
  'secrets:write',
  'secrets:delete',
  'secrets:destroy',
  'secrets:rotate',
  'findings:read',
  'findings:write',
  'waivers:request',
  'waivers:approve',
  'policies:read',
  'policies:write',
  'deploy:check',
  'deploy:read',
  'audit:read',
  'audit:export',
  'oidc:read',
  'oidc:write',
  'tokens:create',
  'tokens:revoke',
  'roles:read',
  'roles:write',
  'admin:users',
  'admin:roles',
  'admin:keys',
  'admin:settings',
] as const satisfies readonly Permission[];

export type KnownPermission = (typeof PERMISSIONS)[number];

/** Resources whose permissions only a global binding can grant. */
export const GLOBAL_ONLY_RESOURCES: ReadonlySet<string> = new Set(['admin']);

export interface Role {
  /** Key that bindings refer to (the roles table id; built-ins use their name). */
  id: string;
  name: string;
  /** null = usable in every project; else a custom role that only applies in that project. */
  project: string | null;
  permissions: string[];
  builtin?: boolean;
  description?: string;
  /** Secret path patterns the role's `secrets:*` grants are limited to; null/absent = every path. */
  paths?: readonly string[] | null;
}

export interface RoleBinding {
  /** A Role id. */
  role: string;
  /** null = global (explicit); a string = that project only. */
  project: string | null;
  /** Secret path patterns its `secrets:*` grants are limited to; null/absent = every path. */
  paths?: readonly string[] | null;
}

export interface Principal {
  /** e.g. `user:<id>`; only used in reasons. */
  id: string;
  bindings: RoleBinding[];
  /** A disabled account or revoked token never gets anything. */
  disabled?: boolean;
  /**
   * Narrowing carried by the presented token (api_tokens.role_id / project_id). It can only take
   * rights away: only bindings of that role, only on that project.
   */
  tokenScope?: { role: string | null; project: string | null };
}

export interface Decision {
  allow: boolean;
  reason: string;
  /**
   * Set on an allowed `secrets:*` check made without a path when only path-scoped bindings grant
   * it: the patterns the caller may use (the route must apply them). Absent = every path.
   */
  paths?: readonly string[];
}

export type RoleCatalog = ReadonlyMap<string, Role>;

const VIEWER: string[] = ['projects:read', 'secrets:list', 'findings:read', 'policies:read', 'deploy:read', 'oidc:read', 'roles:read'];

/** The five built-in roles, as data. The store seeds them with `id` = name. */
export const BUILTIN_ROLES: readonly Role[] = deepFreeze([
  {
    id: 'viewer',
    name: 'viewer',
    project: null,
    builtin: true,
    description: 'Read project metadata, findings, policies and deployment decisions; list secret paths (never values).',
    permissions: VIEWER,
  },
  {
    id: 'developer',
    name: 'developer',
    project: null,
    builtin: true,
    description: 'Viewer plus read and write secrets, upload findings, request waivers and run deployment checks.',
    permissions: [...VIEWER, 'secrets:read', 'secrets:write', 'secrets:rotate', 'findings:write', 'waivers:request', 'deploy:check', 'tokens:create'],
  },
  {
    id: 'deployer',
    name: 'deployer',
    project: null,
    builtin: true,
    description: 'Viewer plus read secrets and ask the deployment gate. No uploads: whoever deploys does not also supply the scan evidence the gate judges.',
    // No findings:write (scans, signature bundles): a deployer who could upload could vouch for
    // what they deploy. A pipeline that scans uses a role that holds it (README: a `scanner` role).
    permissions: [...VIEWER, 'secrets:read', 'deploy:check'],
  },
  {
    id: 'security-admin',
    name: 'security-admin',
    project: null,
    builtin: true,
    description: 'Viewer plus manage findings, waivers, policies, OIDC trust and the audit log; no secret values.',
    permissions: [...VIEWER, 'findings:*', 'waivers:*', 'policies:*', 'audit:*', 'oidc:*', 'tokens:revoke'],
  },
  {
    id: 'admin',
    name: 'admin',
    project: null,
    builtin: true,
    description: 'Everything. Bound globally it also administers the server (users, roles, keys); bound to a project, only that project.',
    permissions: ['*:*'],
  },
] satisfies Role[]);

/** Frozen so no caller can widen a built-in role at run time. */
function deepFreeze<T extends object[]>(roles: T): Readonly<T> {
  for (const r of roles) {
    const role = r as Role;
    Object.freeze(role.permissions);
    Object.freeze(role);
  }
  return Object.freeze(roles);
}

export const BUILTIN_ROLE_NAMES = BUILTIN_ROLES.map((r) => r.name);

const PART = '[a-z][a-z0-9-]{0,62}';
const REQUEST_RE = new RegExp(`^${PART}:${PART}$`);
const GRANT_RE = new RegExp(`^(?:${PART}|\\*):(?:${PART}|\\*)$`);
const ROLE_NAME_RE = /^[a-z][a-z0-9-]{0,62}$/;
const KNOWN = new Set<string>(PERMISSIONS);
const KNOWN_RESOURCES = new Set<string>(PERMISSIONS.map((p) => p.slice(0, p.indexOf(':'))));

/** A catalog of roles by id: the built-ins plus any custom roles loaded from the store. */
export function roleCatalog(custom: readonly Role[] = []): RoleCatalog {
  const m = new Map<string, Role>();
  for (const r of BUILTIN_ROLES) m.set(r.id, r);
  for (const r of custom) {
    if (m.has(r.id)) throw new Error(`role id ${r.id} is defined twice`);
    m.set(r.id, r);
  }
  return m;
}

const BUILTIN_CATALOG = roleCatalog();

/** Does one granted permission (possibly a wildcard) cover a concrete requested permission? */
export function permissionCovers(grant: string, wanted: string): boolean {
  const gi = grant.indexOf(':');
  const wi = wanted.indexOf(':');
  if (gi < 0 || wi < 0) return false;
  const [gr, ga] = [grant.slice(0, gi), grant.slice(gi + 1)];
  const [wr, wa] = [wanted.slice(0, wi), wanted.slice(wi + 1)];
  return (gr === '*' || gr === wr) && (ga === '*' || ga === wa);
}

/**
 * Checks a custom role before it is stored: a name that does not shadow a built-in, known
 * permissions only, and no server-wide (`admin:`) or blanket `*:*` grants in a project role.
 * Returns the list of problems; empty means valid.
 */
export function validateRole(role: Role): string[] {
  const problems: string[] = [];
  if (!ROLE_NAME_RE.test(role.name)) problems.push(`name: "${role.name}" must be lowercase letters, digits and dashes`);
  if (BUILTIN_ROLE_NAMES.includes(role.name) && !role.builtin) problems.push(`name: "${role.name}" is a built-in role`);
  if (typeof role.id !== 'string' || role.id.length === 0) problems.push('id: required');
  if (role.project !== null && (typeof role.project !== 'string' || role.project.length === 0)) {
    problems.push('project: a project id, or null for a global role');
  }
  if (!Array.isArray(role.permissions) || role.permissions.length === 0) {
    problems.push('permissions: at least one permission');
    return problems;
  }
  for (const p of role.permissions) {
    if (typeof p !== 'string' || !GRANT_RE.test(p)) {
      problems.push(`permissions: "${String(p)}" is not resource:action`);
      continue;
    }
    const [res, act] = p.split(':') as [string, string];
    if (res !== '*' && !KNOWN_RESOURCES.has(res)) problems.push(`permissions: unknown resource "${res}"`);
    else if (res !== '*' && act !== '*' && !KNOWN.has(p)) problems.push(`permissions: unknown permission "${p}"`);
    if (role.project !== null && (res === '*' || GLOBAL_ONLY_RESOURCES.has(res))) {
      problems.push(`permissions: "${p}" is server-wide and cannot be part of a project role`);
    }
  }
  if (role.paths !== undefined && role.paths !== null) {
    problems.push(...validatePathPatterns(role.paths, 'paths'));
    if (!role.permissions.some((g) => typeof g === 'string' && PERMISSIONS.some((p) => p.startsWith('secrets:') && permissionCovers(g, p)))) {
      problems.push('paths: the role grants no secrets permission for them to limit');
    }
  }
  return problems;
}

/** The secret path scope of one binding of `role`: what both allow (null = every path; [] = none). */
export function bindingScope(role: Pick<Role, 'paths'>, binding: Pick<RoleBinding, 'paths'>): string[] | null {
  return intersectScopes(storedScope(role.paths), storedScope(binding.paths));
}

/** A scope as held in memory: null/undefined = every path; anything but a list of strings = none. */
function storedScope(paths: unknown): readonly string[] | null {
  if (paths === null || paths === undefined) return null;
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
}

/**
 * May `principal` do `permission` on `project` (null = a server-wide request, e.g. managing
 * users)? Pure; deny unless some applicable binding grants it.
 */
export function authorize(
  principal: Principal,
  permission: string,
  project: string | null,
  roles: RoleCatalog = BUILTIN_CATALOG,
  /** The secret path asked for, for `secrets:*` permissions (undefined = decided by the route). */
  path?: string,
): Decision {
  if (principal.disabled) return deny('principal is disabled');
  if (typeof permission !== 'string' || !REQUEST_RE.test(permission)) {
    return deny(`"${String(permission)}" is not a concrete resource:action permission`);
  }
  if (project !== null && (typeof project !== 'string' || project.length === 0)) {
    return deny('malformed project');
  }
  const resource = permission.slice(0, permission.indexOf(':'));
  const globalOnly = GLOBAL_ONLY_RESOURCES.has(resource);
  const scope = principal.tokenScope;
  const pathScoped = resource === 'secrets';
  let limitedTo: string[] | undefined;
  let limitedReason = '';
  if (scope?.project != null && scope.project !== project) {
    return deny(`token is limited to project ${scope.project}`);
  }

  for (const b of principal.bindings ?? []) {
    if (b === null || typeof b !== 'object' || typeof b.role !== 'string') continue;
    if (scope?.role != null && b.role !== scope.role) continue;
    // Explicit scope only: a binding must be null (global) or a project id.
    let applies: boolean;
    if (b.project === null) applies = true;
    else if (typeof b.project === 'string' && b.project.length > 0) applies = !globalOnly && b.project === project;
    else applies = false;
    if (!applies) continue;

    const role = roles.get(b.role);
    if (role === undefined) continue;
    // A project's custom role means nothing outside that project, even if bound globally.
    if (role.project !== null && role.project !== project) continue;
    if (role.project !== null && globalOnly) continue;
    const grant = role.permissions.find((g) => permissionCovers(g, permission));
    if (grant === undefined) continue;
    const where = b.project === null ? 'globally' : `on project ${b.project}`;
    const reason = `role ${role.name} bound ${where} grants ${permission} (via ${grant})`;
    if (!pathScoped) return { allow: true, reason };
    const rolePaths = storedScope(role.paths);
    const bindingPaths = storedScope(b.paths);
    if (rolePaths === null && bindingPaths === null) return { allow: true, reason };
    if (path !== undefined) {
      // Exact: the path must be in the role's scope and in the binding's.
      if ((rolePaths === null || anyPathMatches(rolePaths, path)) && (bindingPaths === null || anyPathMatches(bindingPaths, path))) {
        return { allow: true, reason: `${reason} on path ${path}` };
      }
      continue;
    }
    limitedTo = [...(limitedTo ?? []), ...(intersectScopes(rolePaths, bindingPaths) ?? [])];
    limitedReason ||= reason;
  }
  if (limitedTo !== undefined && limitedTo.length > 0) return { allow: true, reason: `${limitedReason} limited to paths ${limitedTo.join(', ')}`, paths: limitedTo };
  const target = project === null ? 'server-wide' : `on project ${project}`;
  const onPath = path !== undefined && pathScoped ? ` for path ${path}` : '';
  return deny(`no role binding grants ${permission} ${target}${onPath}${globalOnly ? ' (needs a global binding)' : ''}`);
}

function deny(reason: string): Decision {
  return { allow: false, reason };
}
