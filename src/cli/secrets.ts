import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { GlobalOpts } from './shared.js';
import { principalLabel, printable } from './printable.js';
import { api, scopePath, type Api } from './api/client.js';

interface SecretFlags extends GlobalOpts {
  project: string;
  server?: string;
  format?: string;
}

/** Largest value read from stdin or a file; the server's cap is the same 64 KiB. */
const MAX_VALUE_BYTES = 64 * 1024;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * `rampart secrets get|put|list|history|metadata|rotate|delete|undelete|destroy|policy|exec`: the vault
 * from the command line. Values are never taken from argv (visible in `ps`): put and rotate read
 * stdin or --from-file. exec puts secrets only in the child's environment and passes its exit
 * code through. Every operation is audited by the server (who, which path and versions).
 */
export function registerSecrets(program: Command, setCode: (c: number) => void): void {
  const secrets = program.command('secrets').description("read and write the server's secrets vault");
  const common = (c: Command) =>
    c.requiredOption('--project <name>', 'project name on the server').option('--server <url>', 'server URL (default: the current login)');

  common(secrets.command('get').description('print a secret value to stdout').argument('<path>', 'secret path, e.g. db/password'))
    .option('--secret-version <n>', 'a specific version (default: the current one); not --version, which prints rampart\'s')
    .action(async (path: string, flags: SecretFlags & { secretVersion?: string }, cmd: Command) => {
      const o = withRootFlags(flags, cmd);
      const { UsageError } = await import('../core/errors.js');
      if (o.secretVersion !== undefined && !/^[1-9][0-9]{0,14}$/.test(o.secretVersion)) throw new UsageError('--secret-version: expected a positive integer');
      const c = await api(o);
      const r = await readSecret(c, o.project, path, o.secretVersion);
      warnRotation(o, path, r);
      process.stdout.write(r.value + (process.stdout.isTTY ? '\n' : ''));
      setCode(0);
    });

  for (const cmd of ['put', 'rotate'] as const) {
    common(
      secrets
        .command(cmd)
        .description(
          cmd === 'put'
            ? 'write a new version; the value comes from stdin or --from-file, never from the command line'
            : 'write a new version only if nobody else did since the current one (check-and-set); value from stdin or --from-file',
        )
        .argument('<path>', 'secret path, e.g. db/password'),
    )
      .option('--from-file <file>', 'read the value from this file instead of stdin (used exactly as it is)')
      .option('--raw', 'keep the value read from stdin exactly as given; by default ONE trailing newline (\\n or \\r\\n) is removed, as `echo pw |` or typing the value adds one')
      .option('--cas <version>', 'write only if the current version is this (0 = must not exist yet)')
      .action(async (path: string, flags: SecretFlags & { fromFile?: string; cas?: string; raw?: boolean }, self: Command) => {
        const o = withRootFlags(flags, self);
        const { UsageError } = await import('../core/errors.js');
        if (o.cas !== undefined && !/^[0-9]{1,15}$/.test(o.cas)) throw new UsageError('--cas: expected a version number');
        const c = await api(o);
        let cas = o.cas === undefined ? undefined : Number(o.cas);
        if (cmd === 'rotate' && cas === undefined) {
          // Rotation replaces what is there now: a concurrent writer makes it fail, not vanish.
          const h = (await c.call('GET', `${scopePath(o.project)}/secrets-history/${encodePath(path)}`)) as { versions: { version: number }[] };
          cas = h.versions[0]?.version ?? 0;
        }
        const value = await readValue(o.fromFile, o.raw === true, o.quiet);
        const r = (await c.call('PUT', `${scopePath(o.project)}/secrets/${encodePath(path)}`, { value, ...(cas !== undefined ? { cas } : {}) })) as { version: number; destroyed: number[] };
        if (!o.quiet) {
          process.stderr.write(`rampart: ${o.project}/${path}: wrote version ${r.version}${r.destroyed.length ? ` (destroyed old versions ${r.destroyed.join(', ')})` : ''}\n`);
        }
        setCode(0);
      });
  }

  common(secrets.command('list').description('list secret paths and versions (never values)'))
    .option('--prefix <prefix>', 'only paths starting with this')
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (flags: SecretFlags & { prefix?: string }, cmd: Command) => {
      const o = withRootFlags(flags, cmd);
      await checkFormat(o.format);
      const c = await api(o);
      const q = o.prefix ? `?prefix=${encodeURIComponent(o.prefix)}` : '';
      const r = (await c.call('GET', `${scopePath(o.project)}/secrets${q}`)) as { secrets: { path: string; currentVersion: number; currentDeleted: boolean; updatedAt: string }[] };
      if (o.format === 'json') process.stdout.write(JSON.stringify(r.secrets, null, 2) + '\n');
      else {
        for (const s of r.secrets) {
          const state = s.currentVersion === 0 ? 'no versions' : `v${s.currentVersion}${s.currentDeleted ? ' (deleted)' : ''}`;
          process.stdout.write(`${s.path}\t${state}\t${s.updatedAt}\n`);
        }
      }
      const due = (await c.call('GET', `${scopePath(o.project)}/rotation-due`)) as { due: { path: string; ageS: number; maxAgeS: number }[] };
      if (!o.quiet) for (const d of due.due) process.stderr.write(`rampart: warning: ${d.path} is due for rotation (age ${d.ageS} s, max ${d.maxAgeS} s)\n`);
      setCode(0);
    });

  common(secrets.command('history').description("a secret's versions, newest first (never values)").argument('<path>', 'secret path'))
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (path: string, flags: SecretFlags, cmd: Command) => {
      const o = withRootFlags(flags, cmd);
      await checkFormat(o.format);
      const c = await api(o);
      const r = (await c.call('GET', `${scopePath(o.project)}/secrets-history/${encodePath(path)}`)) as { versions: VersionWire[] };
      if (o.format === 'json') process.stdout.write(JSON.stringify(r.versions, null, 2) + '\n');
      else {
        for (const v of r.versions) process.stdout.write(versionLine(v));
        if (r.versions.length === 0 && !o.quiet) process.stderr.write(`rampart: ${path} has no versions yet (only its policy is set)\n`);
      }
      setCode(0);
    });

  common(
    secrets
      .command('metadata')
      .description("one secret's metadata, never its value: versions kept, check-and-set, times, deletion state, rotation due, each version")
      .argument('<path>', 'secret path'),
  )
    .option('-f, --format <format>', 'text|json', 'text')
    .action(async (path: string, flags: SecretFlags, cmd: Command) => {
      const o = withRootFlags(flags, cmd);
      await checkFormat(o.format);
      const c = await api(o);
      const m = (await c.call('GET', `${scopePath(o.project)}/secrets-metadata/${encodePath(path)}`)) as SecretMetadata;
      process.stdout.write(o.format === 'json' ? JSON.stringify(m, null, 2) + '\n' : formatMetadata(m));
      setCode(0);
    });

  // delete (soft, reversible), undelete, destroy (for good): the versions that changed on stderr.
  const changes = [
    ['delete', 'soft-delete versions (default: the current one); reads of them fail until undelete', 'deleted', 'already deleted, or destroyed'],
    ['undelete', 'undo a soft delete (default: the current version)', 'undeleted', 'not deleted, or destroyed'],
    ['destroy', 'destroy versions for good (their ciphertext and data key are wiped); --versions is required', 'destroyed', 'already destroyed'],
  ] as const;
  for (const [op, description, done, unchanged] of changes) {
    const c = common(secrets.command(op).description(description).argument('<path>', 'secret path'));
    if (op === 'destroy') c.requiredOption('--versions <list>', 'the versions to destroy, e.g. 1,2 (see secrets history)');
    else c.option('--versions <list>', 'comma-separated versions, e.g. 1,2 (default: the current one)');
    c.action(async (path: string, flags: SecretFlags & { versions?: string }, self: Command) => {
      const o = withRootFlags(flags, self);
      const versions = o.versions === undefined ? undefined : parseVersions(o.versions);
      const c = await api(o);
      const where = `${scopePath(o.project)}/secret${op === 'delete' ? 's' : `s-${op}`}/${encodePath(path)}`;
      const r = (
        op === 'delete'
          ? await c.call('DELETE', `${where}${versions ? `?versions=${versions.join(',')}` : ''}`)
          : await c.call('POST', where, versions ? { versions } : {})
      ) as { versions: number[] };
      if (!o.quiet) {
        // Versions already in that state (or destroyed) are left as they are and not listed.
        const what = r.versions.length ? `${done} version${r.versions.length > 1 ? 's' : ''} ${r.versions.join(', ')}` : `nothing ${done} (${unchanged})`;
        process.stderr.write(`rampart: ${o.project}/${path}: ${what}\n`);
      }
      setCode(0);
    });
  }

  common(
    secrets
      .command('policy')
      .description("set a secret's metadata: versions kept, rotation max age, check-and-set required; works before the first write (the write then obeys it)")
      .argument('<path>', 'secret path'),
  )
    .option('--max-versions <n>', 'versions kept (1 to 1000); lowering it destroys older ones and needs secrets:destroy')
    .option('--rotation-max-age <seconds>', "the current version is due for rotation after this many seconds; 'none' = never")
    .option('--cas-required <bool>', 'true: every write must give --cas (rotate does); false: plain writes allowed')
    .action(async (path: string, flags: SecretFlags & { maxVersions?: string; rotationMaxAge?: string; casRequired?: string }, self: Command) => {
      const o = withRootFlags(flags, self);
      const body: { maxVersions?: number; rotationMaxAgeS?: number | null; casRequired?: boolean } = {};
      if (o.maxVersions !== undefined) {
        if (!/^[1-9][0-9]{0,3}$/.test(o.maxVersions) || Number(o.maxVersions) > 1000) throw new UsageError('--max-versions: expected a number from 1 to 1000');
        body.maxVersions = Number(o.maxVersions);
      }
      if (o.rotationMaxAge !== undefined) {
        if (o.rotationMaxAge !== 'none' && !/^[1-9][0-9]{0,9}$/.test(o.rotationMaxAge)) throw new UsageError("--rotation-max-age: expected a number of seconds or 'none'");
        body.rotationMaxAgeS = o.rotationMaxAge === 'none' ? null : Number(o.rotationMaxAge);
      }
      if (o.casRequired !== undefined) {
        if (o.casRequired !== 'true' && o.casRequired !== 'false') throw new UsageError('--cas-required: expected true or false');
        body.casRequired = o.casRequired === 'true';
      }
      if (Object.keys(body).length === 0) throw new UsageError('policy: give --max-versions, --rotation-max-age or --cas-required');
      const c = await api(o);
      const r = (await c.call('PUT', `${scopePath(o.project)}/secrets-policy/${encodePath(path)}`, body)) as { destroyed: number[]; created?: boolean };
      if (!o.quiet) {
        const extra = r.created ? ' (metadata only: no version yet; the first write obeys it)' : r.destroyed.length ? ` (destroyed versions ${r.destroyed.join(', ')})` : '';
        process.stderr.write(`rampart: ${o.project}/${path}: policy set${extra}\n`);
      }
      setCode(0);
    });

  common(secrets.command('exec').description('run a command with secrets in its environment only: exec --env NAME=PATH ... -- cmd args'))
    .option('--env <NAME=PATH>', 'put secret PATH in environment variable NAME (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .argument('<command>', 'the program to run (no shell)')
    .argument('[args...]', 'its arguments')
    .action(async (command: string, args: string[], flags: SecretFlags & { env: string[] }, cmd: Command) => {
      const o = withRootFlags(flags, cmd);
      const { UsageError } = await import('../core/errors.js');
      if (o.env.length === 0) throw new UsageError('exec: give at least one --env NAME=PATH');
      const pairs = o.env.map((e) => {
        const i = e.indexOf('=');
        const name = i > 0 ? e.slice(0, i) : '';
        const path = i > 0 ? e.slice(i + 1) : '';
        if (!ENV_NAME.test(name) || !path) throw new UsageError(`--env ${JSON.stringify(e.slice(0, 80))}: expected NAME=PATH with NAME a valid environment variable name`);
        return { name, path };
      });
      // Two secrets for one variable: one would silently win, and the command would run with it.
      const seen = new Set<string>();
      for (const p of pairs) {
        if (seen.has(p.name)) throw new UsageError(`--env ${p.name}: given twice; name each variable once`);
        seen.add(p.name);
      }
      const c = await api(o);
      // The child gets our environment minus our own credential, plus the secrets.
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.RAMPART_TOKEN;
      for (const p of pairs) {
        const r = await readSecret(c, o.project, p.path);
        warnRotation(o, p.path, r);
        env[p.name] = r.value;
      }
      setCode(await runChild(command, args, env));
    });

  // `rampart server unseal` lives here with the rest of the vault CLI; it needs `server` registered first.
  const server = program.commands.find((c) => c.name() === 'server');
  if (server) registerUnseal(server, setCode);
}

