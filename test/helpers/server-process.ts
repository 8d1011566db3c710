/**
 * `rampart server` as a child process for end-to-end tests: the built CLI on a loopback port the
 * kernel picks (`--listen 127.0.0.1:0`), started and awaited until its own "listening on URL" line
 * names the port, so each test file does not carry its own copy. Never a port chosen beforehand and
 * polled: another test's server can take a port freePort() released, and would answer for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BIN, REPO_ROOT, runCli } from './cli.js';
import { startPostgres, type PrivatePostgres } from './postgres.js';

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the server wrote to stderr so far (its JSON log). */
  stderr: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
  /** SIGTERM, then wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export interface StartServerOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** --log-level (default warn; trace when a test checks that nothing secret is ever logged). */
  logLevel?: string;
  /** Live processes are kept here while they run, so the caller's afterAll can SIGKILL leftovers. */
  children?: Set<ChildProcess>;
  /** Longest wait for start-up (default START_TIMEOUT_MS). */
  timeoutMs?: number;
  /** More `rampart server` flags (after --listen and --log-level). */
  args?: string[];
}

/**
 * How long a server may take to start. Generous (on a loaded shared machine a cold start took over
 * 20 s), yet below the 60 s the tests that start a server allow themselves (vitest.config.ts), so a
 * slow start fails with the server's own stderr, not vitest's bare timeout.
 * RAMPART_TEST_SERVER_START_MS overrides it.
 */
export const START_TIMEOUT_MS = Number(process.env.RAMPART_TEST_SERVER_START_MS) > 0 ? Number(process.env.RAMPART_TEST_SERVER_START_MS) : 45_000;

/** Starts `rampart server --data-dir D --listen 127.0.0.1:0` and waits for its "listening on URL" line. */
export async function startServerProcess(o: StartServerOptions): Promise<ServerProcess> {
  const args = [BIN, 'server', '--data-dir', o.dataDir, '--listen', '127.0.0.1:0', '--log-level', o.logLevel ?? 'warn', ...(o.args ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: o.env, stdio: ['ignore', 'ignore', 'pipe'] });
  o.children?.add(child);
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (o.children?.delete(child), resolve(code))));
  const timeoutMs = o.timeoutMs ?? START_TIMEOUT_MS;
  const started = Date.now();
  const url = await new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (e: Error | undefined, u?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(u!);
    };
    const timer = setTimeout(() => finish(new Error(`server did not start in ${timeoutMs / 1000} s (RAMPART_TEST_SERVER_START_MS sets the wait): ${err.slice(-2000)}`)), timeoutMs);
    // Only the child's own line: it names the port the kernel gave this very process.
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      err += d;
      const m = /listening on (https?:\/\/\S+)/.exec(err);
      if (m) finish(undefined, m[1]!);
    });
    void exited.then((code) => finish(new Error(`server exited with ${code} before listening (after ${Date.now() - started} ms): ${err.slice(-2000)}`)));
  });
  return {
    child,
    url,
    stderr: () => err,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** One JSON call to the server: bearer token (none when null), JSON body when given; the answer parsed. */
export async function api(url: string, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(url + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined };
}

/**
 * `api` as `token`, expecting a 2xx (a failure names the request and the answer): a test's set-up
 * calls, which return the answer's JSON.
 */
export function okApi(url: string, token: string): (method: string, path: string, body?: unknown) => Promise<any> {
  return async (method, path, body) => {
    const r = await api(url, token, method, path, body);
    expect(r.status, `${method} ${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
    return r.json;
  };
}

/** Settings of the machine running the tests that would pick another database, address, key or login. */
const MACHINE_SETTINGS = ['RAMPART_TOKEN', 'DATABASE_URL', 'RAMPART_DATA_DIR', 'RAMPART_LISTEN', 'RAMPART_MASTER_KEY'];

/**
 * The environment for a CLI or server child: a private HOME (no stored login), no colour, none of
 * the machine's Rampart settings (nor the names in `unset`), plus `extra`.
 */
export function serverEnv(home: string, extra: NodeJS.ProcessEnv = {}, unset: string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: home, NO_COLOR: '1', ...extra };
  for (const k of [...MACHINE_SETTINGS, ...unset]) delete env[k];
  return env;
}

/**
 * What one end-to-end server test file holds across its tests: temp folders, the server child
 * processes, and one private PostgreSQL started on first use. `cleanup` goes in the file's afterAll.
 */
export class ServerTestBed {
  readonly children = new Set<ChildProcess>();
  private readonly roots: string[] = [];
  private pg?: PrivatePostgres;

  /** A temp folder with an isolated home and child environment; on postgres, DATABASE_URL names a fresh database. */
  async prepare(prefix: string, dialect: 'sqlite' | 'postgres'): Promise<{ root: string; env: NodeJS.ProcessEnv; dataDir: string }> {
    const root = mkdtempSync(join(tmpdir(), prefix));
    this.roots.push(root);
    const home = join(root, 'home');
    mkdirSync(home);
    const env = serverEnv(home);
    if (dialect === 'postgres') {
      this.pg ??= await startPostgres();
      env.DATABASE_URL = await this.pg.createDatabase();
    }
    return { root, env, dataDir: join(root, 'data') };
  }

  /**
   * prepare(), `rampart server init` (exit 0 expected) and `rampart server` started: with the
   * admin token init printed and the running server.
   */
  async serve(prefix: string, dialect: 'sqlite' | 'postgres'): Promise<{ root: string; env: NodeJS.ProcessEnv; dataDir: string; admin: string; srv: ServerProcess }> {
    const p = await this.prepare(prefix, dialect);
    const init = await runCli(['server', 'init', '--data-dir', p.dataDir], { env: p.env });
    expect(init.code, init.stderr).toBe(0);
    const srv = await startServerProcess({ dataDir: p.dataDir, env: p.env, children: this.children });
    return { ...p, admin: init.stdout.trim(), srv };
  }

  async cleanup(): Promise<void> {
    for (const c of this.children) c.kill('SIGKILL');
    await this.pg?.stop();
    for (const r of this.roots) rmSync(r, { recursive: true, force: true });
  }
}
