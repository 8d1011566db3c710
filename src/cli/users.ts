import type { Command } from 'commander';
import { principalOf } from './api/accounts.js';
import { api, seg, serverOptions, type ServerFlags } from './api/client.js';
import { emit, fields, note, table, when } from './api/output.js';

interface User {
  id: string;
  username: string;
  displayName: string | null;
  disabledAt: string | null;
  createdAt: string;
}

/**
 * `rampart users create|list|disable`: people's accounts (server-wide, admin:users). A new user
 * gets a first token with `rampart tokens create --user NAME --name laptop --expires 30d` and a
 * role with `rampart roles bind ROLE --user NAME --project P`. Disabling stops every token of
 * the user at once; users are never deleted (the audit log names them).
 */
export function registerUsers(program: Command, setCode: (c: number) => void): void {
  const users = program.command('users').description("create, list and disable people's accounts (needs admin:users)");

  serverOptions(users.command('create').description('create a user').argument('<username>', "lowercase letters, digits, '.', '_' and '-', starting with a letter"))
    .option('--display-name <name>', 'the name people know them by')
    .action(async (username: string, o: ServerFlags & { displayName?: string }) => {
      const c = await api(o);
      const u = (await c.call('POST', '/api/v1/users', { username, ...(o.displayName !== undefined ? { displayName: o.displayName } : {}) })) as User;
      emit(o, u, () => fields([['user', u.username], ['id', u.id], ['created', when(u.createdAt)]]));
      note(o, `user ${u.username} created with no roles and no token; next: rampart roles bind ROLE --user ${u.username} --project P, then rampart tokens create --user ${u.username} --name NAME --expires 30d`);
      setCode(0);
    });

  serverOptions(users.command('list').description('list users')).action(async (o: ServerFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', '/api/v1/users')) as User[];
    emit(o, list, () => table(['USERNAME', 'ID', 'STATE', 'CREATED', 'DISPLAY NAME'], list.map((u) => [u.username, u.id, u.disabledAt ? `disabled ${when(u.disabledAt)}` : 'active', when(u.createdAt), u.displayName ?? '']), 'no users'));
    setCode(0);
  });

  serverOptions(users.command('disable').description('disable a user: every token of theirs stops working at once').argument('<user>', 'username or id')).action(async (user: string, o: ServerFlags) => {
    const c = await api(o);
    const ref = await principalOf(c, { user });
    const u = (await c.call('POST', `/api/v1/users/${seg(ref.id)}/disable`)) as User;
    emit(o, u, () => fields([['user', u.username], ['id', u.id], ['disabled', when(u.disabledAt)]]));
    setCode(0);
  });
}