/**
 * `rampart server unseal`: reads key shares from stdin, one a line (never from argv), and gives
 * them to the server one by one. Exit 0 once unsealed, 1 if still sealed when the input ends.
 */
export function registerUnseal(server: Command, setCode: (c: number) => void): void {
  server
    .command('unseal')
    .description('unseal the vault: give key shares on stdin, one a line, until the threshold is reached')
    .option('--server <url>', 'server URL (default: the current login)')
    .action(async (_o: unknown, cmd: Command) => {
      const o = withRootFlags(cmd.opts<GlobalOpts & { server?: string }>(), cmd);
      const { normaliseServerUrl } = await import('./login.js');
      let base: string;
      if (o.server) base = normaliseServerUrl(o.server);
      else {
        const { resolveLogin } = await import('../server/findings/client.js');
        base = (await resolveLogin()).server;
      }
      const { ServerError, CLIENT_TIMEOUT_MS, unreachableReason } = await import('../server/findings/client.js');
      const post = async (share: string): Promise<{ status: number; json: { sealed?: boolean; have?: number; threshold?: number; n?: number | null; error?: { message?: string } } }> => {
        let r: Response;
        try {
          r = await fetch(`${base}/api/v1/sys/unseal`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json' },
            body: JSON.stringify({ share }),
            redirect: 'error',
            signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
          });
        } catch (e) {
          throw new ServerError(0, 'E_SERVER_UNREACHABLE', `cannot reach ${base}: ${unreachableReason(e)}`);
        }
        const text = (await r.text()).slice(0, 64 * 1024);
        try {
          return { status: r.status, json: JSON.parse(text) };
        } catch {
          throw new ServerError(r.status, 'E_SERVER_RESPONSE', `${base} answered HTTP ${r.status} with a body that is not JSON`);
        }
      };
      const status = await fetch(`${base}/api/v1/sys/seal-status`, { redirect: 'error', signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })
        .then((r) => r.json() as Promise<{ sealed?: boolean; t?: number | null; n?: number | null; progress?: number }>)
        .catch((e: unknown) => {
          throw new ServerError(0, 'E_SERVER_UNREACHABLE', `cannot reach ${base}: ${unreachableReason(e)}`);
        });
      if (status.sealed === false) {
        if (!o.quiet) process.stderr.write('rampart: the vault is already unsealed\n');
        setCode(0);
        return;
      }
      if (!o.quiet && typeof status.t === 'number') {
        const of = typeof status.n === 'number' ? ` of the ${status.n}` : '';
        process.stderr.write(`rampart: the vault is sealed: ${status.t}${of} key shares unseal it; ${status.progress ?? 0} given so far\n`);
      } else if (!o.quiet) {
        // No t recorded: a key split before t and n were recorded (migration 0011; the first share
        // carries t, and the server records it once unsealed), or a key file / RAMPART_MASTER_KEY
        // sealed by `POST sys/seal`, which has no shares: restarting the server loads it again.
        process.stderr.write(
          'rampart: the vault is sealed and the number of shares it needs is not recorded: a key split by an older version tells it with its first share; a server with a key file or RAMPART_MASTER_KEY is unsealed by restarting it\n',
        );
      }
      const { createInterface } = await import('node:readline');
      if (process.stdin.isTTY) process.stderr.write('rampart: enter key shares, one a line (end with Ctrl-D)\n');
      const rl = createInterface({ input: process.stdin, terminal: false });
      let sealed = true;
      let n = 0;
      for await (const line of rl) {
        const share = line.trim();
        if (!share) continue;
        n++;
        const r = await post(share);
        if (r.status !== 200) {
          process.stderr.write(`rampart: share ${n} refused: ${String(r.json.error?.message ?? `HTTP ${r.status}`).slice(0, 300)}\n`);
          continue;
        }
        sealed = r.json.sealed !== false;
        // n counts this run's input lines; have/threshold is the server's count across runs and holders.
        if (!o.quiet) process.stderr.write(sealed ? `rampart: share ${n} accepted: ${r.json.have} of ${r.json.threshold ?? '?'} given so far\n` : 'rampart: the vault is unsealed\n');
        if (!sealed) break;
      }
      rl.close();
      if (sealed && !o.quiet) process.stderr.write('rampart: the vault is still sealed\n');
      setCode(sealed ? 1 : 0);
    });
}

