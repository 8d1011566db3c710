import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { printable } from './printable.js';
import type { GlobalOpts } from './shared.js';

/**
 * What the control-plane administration commands (projects, users, service-accounts, roles,
 * trust-policies, environments, waivers, tokens) share: the login and HTTP client of
 * server/findings/client.ts, `--format text|json`, aligned tables of escaped server text, and
 * YAML/JSON documents read from a file. A server refusal is a ServerError: exit 2 with the
 * server's message, like every other command that cannot do what it was asked (README "Exit codes").
 */

export interface ServerFlags extends GlobalOpts {
  server?: string;
  format?: string;
}

export interface Api {
  server: string;
  call(method: string, path: string, body?: unknown): Promise<unknown>;
}

/** The current login (or --server with RAMPART_TOKEN) as a JSON client. */
export async function api(o: { server?: string }): Promise<Api> {
  const { resolveLogin, callServer } = await import('../server/findings/client.js');
  const login = await resolveLogin(o.server);
  return { server: login.server, call: (method, path, body) => callServer(login.server, login.token, method, path, body) };
}

/** A path segment from a name or id the user typed. */
export const seg = (s: string): string => encodeURIComponent(s);

/** `--server` and `-f, --format text|json` on a command that talks to the server. */
export function serverOptions(c: Command, withFormat = true): Command {
  c.option('--server <url>', 'server URL (default: the current login)');
  return withFormat ? c.option('-f, --format <format>', 'text (a table) or json', 'text') : c;
}

/** `--format`, checked: text (or table) or json. */
export function formatOf(o: ServerFlags): 'text' | 'json' {
  const f = o.format ?? 'text';
  if (f === 'text' || f === 'table') return 'text';
  if (f === 'json') return 'json';
  throw new UsageError(`unknown --format "${printable(String(f).slice(0, 40))}"; use text or json`);
}

/** JSON as the server sent it with --format json, else the text. */
export function emit(o: ServerFlags, data: unknown, text: () => string): void {
  process.stdout.write(formatOf(o) === 'json' ? JSON.stringify(data, null, 2) + '\n' : text());
}

/** A note on stderr unless --quiet. */
export function note(o: GlobalOpts, line: string): void {
  if (!o.quiet) process.stderr.write(`rampart: ${line}\n`);
}

/**
 * Aligned columns; every cell escaped (names come from other users: a newline or escape sequence
 * in one must not forge a row). `empty` when there are no rows.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return `${empty}\n`;
  const cells = rows.map((r) => r.map((v) => printable(v)));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  return [head, ...cells].map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** `key: value` lines for one object, escaped. */
export function fields(pairs: readonly (readonly [string, string])[]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(w + 1)} ${printable(v)}`).join('\n') + '\n';
}

const MAX_DOCUMENT_BYTES = 256 * 1024;

/**
 * A YAML or JSON document from a file ("-" = stdin), as plain data. YAML is parsed without
 * custom tags and with the alias count capped, so a hostile file cannot expand without end.
 */
export async function readDocument(file: string, flag: string): Promise<unknown> {
  let text: string;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of process.stdin as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > MAX_DOCUMENT_BYTES) throw new UsageError(`${flag} -: larger than ${MAX_DOCUMENT_BYTES} bytes`);
      chunks.push(c);
    }
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    const { readFile, stat } = await import('node:fs/promises');
    try {
      if ((await stat(file)).size > MAX_DOCUMENT_BYTES) throw new UsageError(`${flag} ${file}: larger than ${MAX_DOCUMENT_BYTES} bytes`);
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const { parseDocument } = await import('yaml');
  // JSON is YAML 1.2, so one parser reads both and reports the line of a mistake.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, customTags: [] });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new UsageError(`${flag} ${file}${line ? `:${line}` : ''}: not valid YAML or JSON (${err.code.toLowerCase().replace(/_/g, ' ')})`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UsageError(`${flag} ${file}: expected a mapping (an object) at the top`);
  return data;
}

/**
 * A lifetime: seconds, or a number with s/m/h/d (`90d`, `12h`); `never` is returned as null.
 * Whole seconds only.
 */
export function parseLifetime(v: string, flag: string): number | null {
  if (v === 'never') return null;
  const m = /^([1-9][0-9]{0,8})([smhd]?)$/.exec(v.trim());
  if (!m) throw new UsageError(`${flag}: expected a lifetime such as 3600, 30m, 12h or 90d, or never`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!]!;
}

/** A server time for a table cell (no milliseconds); `-` for none. */
export function when(iso: string | null | undefined): string {
  return iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '-';
}

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
  const base = o.project === undefined ? '/api/v1' : `/api/v1/projects/${seg(o.project)}`;
  const accounts = (await c.call('GET', `${base}/service-accounts`)) as { id: string; name: string; project: string | null; disabledAt?: string | null }[];
  const byId = accounts.find((a) => a.id === o.serviceAccount);
  const named = accounts.filter((a) => a.name === o.serviceAccount);
  if (!byId && named.length > 1) throw new UsageError(`--service-account ${printable(o.serviceAccount)}: ${named.length} accounts have that name (in projects ${named.map((a) => printable(a.project ?? '-')).join(', ')}); give --project or the id`);
  const a = byId ?? named[0];
  if (!a) throw new UsageError(`--service-account ${printable(o.serviceAccount)}: no such service account${o.project ? ` in project ${printable(o.project)}` : ''}`);
  return { kind: 'service_account', id: a.id, name: a.name, project: a.project, disabled: Boolean(a.disabledAt) };
}
