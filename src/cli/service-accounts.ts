import type { Command } from 'commander';
import { principalOf } from './api/accounts.js';
import { api, scopePath, seg, serverOptions, type ServerFlags } from './api/client.js';
import { emit, fields, note, table, when } from './api/output.js';

interface ServiceAccount {
  id: string;
  name: string;
  project: string | null;
  description: string | null;
  disabledAt: string | null;
  createdAt: string;
}

interface SaFlags extends ServerFlags {
  project?: string;
}

/**
 * `rampart service-accounts create|list|disable`: machine accounts, a project's (--project P:
 * projects:write there) or organisation-wide (no --project: admin:users). Their tokens are made
 * with `rampart tokens create --service-account NAME --project P`, and expire after 90 days
 * unless `--expires` says otherwise (`--expires never` opts out).
 */
export function registerServiceAccounts(program: Command, setCode: (c: number) => void): void {
  const sa = program.command('service-accounts').alias('sa').description("create, list and disable machine accounts (a project's, or organisation-wide)");
  const where = (c: Command) => c.option('--project <name>', "the project the account belongs to; without it: organisation-wide accounts (admin:users)");

  serverOptions(where(sa.command('create').description('create a service account').argument('<name>', "lowercase letters, digits and '-'")))
    .option('--description <text>', 'what the account is for')
    .action(async (name: string, o: SaFlags & { description?: string }) => {
      const c = await api(o);
      const a = (await c.call('POST', `${scopePath(o.project)}/service-accounts`, { name, ...(o.description !== undefined ? { description: o.description } : {}) })) as ServiceAccount;
      emit(o, a, () => fields([['service account', a.name], ['id', a.id], ['project', o.project ?? '-'], ['created', when(a.createdAt)]]));
      const p = o.project ? ` --project ${o.project}` : '';
      note(o, `next: rampart roles bind ROLE --service-account ${a.name}${p}, then rampart tokens create --service-account ${a.name}${p} --name NAME (expires in 90 days; --expires 30d or never)`);
      setCode(0);
    });

  serverOptions(where(sa.command('list').description('list service accounts'))).action(async (o: SaFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', `${scopePath(o.project)}/service-accounts`)) as ServiceAccount[];
    emit(o, list, () =>
      table(['NAME', 'ID', 'PROJECT', 'STATE', 'CREATED', 'DESCRIPTION'], list.map((a) => [a.name, a.id, a.project === null ? '-' : o.project ?? a.project, a.disabledAt ? `disabled ${when(a.disabledAt)}` : 'active', when(a.createdAt), a.description ?? '']), 'no service accounts'),
    );
    setCode(0);
  });

  serverOptions(where(sa.command('disable').description("disable a service account: its tokens stop working at once, and the tokens it issued beyond what is left are revoked").argument('<name>', 'name or id'))).action(
    async (name: string, o: SaFlags) => {
      const c = await api(o);
      const ref = await principalOf(c, { serviceAccount: name, project: o.project });
      const a = (await c.call('POST', `${scopePath(o.project)}/service-accounts/${seg(ref.id)}/disable`)) as ServiceAccount;
      emit(o, a, () => fields([['service account', a.name], ['id', a.id], ['disabled', when(a.disabledAt)]]));
      setCode(0);
    },
  );
}