/**
 * The command's flags with -q/--no-color given anywhere on the line: the root command declares
 * them too and, parsing options wherever they stand, takes them before the subcommand sees them.
 */
export function withRootFlags<T extends GlobalOpts>(flags: T, cmd: Command): T {
  let root = cmd;
  while (root.parent) root = root.parent;
  const top = root.opts<GlobalOpts>();
  return { ...flags, quiet: flags.quiet === true || top.quiet === true, color: flags.color !== false && top.color !== false };
}

interface ReadResult {
  value: string;
  version: number;
  rotation?: { maxAgeS: number; ageS: number; due: boolean };
}

/**
 * Each segment encoded, the slashes kept: the server takes the rest of the URL as the path. A `.`
 * or `..` segment is refused here: URL resolution would drop it and send the request to another
 * route (even another project's secret), and an empty one could never name a secret.
 */
function encodePath(path: string): string {
  const segments = path.split('/');
  if (segments.some((x) => x === '' || x === '.' || x === '..')) {
    throw new UsageError(`secret path ${JSON.stringify(path.slice(0, 100))}: segments separated by single slashes, none empty, "." or ".." (e.g. db/password)`);
  }
  return segments.map(encodeURIComponent).join('/');
}

/** Who wrote a version (`user bob`), escaped for the terminal: the one principalLabel of cli/printable.ts. */
export const writer = principalLabel;

