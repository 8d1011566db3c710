import type { Command } from 'commander';
import type { GlobalOpts } from './shared.js';
import { principalLabel, printable } from './printable.js';
import { principalOf } from './api/accounts.js';
import { api, getIfReadable, scopePath, type Api } from './api/client.js';
import { parseLifetime } from './api/lifetimes.js';
import { formatOf, table } from './api/output.js';

export interface TokenFlags extends GlobalOpts {
  server?: string;
  project?: string;
  user?: string;
  serviceAccount?: string;
  format?: string;
}

/** A token's metadata as the server lists it (never the token, never its hash). */
export interface TokenInfo {
  id: string;
  prefix: string;
  name: string;
  ownerKind: string;
  ownerId: string;
  role: string | null;
  project: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  /** Who issued it for its owner (`user:<id>`…); null = the owner did. */
  issuedBy: string | null;
  /** The owner's and issuer's names (listings of newer servers); null or absent = unknown. */
  ownerName?: string | null;
  issuedByName?: string | null;
}

/**
 * `rampart tokens list|create|revoke`: API tokens from the command line. Whose tokens:
 *   (nothing)                          your own
 *   --project P                        tokens narrowed to project P (tokens:revoke there)
 *   --user U                           user U's (admin:users); U is a username or an id
 *   --service-account A [--project P]  an organisation-wide account's (admin:users), or project
 *                                      P's account (projects:write there); A is a name or an id
 * `list` shows who issued each token (`issued by`: self, or the principal that issued it for
 * its owner). `create` prints the new token once on stdout and nothing else there.
 */
export function registerTokens(program: Command, setCode: (c: number) => void): void {
  const tokens = program.command('tokens').description('list, create and revoke API tokens (yours, a user\'s, a service account\'s, or a project\'s)');
  const whose = (c: Command) =>
    c
      .option('--server <url>', 'server URL (default: the current login)')
      .option('--project <name>', 'a project: its service account (with --service-account), else the tokens narrowed to it')
      .option('--user <name>', "a user's tokens (username or id; needs admin:users)")
      .option('--service-account <name>', "a service account's tokens (name or id)");

  whose(tokens.command('list').description('list tokens (metadata only: never a token or its hash)'))
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (o: TokenFlags) => {
      const fmt = formatOf(o);
      const c = await api(o);
      const disabled = new Set<string>();
      const base = await tokensPath(c, o, 'list', (owner) => disabled.add(owner));
      const list = (await c.call('GET', base)) as TokenInfo[];
      process.stdout.write(fmt === 'json' ? JSON.stringify(list, null, 2) + '\n' : formatTokens(list, Date.now(), await projectNames(c, o), disabled));
      setCode(0);
    });

  whose(tokens.command('create').description('issue a token (printed once on stdout; store it now)'))
    .requiredOption('--name <name>', 'what the token is for')
    .option('--role <role>', 'narrow the token to one role of the owner (name, or id when a name is ambiguous)')
    .option('--expires <lifetime>', "lifetime: seconds or 30m, 12h, 90d (60 s to 366 d), or never (needs admin:users server-wide). Default: a service account's token 90d, a person's the server's --user-token-ttl (30d unless set); never past the ceiling of the token you use (a CI or service-account token: its expiry; the bootstrap and recovery tokens: none)")
    .option('--expires-in <seconds>', 'lifetime in seconds (the same as --expires SECONDS)')
    .action(async (o: TokenFlags & { name: string; role?: string; expiresIn?: string; expires?: string }) => {
      if (o.expiresIn !== undefined && !/^[1-9][0-9]{0,8}$/.test(o.expiresIn)) throw await usage('--expires-in: expected a number of seconds');
      if (o.expiresIn !== undefined && o.expires !== undefined) throw await usage('--expires and --expires-in exclude each other');
      const lifetime = o.expires !== undefined ? parseLifetime(o.expires, '--expires') : o.expiresIn !== undefined ? Number(o.expiresIn) : undefined;
      const c = await api(o);
      const body = tokenCreateBody(o, lifetime);
      const path = await tokensPath(c, o, 'create');
      const r = (await c.call('POST', path, body)) as { token: string; id: string; expiresAt: string | null };
      process.stdout.write(r.token + '\n');
      // Nothing asked and yet an end: the server's default (a service account's 90 days, a person's --user-token-ttl).
      const dflt = lifetime === undefined ? (o.serviceAccount !== undefined ? " (a service account's default, 90 days; --expires sets another)" : " (the server's default; never later than the token you used; --expires sets another; renew it with rampart tokens renew)") : '';
      if (!o.quiet) process.stderr.write(`rampart: token ${printable(r.id)} created${r.expiresAt ? `, expires ${printable(r.expiresAt)}${dflt}` : ', never expires'}; it is shown only this once\n`);
      setCode(0);
    });

  tokens
    .command('renew')
    .description("replace the current login's token with a new one (same owner, name and narrowing; a fresh lifetime as long as the old one's) and store it; the old one is revoked at once")
    .option('--server <url>', 'server URL (default: the current login)')
    .action(async (o: TokenFlags, self: Command) => {
      const { renewCommand } = await import('./login.js');
      await renewCommand({ ...self.optsWithGlobals<TokenFlags>(), ...o });
      setCode(0);
    });

  whose(tokens.command('revoke').description('revoke a token by id (see tokens list); it stops working at once').argument('<token-id>', 'the token id (not the token)'))
    .action(async (id: string, o: TokenFlags) => {
      // A token pasted here would travel in the URL (and the server's access log): refused unsent.
      if (!/^[A-Za-z0-9-]{1,64}$/.test(id) || /^rmp_/i.test(id)) throw await usage('<token-id>: expected a token id as tokens list shows it (never the token itself)');
      const c = await api(o);
      const base = await tokensPath(c, o, 'revoke');
      let r: TokenInfo;
      try {
        r = (await c.call('DELETE', `${base}/${encodeURIComponent(id)}`)) as TokenInfo;
      } catch (e) {
        const { ServerError } = await import('../server/findings/client.js');
        if (e instanceof ServerError && e.status === 404 && base === '/api/v1/tokens') {
          throw new ServerError(404, e.code, `${e.message} among your own tokens; another owner's token needs --service-account, --user or --project`);
        }
        throw e;
      }
      if (!o.quiet) process.stderr.write(`rampart: token ${printable(r.id)} (${printable(r.name)}) revoked at ${printable(String(r.revokedAt))}\n`);
      setCode(0);
    });
}

