import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { principalOf } from './api/accounts.js';
import { api, getIfReadable, scopePath, seg, serverOptions, type Api, type ServerFlags } from './api/client.js';
import { emit, fields, formatOf, note, table, when } from './api/output.js';
import { printable } from './printable.js';

interface Role {
  id: string;
  name: string;
  project: string | null;
  permissions: string[];
  description: string | null;
  builtin: boolean;
  paths: string[] | null;
}

interface Binding {
  id: string;
  principalKind: 'user' | 'service_account';
  principalId: string;
  role: string;
  roleName: string;
  project: string | null;
  createdBy: string | null;
  createdAt: string;
  paths: string[] | null;
}

interface RoleFlags extends ServerFlags {
  project?: string;
}

interface BindFlags extends RoleFlags {
  user?: string;
  serviceAccount?: string;
  paths?: string;
}

/**
 * `rampart roles list|create|delete|bind|unbind|bindings`: roles and who holds them. With
 * --project P they are the project's (roles:read / roles:write there); without it the server's
 * global roles and bindings (admin:roles). Granting needs every permission the role carries
 * (403 E_WIDER_GRANT names what is missing), as the server checks.
 */
export function registerRoles(program: Command, setCode: (c: number) => void): void {
  const roles = program.command('roles').description('list, create and delete roles; bind them to users and service accounts');
  const where = (c: Command) => c.option('--project <name>', "the project's roles and bindings; without it the global ones");

  serverOptions(where(roles.command('list').description('roles usable here: built-in, global custom and (with --project) the project\'s own'))).action(async (o: RoleFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', `${scopePath(o.project)}/roles`)) as Role[];
    emit(o, list, () =>
      table(
        ['NAME', 'KIND', 'PERMISSIONS', 'SECRET PATHS', 'ID'],
        list.map((r) => [r.name, r.builtin ? 'built-in' : r.project === null ? 'global' : 'project', r.permissions.join(' '), r.paths === null ? '*' : r.paths.join(' '), r.id]),
        'no roles',
      ),
    );
    setCode(0);
  });

  serverOptions(where(roles.command('create').description('create a custom role').argument('<name>', "lowercase letters, digits and '-'")))
    .requiredOption('--permissions <list>', 'comma-separated permissions, e.g. projects:read,findings:write,deploy:check (resource:action; * for every one)')
    .option('--paths <patterns>', 'comma-separated secret path patterns its secrets permissions are limited to (app/*, ci/**)')
    .option('--description <text>', 'what the role is for')
    .action(async (name: string, o: RoleFlags & { permissions: string; paths?: string; description?: string }) => {
      const c = await api(o);
      const body = { name, permissions: list(o.permissions, '--permissions'), ...(o.paths !== undefined ? { paths: list(o.paths, '--paths') } : {}), ...(o.description !== undefined ? { description: o.description } : {}) };
      const r = (await c.call('POST', `${scopePath(o.project)}/roles`, body)) as Role;
      emit(o, r, () => fields([['role', r.name], ['id', r.id], ['project', o.project ?? 'global'], ['permissions', r.permissions.join(' ')], ['secret paths', r.paths === null ? '*' : r.paths.join(' ')]]));
      setCode(0);
    });

  serverOptions(where(roles.command('delete').description("delete a custom role; its bindings and the tokens narrowed to it go with it").argument('<role>', 'name or id')), false).action(async (role: string, o: RoleFlags) => {
    const c = await api(o);
    const r = await roleOf(c, o, role);
    if (r.builtin) throw new UsageError(`role ${printable(r.name)} is built in and cannot be deleted`);
    await c.call('DELETE', `${scopePath(o.project)}/roles/${seg(r.id)}`);
    note(o, `role ${r.name} deleted`);
    setCode(0);
  });

  const who = (c: Command) =>
    where(c)
      .option('--user <name>', 'a user (username or id)')
      .option('--service-account <name>', 'a service account (name or id; of --project, else organisation-wide)');

  serverOptions(who(roles.command('bind').description('grant a role to a user or service account, on --project or globally').argument('<role>', 'role name (or id)')))
    .option('--paths <patterns>', "comma-separated secret path patterns the grant's secrets permissions are limited to")
    .action(async (role: string, o: BindFlags) => {
      const c = await api(o);
      const p = await principalOf(c, { user: o.user, serviceAccount: o.serviceAccount, project: o.project });
      const body = { principalKind: p.kind, principalId: p.id, role, ...(o.paths !== undefined ? { paths: list(o.paths, '--paths') } : {}) };
      const b = (await c.call('POST', `${scopePath(o.project)}/role-bindings`, body)) as Binding;
      emit(o, b, () => fields([['binding', b.id], ['role', b.roleName], ['to', `${kindWord(p.kind)} ${p.name}`], ['on', o.project ? `project ${o.project}` : 'every project (global)'], ['secret paths', b.paths === null ? '*' : b.paths.join(' ')]]));
      setCode(0);
    });

  serverOptions(who(roles.command('unbind').description("take a role away: the user's or service account's bindings of it here, or one binding by --id").argument('[role]', 'role name (or id)')), false)
    .option('--id <binding-id>', 'one binding, as roles bindings lists it')
    .action(async (role: string | undefined, o: BindFlags & { id?: string }) => {
      const c = await api(o);
      let ids: string[];
      if (o.id !== undefined) {
        if (role !== undefined || o.user !== undefined || o.serviceAccount !== undefined) throw new UsageError('--id names one binding: leave out the role, --user and --service-account');
        ids = [o.id];
      } else {
        if (role === undefined) throw new UsageError('name the role and --user or --service-account, or give --id BINDING');
        const p = await principalOf(c, { user: o.user, serviceAccount: o.serviceAccount, project: o.project });
        const all = (await c.call('GET', `${scopePath(o.project)}/role-bindings`)) as Binding[];
        ids = all.filter((b) => b.principalKind === p.kind && b.principalId === p.id && (b.roleName === role || b.role === role)).map((b) => b.id);
        if (ids.length === 0) throw new UsageError(`${kindWord(p.kind)} ${printable(p.name)} holds no binding of role ${printable(role)} ${o.project ? `on project ${printable(o.project)}` : 'globally'}`);
      }
      for (const id of ids) await c.call('DELETE', `${scopePath(o.project)}/role-bindings/${seg(id)}`);
      note(o, `${ids.length} binding${ids.length === 1 ? '' : 's'} removed (${ids.join(', ')})`);
      setCode(0);
    });

  serverOptions(where(roles.command('bindings').description('who holds which role here'))).action(async (o: RoleFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', `${scopePath(o.project)}/role-bindings`)) as Binding[];
    const names = formatOf(o) === 'text' ? await principalNames(c, o) : new Map<string, string>();
    emit(o, list, () =>
      table(
        ['ID', 'ROLE', 'PRINCIPAL', 'SECRET PATHS', 'CREATED'],
        list.map((b) => [b.id, b.roleName, `${kindWord(b.principalKind)} ${names.get(`${b.principalKind}:${b.principalId}`) ?? b.principalId}`, b.paths === null ? '*' : b.paths.join(' '), when(b.createdAt)]),
        'no role bindings',
      ),
    );
    setCode(0);
  });
}