/** One version's metadata as secrets-history and secrets-metadata answer it (server/vault/routes.ts). */
interface VersionWire {
  version: number;
  createdAt: string;
  createdBy: string;
  createdByName?: string | null;
  deletedAt: string | null;
  destroyed: boolean;
}

/** `v3\t<created>\t<writer>\t<state>`: how `secrets history` and `secrets metadata` print a version. */
function versionLine(v: VersionWire): string {
  const state = v.destroyed ? 'destroyed' : v.deletedAt ? `deleted ${v.deletedAt}` : 'live';
  return `v${v.version}\t${v.createdAt}\t${writer(v.createdBy, v.createdByName)}\t${state}\n`;
}

/** GET secrets-metadata's answer (server/vault/routes.ts). */
export interface SecretMetadata {
  path: string;
  currentVersion: number;
  oldestVersion: number;
  maxVersions: number;
  rotationMaxAgeS: number | null;
  casRequired: boolean;
  createdAt: string;
  updatedAt: string;
  currentDeleted: boolean;
  rotation: { maxAgeS: number; ageS: number; due: boolean; dueAt: string } | null;
  /** The newest versions (at most 100); versionCount counts every version ever written. */
  versions: VersionWire[];
  versionCount: number;
}

/** `secrets metadata` as text: one field a line, then the versions as `secrets history` prints them. */
export function formatMetadata(m: SecretMetadata): string {
  const lines: [string, string][] = [['path', printable(m.path)]];
  const cur = m.versions.find((v) => v.version === m.currentVersion);
  const curState = !cur ? '' : cur.destroyed ? ' (destroyed)' : cur.deletedAt ? ` (deleted ${cur.deletedAt})` : '';
  lines.push(['current version', m.currentVersion === 0 ? 'none yet (only the policy is set)' : `v${m.currentVersion}${curState}`]);
  if (m.currentVersion > 0) lines.push(['oldest live', m.oldestVersion === 0 ? 'none (every version deleted or destroyed)' : `v${m.oldestVersion}`]);
  lines.push(['versions kept', String(m.maxVersions)]);
  lines.push(['cas required', m.casRequired ? 'yes (writes must give --cas; rotate does)' : 'no']);
  let rotation = 'no max age';
  if (m.rotationMaxAgeS !== null) {
    rotation = `max age ${m.rotationMaxAgeS} s`;
    if (m.rotation) rotation += m.rotation.due ? `; DUE since ${m.rotation.dueAt} (age ${m.rotation.ageS} s)` : `; due at ${m.rotation.dueAt} (age ${m.rotation.ageS} s)`;
  }
  lines.push(['rotation', rotation]);
  lines.push(['created', m.createdAt], ['updated', m.updatedAt]);
  if (m.versionCount > m.versions.length) lines.push(['written', `${m.versionCount} versions (the newest ${m.versions.length} below)`]);
  return lines.map(([k, v]) => `${(k + ':').padEnd(17)}${v}\n`).join('') + m.versions.map(versionLine).join('');
}

