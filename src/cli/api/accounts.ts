import { UsageError } from '../../core/errors.js';
import { printable } from '../printable.js';
import { scopePath, type Api } from './client.js';

export interface PrincipalRef {
  kind: 'user' | 'service_account';
  id: string;
  name: string;
  /** The account's project (service accounts of a project); null = organisation-wide or a user. */
  project: string | null;
  disabled: boolean;
}

/**
 * `--user NAME|ID` or `--service-account NAME|ID [--project P]` resolved to the account, as the
 * caller may list them (users: admin:users; a project's service accounts: projects:read there,
 * every account: admin:users). A name two projects' accounts share needs --project or the id.
 */
export async function principalOf(c: Api, o: { user?: string; serviceAccount?: string; project?: string }): Promise<PrincipalRef> {
  if (o.user !== undefined && o.serviceAccount !== undefined) throw new UsageError('--user and --service-account exclude each other');
  if (o.user !== undefined) {
    const users = (await c.call('GET', '/api/v1/users')) as { id: string; username: string; disabledAt?: string | null }[];
    const u = users.find((x) => x.id === o.user) ?? users.find((x) => x.username === o.user);
    if (!u) throw new UsageError(`--user ${printable(o.user)}: no such user`);
    return { kind: 'user', id: u.id, name: u.username, project: null, disabled: Boolean(u.disabledAt) };
  }
  if (o.serviceAccount === undefined) throw new UsageError('name the account: --user NAME or --service-account NAME');
  const accounts = (await c.call('GET', `${scopePath(o.project)}/service-accounts`)) as { id: string; name: string; project: string | null; disabledAt?: string | null }[];
  const byId = accounts.find((a) => a.id === o.serviceAccount);
  const named = accounts.filter((a) => a.name === o.serviceAccount);
  if (!byId && named.length > 1) throw new UsageError(`--service-account ${printable(o.serviceAccount)}: ${named.length} accounts have that name (in projects ${named.map((a) => printable(a.project ?? '-')).join(', ')}); give --project or the id`);
  const a = byId ?? named[0];
  if (!a) throw new UsageError(`--service-account ${printable(o.serviceAccount)}: no such service account${o.project ? ` in project ${printable(o.project)}` : ''}`);
  return { kind: 'service_account', id: a.id, name: a.name, project: a.project, disabled: Boolean(a.disabledAt) };
}