const kindWord = (k: string) => (k === 'service_account' ? 'service account' : k);

/** A comma-separated flag value as a list (no empty items). */
function list(v: string, flag: string): string[] {
  const items = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError(`${flag}: expected a comma-separated list`);
  return items;
}

/** A role by name or id among those listed here. */
async function roleOf(c: Api, o: RoleFlags, role: string): Promise<Role> {
  const all = (await c.call('GET', `${scopePath(o.project)}/roles`)) as Role[];
  const here = all.filter((r) => (o.project === undefined ? r.project === null : r.project !== null) || r.builtin);
  const r = here.find((x) => x.id === role) ?? here.find((x) => x.name === role);
  if (!r) throw new UsageError(`role ${printable(role)}: no such ${o.project ? `role of project ${printable(o.project)}` : 'global role'}${o.project ? '' : ' (a project\'s role needs --project)'}`);
  return r;
}

/** Account names by `kind:id`, as far as the caller may list them (ids stay otherwise). */
async function principalNames(c: Api, o: RoleFlags): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const u of ((await getIfReadable(c, '/api/v1/users')) ?? []) as { id: string; username: string }[]) names.set(`user:${u.id}`, u.username);
  for (const a of ((await getIfReadable(c, `${scopePath(o.project)}/service-accounts`)) ?? []) as { id: string; name: string }[]) names.set(`service_account:${a.id}`, a.name);
  return names;
}