/** `--versions 1,2`: positive version numbers, at most 1000 of them (the server's limit). */
export function parseVersions(list: string): number[] {
  if (!/^[1-9][0-9]{0,14}(,[1-9][0-9]{0,14}){0,999}$/.test(list)) {
    throw new UsageError(`--versions ${JSON.stringify(list.slice(0, 40))}: expected comma-separated version numbers, e.g. 1,2`);
  }
  return [...new Set(list.split(',').map(Number))].sort((a, b) => a - b);
}

async function readSecret(c: Api, project: string, path: string, version?: string): Promise<ReadResult> {
  const q = version ? `?version=${version}` : '';
  return (await c.call('GET', `${scopePath(project)}/secrets/${encodePath(path)}${q}`)) as ReadResult;
}

/** Warned about before it is due: the last tenth of the max age, and at least the last minute. */
const DUE_SOON_MIN_S = 60;

function warnRotation(o: GlobalOpts, path: string, r: ReadResult): void {
  const rot = r.rotation;
  if (o.quiet || !rot) return;
  if (rot.due) {
    process.stderr.write(`rampart: warning: ${path} v${r.version} is due for rotation (age ${rot.ageS} s, max ${rot.maxAgeS} s): run rampart secrets rotate\n`);
  } else if (rot.maxAgeS - rot.ageS <= Math.max(DUE_SOON_MIN_S, rot.maxAgeS / 10)) {
    process.stderr.write(`rampart: warning: ${path} v${r.version} expires: due for rotation in ${rot.maxAgeS - rot.ageS} s (max age ${rot.maxAgeS} s)\n`);
  }
}

