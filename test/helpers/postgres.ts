import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore, type Store } from '../../src/store/db.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://rampart:<pw>@127.0.0.1:<port>/postgres */
  databaseUrl: string;
  /** A new, empty database on this cluster; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the cluster and removes its temp directory. */
  stop(): Promise<void>;
}

/** The newest Debian PostgreSQL bin directory, or a test failure that says what to install. */
function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: install postgresql (apt-get install -y postgresql)');
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** initdb refuses to run as root: as root, run the cluster as the `postgres` system user. */
async function asUser(): Promise<{ prefix: string[]; uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!passwd) throw new Error('running as root but no `postgres` user exists: install postgresql (it creates the user)');
  const [, , uid, gid] = passwd.split(':');
  return { prefix: ['runuser', '-u', 'postgres', '--'], uid: Number(uid), gid: Number(gid) };
}

/** argv: parent pid, JSON argv of the stop command, temp root. Polls the parent; cleans up after it. */
const WATCHDOG = `
const [ppid, stopJson, root] = process.argv.slice(1);
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const alive = () => { try { process.kill(Number(ppid), 0); return true; } catch { return false; } };
const t = setInterval(() => {
  if (alive()) return;
  clearInterval(t);
  const argv = JSON.parse(stopJson);
  try { execFileSync(argv[0], argv.slice(1), { stdio: 'ignore', timeout: 20000 }); } catch {}
  rmSync(root, { recursive: true, force: true });
}, 500);
`;

/**
 * Starts a private PostgreSQL cluster for one test file: its own temp data dir, unix socket dir and
 * a random TCP port on 127.0.0.1, password auth over TCP. Call stop() in afterAll.
 */
export async function startPostgres(): Promise<PrivatePostgres> {
  const bin = pgBin();
  const user = await asUser();
  const root = mkdtempSync(join(tmpdir(), 'rampart-pg-'));
  const data = join(root, 'data');
  const sock = join(root, 'sock');
  mkdirSync(sock);
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (user.uid !== undefined) {
    chmodSync(root, 0o700);
    for (const p of [root, sock, pwfile]) chownSync(p, user.uid, user.gid!);
  }
  const cmd = async (file: string, args: string[]) => {
    const argv = [...user.prefix, join(bin, file), ...args];
    try {
      return await run(argv[0]!, argv.slice(1), { timeout: 60_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${file} failed: ${err.stderr || err.message}`);
    }
  };
  let started = false;
  // A test runner may kill its worker without running exit handlers, which would orphan the
  // cluster. A small detached watchdog stops it (and removes the temp dir) once this process is
  // gone; stop() ends the watchdog first.
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), JSON.stringify([...user.prefix, join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']), root], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  const stop = async () => {
    if (watchdog.pid !== undefined && watchdog.exitCode === null) watchdog.kill();
    if (started) {
      started = false;
      await cmd('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await cmd('initdb', ['-D', data, '-U', 'rampart', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync']);
    // Settings go in the config file rather than `pg_ctl -o "..."`, which pg_ctl hands to a shell.
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3 && !started; attempt++) {
      const port = await freePort();
      appendFileSync(
        join(data, 'postgresql.conf'),
        [`listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${sock}'`, 'fsync = off', 'max_connections = 50', ''].join('\n'),
      );
      try {
        await cmd('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '30', 'start']);
        started = true;
        const base = `postgres://rampart:${encodeURIComponent(password)}@127.0.0.1:${port}`;
        const createDatabase = async (name = `t_${randomBytes(6).toString('hex')}`) => {
          if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bad database name ${name}`);
          const pg = (await import('pg')).default;
          const c = new pg.Client({ connectionString: `${base}/postgres` });
          await c.connect();
          try {
            await c.query(`create database ${name}`);
          } finally {
            await c.end();
          }
          return `${base}/${name}`;
        };
        return { databaseUrl: `${base}/postgres`, createDatabase, stop };
      } catch (e) {
        lastErr = e; // most likely the port was taken between probe and start: try another
      }
    }
    throw lastErr;
  } catch (e) {
    const log = existsSync(join(root, 'server.log')) ? readFileSync(join(root, 'server.log'), 'utf8').slice(-2000) : '';
    await stop();
    throw new Error(`${(e as Error).message}${log ? `\n${log}` : ''}`);
  }
}

/**
 * The store a dialect-parametrised server test runs on: SQLite in `dataDir`, or a private
 * PostgreSQL cluster (the caller stops `pg` after the tests).
 */
export async function openDialectStore(dialect: 'sqlite' | 'postgres', dataDir: string): Promise<{ store: Store; pg?: PrivatePostgres }> {
  if (dialect === 'sqlite') return { store: await openStore({ dataDir }) };
  const pg = await startPostgres();
  return { store: await openStore({ databaseUrl: pg.databaseUrl }), pg };
}
