import type { Command } from 'commander';
import { withRootFlags } from './secrets.js';
import { RampartError, UsageError } from '../core/errors.js';
import type { GlobalOpts } from './shared.js';
import { printable } from './printable.js';
import { describeExpiry } from './api/lifetimes.js';

/**
 * `rampart login`: stores a Rampart server URL and API token for later commands.
 *   rampart login --server URL --token T        (a person's or service account's token)
 *   rampart login --oidc --server URL --project P --role R
 *       (inside CI: exchanges the platform's OIDC id token for a short-lived Rampart token)
 *   rampart login --renew [--server URL]
 *       (replaces the stored token with a renewed one: POST /api/v1/tokens/self/renew)
 * The credentials file is JSON under env-paths' config dir, mode 0600, written atomically.
 * Tokens are never printed; only their redacted form (`rmp_c_AbCd…(55)`).
 */

export const EXCHANGE_PATH = '/api/v1/auth/oidc/exchange';
const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * What to do about a token running out: renew it, or for the bootstrap token (24 h, not renewed,
 * as whoami's bootstrapToken says; a recovery token of `server admin-token` is marked the same)
 * make a lasting token with it.
 */
export function renewHint(bootstrap: boolean): string {
  return bootstrap
    ? 'the bootstrap token is not renewed, nor is a recovery token of rampart server admin-token: make a lasting token with it (rampart tokens create --name NAME --expires 90d, --user NAME for another admin)'
    : 'renew it with rampart tokens renew';
}

export interface StoredLogin {
  server: string;
  token: string;
  kind: 'user' | 'service' | 'ci';
  /** ISO time the token stops working, as the server said; absent = never, or not known (--no-verify). */
  expiresAt?: string;
  project?: string;
  role?: string;
  savedAt: string;
}

export interface CredentialsFile {
  version: 1;
  /** The server later commands use by default. */
  current?: string;
  servers: Record<string, StoredLogin>;
}

interface LoginFlags extends GlobalOpts {
  server?: string;
  token?: string;
  oidc?: boolean;
  project?: string;
  role?: string;
  audience?: string;
  tokenEnv?: string;
  verify?: boolean;
  renew?: boolean;
}

export function registerLogin(program: Command, setCode: (c: number) => void): void {
  program
    .command('login')
    .description('store a Rampart server URL and token; --oidc exchanges the CI job\'s OIDC id token for a short-lived token')
    .option('--server <url>', 'Rampart server URL (https; http only on loopback); with --renew: default the current login')
    .option('--token <token>', 'API token (rmp_...); "-" reads it from stdin; default: RAMPART_TOKEN')
    .option('--oidc', 'use the CI platform\'s OIDC id token (GitHub Actions or GitLab CI)')
    .option('--project <name>', 'with --oidc: the project whose trust policy to use')
    .option('--role <name>', 'with --oidc: the role to request')
    .option('--audience <aud>', 'with --oidc on GitHub Actions: audience to request (default: the server URL)')
    .option('--token-env <name>', 'with --oidc: environment variable holding the id token (GitLab id_tokens:); default RAMPART_ID_TOKEN')
    .option('--no-verify', 'store the token without asking the server who it belongs to (e.g. before the server is up)')
    .option('--renew', 'replace the stored token with a renewed one (same rights, a fresh lifetime; the old one is revoked)')
    .action(async (flags: LoginFlags, self: Command) => {
      const o = withRootFlags(flags, self);
      if (o.renew) {
        if (o.oidc || o.token !== undefined || o.verify === false) throw new UsageError('--renew renews the stored login: leave out --token, --oidc and --no-verify');
        await renewCommand(o);
        return setCode(0);
      }
      if (o.server === undefined) throw new UsageError("required option '--server <url>' not specified");
      if (o.oidc && o.token !== undefined) throw new UsageError('--token and --oidc exclude each other: --oidc gets its token from the CI job');
      let who = '';
      let saved: StoredLogin;
      // The token's expiry as the server said: an ISO time, null = never, undefined = not asked or not known.
      let expiresAt: string | null | undefined;
      let bootstrap = false;
      if (o.oidc) saved = await loginWithOidc({ server: o.server, project: o.project, role: o.role, audience: o.audience, tokenEnv: o.tokenEnv });
      else {
        const token = await tokenFromFlags(o);
        // Asked before anything is stored: a mistyped URL or a revoked token fails here, not at
        // the first real command. The exchange above has just proved an OIDC login's token.
        if (o.verify !== false) {
          const me = await whoAmI(normaliseServerUrl(o.server), token);
          who = ` as ${me.label}`;
          expiresAt = me.expiresAt;
          bootstrap = me.bootstrap;
        }
        saved = await loginWithToken({ server: o.server, token, ...(expiresAt ? { expiresAt } : {}) });
      }
      if (!o.quiet) {
        const { redactToken } = await import('../server/identity/tokens.js');
        // A CI token's minutes are told to the second; a person's days as "expires in 29 d (day)".
        const exp = saved.kind === 'ci' || expiresAt === undefined ? undefined : describeExpiry(expiresAt, Date.now());
        const until = saved.kind === 'ci' ? (saved.expiresAt ? `, expires ${saved.expiresAt}` : '') : exp ? `, ${exp.text}` : '';
        process.stderr.write(`rampart: logged in to ${saved.server}${who} (token ${redactToken(saved.token)}${until})\n`);
        if (exp?.warn) process.stderr.write(`rampart: warning: the token ${exp.text}: ${renewHint(bootstrap)}\n`);
      }
      setCode(0);
    });
}

interface WhoamiAnswer {
  id: string;
  kind: string;
  name: string;
  tokenId: string;
  bindings: { role: string; roleName?: string; project: string | null; projectName?: string | null; paths?: string[] | null; permissions?: string[] }[];
  project?: { id: string; name: string };
  tokenScope?: { role: string | null; project: string | null };
  /** The token's expiry (null = never; absent = an older server that does not say). */
  tokenExpiresAt?: string | null;
  bootstrapToken?: boolean;
}

/**
 * `rampart whoami [--project <name or id>]`: who the current login (or RAMPART_TOKEN) is, and its
 * roles by name; with --project only the roles that apply in that project and what they grant.
 */
export function registerWhoami(program: Command, setCode: (c: number) => void): void {
  program
    .command('whoami')
    .description("who the current login's token belongs to and its roles; --project: what it may do in one project")
    .option('--server <url>', 'server URL (default: the current login)')
    .option('--project <project>', 'a project name or id: only the roles that apply there, with their permissions')
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (flags: GlobalOpts & { server?: string; project?: string; format?: string }, self: Command) => {
      const o = withRootFlags(flags, self);
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`unknown --format "${String(o.format).slice(0, 40)}"; use text or json`);
      const { resolveLogin, callServer } = await import('../server/findings/client.js');
      const login = await resolveLogin(o.server);
      const q = o.project !== undefined ? `?project=${encodeURIComponent(o.project)}` : '';
      const me = (await callServer(login.server, login.token, 'GET', `/api/v1/whoami${q}`)) as WhoamiAnswer;
      process.stdout.write(o.format === 'json' ? JSON.stringify(me, null, 2) + '\n' : formatWhoami(me, login.server));
      if (!o.quiet && me.tokenExpiresAt && me.kind !== 'oidc_policy') {
        const exp = describeExpiry(me.tokenExpiresAt, Date.now());
        if (exp.warn) process.stderr.write(`rampart: warning: this token ${exp.text}: ${renewHint(me.bootstrapToken === true)}\n`);
      }
      setCode(0);
    });
}