async function checkFormat(format: string | undefined): Promise<void> {
  if (format !== 'text' && format !== 'json') {
    const { UsageError } = await import('../core/errors.js');
    throw new UsageError(`unknown --format "${String(format).slice(0, 40)}"; use text or json`);
  }
}

/**
 * The value as UTF-8 text from a file or stdin, at most 64 KiB. A file is taken exactly as it is;
 * stdin loses one trailing newline unless `raw` (`echo pw | rampart secrets put` and a typed value
 * end with one that is not part of the secret, as `vault kv put k=-` users expect); unless `quiet`,
 * stderr says so, since a secret that really ends in a newline would otherwise change silently.
 * `input` is stdin but in tests.
 */
export async function readValue(file?: string, raw = false, quiet = false, input: AsyncIterable<unknown> = process.stdin): Promise<string> {
  const { UsageError } = await import('../core/errors.js');
  let buf: Buffer;
  if (file !== undefined) {
    const { open } = await import('node:fs/promises');
    let fh;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      throw new UsageError(`--from-file: cannot open ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) throw new UsageError(`--from-file: ${file} is not a regular file`);
      if (st.size > MAX_VALUE_BYTES) throw new UsageError(`--from-file: ${file} is larger than ${MAX_VALUE_BYTES} bytes`);
      buf = await fh.readFile();
    } finally {
      await fh.close();
    }
  } else {
    if (process.stdin.isTTY) process.stderr.write('rampart: reading the value from stdin; end with Ctrl-D\n');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of input) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += b.length;
      if (size > MAX_VALUE_BYTES) {
        for (const c of chunks) c.fill(0);
        throw new UsageError(`the value on stdin is larger than ${MAX_VALUE_BYTES} bytes`);
      }
      chunks.push(b);
    }
    buf = Buffer.concat(chunks);
    for (const c of chunks) c.fill(0);
    const drop = raw ? 0 : trailingNewline(buf);
    if (drop > 0) {
      buf = buf.subarray(0, buf.length - drop);
      if (!quiet) process.stderr.write('rampart: removed one trailing newline from the value read from stdin (--raw keeps it)\n');
    }
  }
  try {
    if (buf.length === 0) throw new UsageError('the value is empty (give it on stdin or with --from-file)');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      throw new UsageError('the value is not UTF-8 text');
    }
  } finally {
    buf.fill(0);
  }
}

/** Bytes of one trailing newline at the end of `buf`: 2 for \r\n, 1 for \n, else 0. */
export function trailingNewline(buf: Uint8Array): number {
  const n = buf.length;
  if (n === 0 || buf[n - 1] !== 0x0a) return 0;
  return n >= 2 && buf[n - 2] === 0x0d ? 2 : 1;
}

/** Runs the command without a shell; resolves with its exit code (128 + signal number if killed). */
async function runChild(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  const { RampartError } = await import('../core/errors.js');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit', shell: false });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(new RampartError('E_EXEC', `cannot run ${command.slice(0, 200)}: ${e.code ?? e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}