/**
 * The body of POST …/tokens. `lifetime` null (--expires never) sends neverExpires (the server
 * wants admin:users server-wide for it); nothing sent = the server's default lifetime.
 */
export function tokenCreateBody(o: TokenFlags & { name: string; role?: string }, lifetime: number | null | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { name: o.name };
  if (o.role !== undefined) body.role = o.role;
  if (typeof lifetime === 'number') body.expiresInSeconds = lifetime;
  if (lifetime === null) body.neverExpires = true;
  // Your own token narrowed to a project names it in the body; a project account's route carries it.
  if (o.project !== undefined && o.user === undefined && o.serviceAccount === undefined) body.project = o.project;
  return body;
}

/**
 * One line per token; `issued by` is `self` when the owner made it. A live token of an owner in
 * `disabledOwners` (`user:<id>`, `service_account:<id>`) shows `owner disabled`: it no longer
 * authenticates, though the server never revoked it.
 */
export function formatTokens(list: readonly TokenInfo[], now: number, projects: ReadonlyMap<string, string> = new Map(), disabledOwners: ReadonlySet<string> = new Set()): string {
  const head = ['ID', 'NAME', 'OWNER', 'ROLE', 'PROJECT', 'STATE', 'EXPIRES', 'ISSUED BY'];
  const rows = list.map((t) =>
    [
      t.id,
      t.name,
      principalLabel(`${t.ownerKind}:${t.ownerId}`, t.ownerName),
      t.role ?? '-',
      t.project === null ? '-' : (projects.get(t.project) ?? t.project),
      t.revokedAt !== null ? 'revoked' : t.expiresAt !== null && Date.parse(t.expiresAt) <= now ? 'expired' : disabledOwners.has(`${t.ownerKind}:${t.ownerId}`) ? 'owner disabled' : 'active',
      t.expiresAt ?? 'never',
      t.issuedBy === null ? 'self' : principalLabel(t.issuedBy, t.issuedByName),
    ],
  );
  return table(head, rows, 'no tokens');
}

// Kept exported here for callers that import it from the tokens command.
export { printable };

/**
 * Project ids -> names for the text listing (the API lists ids), as far as the caller may read
 * projects: the one named by --project, else every project (server-wide projects:read). Without
 * that right the ids are shown.
 */
async function projectNames(c: Api, o: TokenFlags): Promise<Map<string, string>> {
  const got = await getIfReadable(c, o.project !== undefined ? `/api/v1/projects/${encodeURIComponent(o.project)}` : '/api/v1/projects');
  const found = (got === undefined ? [] : o.project !== undefined ? [got] : got) as { id: string; name: string }[];
  return new Map(found.map((p) => [p.id, p.name]));
}

async function usage(msg: string): Promise<Error> {
  const { UsageError } = await import('../core/errors.js');
  return new UsageError(msg);
}

/** The API collection of the chosen owner's tokens (names resolved to ids); `onDisabled` hears a disabled owner. */
async function tokensPath(c: Api, o: TokenFlags, verb: 'list' | 'create' | 'revoke', onDisabled?: (owner: string) => void): Promise<string> {
  if (o.user !== undefined && o.serviceAccount !== undefined) throw await usage('--user and --service-account exclude each other');
  if (o.user !== undefined && o.project !== undefined) throw await usage('--user: users are server-wide; leave out --project');
  if (o.user !== undefined || o.serviceAccount !== undefined) {
    const a = await principalOf(c, o);
    if (a.disabled) onDisabled?.(`${a.kind}:${a.id}`);
    // An organisation admin reaches every account by the server-wide routes; a project admin only
    // through the project's.
    if (a.kind === 'user') return `/api/v1/users/${encodeURIComponent(a.id)}/tokens`;
    return `${scopePath(o.project)}/service-accounts/${encodeURIComponent(a.id)}/tokens`;
  }
  // Your own new token is narrowed by the body's project; listing and revoking by project reach
  // every token narrowed to it.
  return o.project !== undefined && verb !== 'create' ? `${scopePath(o.project)}/tokens` : '/api/v1/tokens';
}