/** Text for people: names (escaped when they hold anything unusual), never the token. */
export function formatWhoami(me: WhoamiAnswer, server: string, now = Date.now()): string {
  const show = printable;
  const kind = me.kind === 'service_account' ? 'service account' : me.kind === 'oidc_policy' ? 'CI job of trust policy' : 'user';
  const lines = [`${kind} ${show(me.name)} (${show(me.id)}) on ${show(server)}, token ${show(me.tokenId)}`];
  if (me.tokenExpiresAt !== undefined) lines.push(`token ${describeExpiry(me.tokenExpiresAt, now).text}`);
  if (me.tokenScope) {
    // The narrowing carries ids; the bindings name them (a narrowed token's role is one its owner holds).
    const roleName = me.bindings.find((x) => x.role === me.tokenScope!.role)?.roleName;
    const projectName = me.project?.id === me.tokenScope.project ? me.project.name : me.bindings.find((x) => x.project === me.tokenScope!.project)?.projectName;
    const role = me.tokenScope.role ? ` role ${show(roleName ?? me.tokenScope.role)}` : '';
    const project = me.tokenScope.project ? ` project ${show(projectName ?? me.tokenScope.project)}` : '';
    lines.push(`token narrowed to${role}${project}`);
  }
  if (me.project) lines.push(`in project ${show(me.project.name)} (${show(me.project.id)}):`);
  if (me.bindings.length === 0) lines.push(me.project ? '  no role applies here' : '  no roles');
  for (const b of me.bindings) {
    const where = b.project === null ? 'globally' : `on project ${show(b.projectName ?? b.project)}`;
    const paths = b.paths ? ` (secrets under ${b.paths.map(show).join(', ')})` : '';
    lines.push(`  ${show(b.roleName ?? b.role)} ${where}${paths}${me.project && b.permissions ? `: ${b.permissions.map(show).join(' ')}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * `rampart login --renew` and `rampart tokens renew`: the stored login's token is renewed and the
 * new one stored in its place before anything is printed (the server revokes the old one at
 * once). With RAMPART_TOKEN and --server instead of a stored login, the new token is printed on
 * stdout, once, for the caller to store.
 */
export async function renewCommand(o: GlobalOpts & { server?: string }, configDir?: string): Promise<void> {
  const { callServer, ServerError } = await import('../server/findings/client.js');
  const { redactToken } = await import('../server/identity/tokens.js');
  const saved = await loginFor(o.server, configDir);
  const env = process.env.RAMPART_TOKEN?.trim();
  const server = saved?.server ?? (o.server !== undefined && env ? normaliseServerUrl(o.server) : undefined);
  const token = saved?.token ?? env;
  if (server === undefined || !token) throw new RampartError('E_NOT_LOGGED_IN', 'not logged in: run rampart login --server URL --token TOKEN first (or pass --server with RAMPART_TOKEN set)');
  let r: { token: string; id: string; expiresAt: string | null; renewedFrom?: string };
  try {
    r = (await callServer(server, token, 'POST', '/api/v1/tokens/self/renew')) as typeof r;
  } catch (e) {
    if (e instanceof ServerError && e.status === 401) throw new RampartError('E_LOGIN_REFUSED', `${server} refused to renew the token: it is expired or revoked (a lapsed token cannot be renewed: ask an admin for a new one; an admin with none left: rampart server admin-token on the server host)`);
    throw e;
  }
  const exp = describeExpiry(r.expiresAt, Date.now());
  if (saved) {
    await saveLogin({ ...saved, token: r.token, ...(r.expiresAt ? { expiresAt: r.expiresAt } : {}), savedAt: new Date().toISOString() }, configDir, { keepCurrent: true });
    if (!o.quiet) process.stderr.write(`rampart: token renewed for ${server}: now ${redactToken(r.token)} (${printable(r.id)}), ${exp.text}; the old one is revoked\n`);
  } else {
    process.stdout.write(r.token + '\n');
    if (!o.quiet) process.stderr.write(`rampart: token renewed (${printable(r.id)}), ${exp.text}; the one in RAMPART_TOKEN is revoked: store this one now, it is shown only once\n`);
  }
}

/**
 * The owner (`<kind> <name>`) and the token's expiry (ISO, null = never, undefined = an older
 * server that does not say) and bootstrap mark, from GET /api/v1/whoami; a refusal or no answer is
 * an error naming the fix.
 */
async function whoAmI(server: string, token: string): Promise<{ label: string; expiresAt: string | null | undefined; bootstrap: boolean }> {
  const { parseToken } = await import('../server/identity/tokens.js');
  // The format check first, so a typo never travels to the server.
  if (parseToken(token) === null) throw new UsageError('--token: not a Rampart API token (expected rmp_u_..., rmp_s_... or rmp_c_...; check for a copy-paste error)');
  const { callServer, ServerError } = await import('../server/findings/client.js');
  try {
    const me = (await callServer(server, token, 'GET', '/api/v1/whoami')) as { kind?: unknown; name?: unknown; tokenExpiresAt?: unknown; bootstrapToken?: unknown };
    const kind = me.kind === 'service_account' ? 'service account' : me.kind === 'oidc_policy' ? 'CI job of trust policy' : 'user';
    const at = me.tokenExpiresAt;
    const expiresAt = at === null ? null : typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : undefined;
    return { label: `${kind} ${String(me.name ?? '?').replace(/[^\x20-\x7e]/g, '?').slice(0, 80)}`, expiresAt, bootstrap: me.bootstrapToken === true };
  } catch (e) {
    if (e instanceof ServerError && e.status === 401) {
      throw new RampartError('E_LOGIN_REFUSED', `${server} refused the token (invalid, expired or revoked); nothing was saved`);
    }
    if (e instanceof ServerError) throw new RampartError(e.code, `${e.message}; nothing was saved (--no-verify stores the token without asking)`);
    throw e;
  }
}

async function tokenFromFlags(o: LoginFlags): Promise<string> {
  if (o.project || o.role || o.tokenEnv || o.audience) throw new UsageError('--project, --role, --audience and --token-env go with --oidc');
  if (o.token === '-') {
    const t = (await readStdin()).trim();
    // Else the empty string reaches the token check, which calls it a copy-paste error.
    if (!t) throw new UsageError('--token -: stdin was empty; pipe the token in (e.g. `rampart login --server URL --token - < token.txt`)');
    return t;
  }
  const t = o.token ?? process.env.RAMPART_TOKEN;
  if (!t) throw new UsageError('give --token TOKEN (or "-" to read it from stdin, or set RAMPART_TOKEN), or use --oidc in CI');
  return t.trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of process.stdin as AsyncIterable<Buffer>) {
    total += c.length;
    if (total > 4096) throw new UsageError('stdin: expected one token');
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The server's canonical URL: http(s), no credentials, query or fragment, no trailing slash.
 * Plain http only to a loopback host, since the token travels in every request.
 */
export function normaliseServerUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new UsageError(`--server ${JSON.stringify(raw)}: not a URL (e.g. https://rampart.example.com)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`--server: ${u.protocol} is not http or https`);
  if (u.username || u.password || u.search || u.hash) throw new UsageError('--server: no credentials, query or fragment in the URL');
  if (u.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
    throw new UsageError('--server: use https (plain http only to 127.0.0.1, ::1 or localhost); tokens must not cross the network in clear');
  }
  let path = u.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return `${u.origin}${path}`;
}

export interface TokenLoginOptions {
  server: string;
  token: string;
  /** The token's expiry as the server said (stored, so later commands can warn). */
  expiresAt?: string;
  configDir?: string;
  now?: () => Date;
}

export async function loginWithToken(o: TokenLoginOptions): Promise<StoredLogin> {
  const { parseToken } = await import('../server/identity/tokens.js');
  const server = normaliseServerUrl(o.server);
  const parsed = parseToken(o.token);
  if (parsed === null) {
    throw new UsageError('--token: not a Rampart API token (expected rmp_u_..., rmp_s_... or rmp_c_...; check for a copy-paste error)');
  }
  const saved: StoredLogin = { server, token: o.token, kind: parsed.kind, ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}), savedAt: (o.now?.() ?? new Date()).toISOString() };
  await saveLogin(saved, o.configDir);
  return saved;
}

export interface OidcLoginOptions {
  server: string;
  project?: string;
  role?: string;
  audience?: string;
  tokenEnv?: string;
  env?: NodeJS.ProcessEnv;
  configDir?: string;
  timeoutMs?: number;
}

export async function loginWithOidc(o: OidcLoginOptions): Promise<StoredLogin> {
  const server = normaliseServerUrl(o.server);
  if (!o.project || !o.role) throw new UsageError('--oidc needs --project NAME and --role NAME (the trust policy\'s project and role)');
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const idToken = await ciIdToken(env, { tokenEnv: o.tokenEnv, audience: o.audience ?? server, timeoutMs });

  let res: Response;
  try {
    res = await fetch(server + EXCHANGE_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: idToken, project: o.project, role: o.role }),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new RampartError('E_LOGIN_NETWORK', `could not reach ${server}: ${networkReason(err)}`);
  }
  const body = await readJson(res, server + EXCHANGE_PATH);
  if (!res.ok) {
    const msg = errorMessage(body) ?? `HTTP ${res.status}`;
    throw new RampartError('E_LOGIN_REFUSED', `${server} refused the OIDC token exchange: ${msg}`);
  }
  const { parseToken } = await import('../server/identity/tokens.js');
  const b = body as { token?: unknown; expiresAt?: unknown } | null;
  const token = typeof b?.token === 'string' ? b.token : '';
  if (parseToken(token)?.kind !== 'ci') {
    throw new RampartError('E_LOGIN_RESPONSE', `${server} answered the exchange without a Rampart CI token`);
  }
  const expiresAt = typeof b?.expiresAt === 'string' && !Number.isNaN(Date.parse(b.expiresAt)) ? new Date(b.expiresAt).toISOString() : undefined;
  const saved: StoredLogin = { server, token, kind: 'ci', expiresAt, project: o.project, role: o.role, savedAt: new Date().toISOString() };
  await saveLogin(saved, o.configDir);
  return saved;
}

/**
 * The CI job's OIDC id token. An explicit --token-env wins, then RAMPART_ID_TOKEN (GitLab
 * `id_tokens:` variables, or any CI that puts the token in the environment), then GitHub
 * Actions' token request endpoint (needs `permissions: id-token: write`).
 */
export async function ciIdToken(env: NodeJS.ProcessEnv, o: { tokenEnv?: string; audience: string; timeoutMs: number }): Promise<string> {
  if (o.tokenEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(o.tokenEnv)) throw new UsageError(`--token-env ${JSON.stringify(o.tokenEnv)}: not a variable name`);
    const v = env[o.tokenEnv]?.trim();
    if (!v) throw new UsageError(`--token-env ${o.tokenEnv}: the variable is empty or unset (declare it under id_tokens: in .gitlab-ci.yml)`);
    return v;
  }
  const fromEnv = env.RAMPART_ID_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  const reqUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const reqToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (reqUrl && reqToken) return githubIdToken(reqUrl, reqToken, o.audience, o.timeoutMs);
  if (env.GITHUB_ACTIONS === 'true') {
    throw new UsageError('GitHub Actions did not provide an OIDC token: add `permissions: id-token: write` to the job');
  }
  if (env.GITLAB_CI === 'true') {
    throw new UsageError('no OIDC id token: declare one under id_tokens: in .gitlab-ci.yml (e.g. RAMPART_ID_TOKEN with aud: your server URL)');
  }
  throw new UsageError('no CI OIDC id token found (GitHub Actions: id-token: write; GitLab: id_tokens: RAMPART_ID_TOKEN, or --token-env NAME)');
}

async function githubIdToken(requestUrl: string, requestToken: string, audience: string, timeoutMs: number): Promise<string> {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    throw new RampartError('E_LOGIN_OIDC', 'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
  }
  u.searchParams.set('audience', audience);
  let res: Response;
  try {
    res = await fetch(u, {
      headers: { authorization: `bearer ${requestToken}`, accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new RampartError('E_LOGIN_OIDC', `could not get the GitHub Actions OIDC token: ${networkReason(err)}`);
  }
  const body = (await readJson(res, 'the GitHub Actions token endpoint')) as { value?: unknown } | null;
  if (!res.ok || typeof body?.value !== 'string' || body.value.length === 0) {
    throw new RampartError('E_LOGIN_OIDC', `the GitHub Actions token endpoint answered HTTP ${res.status} without a token`);
  }
  return body.value;
}

async function readJson(res: Response, what: string): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > MAX_RESPONSE_BYTES) {
        await reader.cancel();
        throw new RampartError('E_LOGIN_RESPONSE', `${what}: response too large`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (!res.ok) return null;
    throw new RampartError('E_LOGIN_RESPONSE', `${what}: response is not JSON`);
  }
}

/** The message of the server's uniform error shape `{ error: { code, message } }`. */
function errorMessage(body: unknown): string | undefined {
  const e = (body as { error?: { message?: unknown; code?: unknown } } | null)?.error;
  if (!e || typeof e.message !== 'string') return undefined;
  // Cap and strip control characters: it is printed to a terminal.
  const msg = e.message.slice(0, 300).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return typeof e.code === 'string' ? `${msg} (${e.code.slice(0, 60)})` : msg;
}

function networkReason(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error';
}

// ---------------------------------------------------------------------------------------------
// Credentials file

export async function credentialsPath(configDir?: string): Promise<string> {
  const { join } = await import('node:path');
  if (configDir) return join(configDir, 'credentials.json');
  const { default: envPaths } = await import('env-paths');
  return join(envPaths('rampart', { suffix: '' }).config, 'credentials.json');
}

/** The stored credentials; an empty file when none exist. A corrupt file is an error naming it. */
export async function readCredentials(configDir?: string): Promise<CredentialsFile> {
  const { readFile } = await import('node:fs/promises');
  const { InputError } = await import('../core/errors.js');
  const path = await credentialsPath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
    throw new InputError(path, `cannot read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(path, 'not JSON; delete it and log in again');
  }
  const d = data as Partial<CredentialsFile> | null;
  if (!d || d.version !== 1 || typeof d.servers !== 'object' || d.servers === null || Array.isArray(d.servers)) {
    throw new InputError(path, 'not a Rampart credentials file (version 1); delete it and log in again');
  }
  return { version: 1, current: typeof d.current === 'string' ? d.current : undefined, servers: d.servers };
}

/** The login to use for `server` (default: the current one), or undefined. */
export async function loginFor(server?: string, configDir?: string): Promise<StoredLogin | undefined> {
  const creds = await readCredentials(configDir);
  const key = server ? normaliseServerUrl(server) : creds.current;
  return key ? creds.servers[key] : undefined;
}

async function saveLogin(saved: StoredLogin, configDir?: string, opts: { keepCurrent?: boolean } = {}): Promise<void> {
  const { mkdir, open, rename, rm, chmod } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  const { randomBytes } = await import('node:crypto');
  const path = await credentialsPath(configDir);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const creds = await readCredentials(configDir);
  creds.servers[saved.server] = saved;
  if (!opts.keepCurrent || creds.current === undefined) creds.current = saved.server;
  // A fresh 0600 file renamed over the old one: never readable by others, even for an instant,
  // and a symlink planted at the path is replaced rather than followed.
  const tmp = join(dir, `.credentials.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(creds, null, 2) + '\n', 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await chmod(tmp, 0o600); // umask cannot widen it, but be explicit
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
