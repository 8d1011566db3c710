#!/usr/bin/env node
// Control-plane benchmark (issue 7): vault reads/writes and deployment checks over loopback
// against the BUILT server (run `npm run build` first), SQLite, audit on.
//
//   node bench/server.mjs [--duration 10] [--connections 10,50] [--only read,write,check] [--wrk]
//                         [--profile DIR] [--perf DIR] [--write] [--http-workers N]
//   node bench/server.mjs --handoff [ENTRIES] [--connections 50] [--via-writer]   (the last count given)
//
// 1. `rampart server init` in a temp data dir (admin token from stdout), then `rampart server`
//    as a child process on a free loopback port.
// 2. Setup over the API: project, secret db/password, a policy and an environment, a scan upload.
// 3. autocannon in this process (or wrk with --wrk, when /usr/bin/wrk exists: it leaves the
//    machine's CPU to the server) for each load and connection count; the better run counts.
//    The server's own CPU seconds per run (from /proc) are shown as CPU µs per request: on a
//    shared machine that is the steadier figure. --profile DIR: V8 CPU profile of the server.
//    --perf DIR: `perf record -e cpu-clock` of the server's threads during each run (/usr/bin/perf),
//    summarised as shares of the server's CPU samples: kernel, V8 garbage collector, JIT-compiled
//    JS, the rest of node/V8, SQLite, libc. Unlike the V8 profile's "(garbage collector)", which
//    counts the wall time a thread spends in a GC pause (preempted or waiting for GC helper threads
//    included: 6-7 µs per read on this loaded VM), cpu-clock samples count CPU only: the GC was
//    1.5-2.3% of the server's CPU per read (~1 µs) in 8 runs at load 15-30 on 2026-11-28, with
//    V8's default young generation and with --min/--max-semi-space-size=64 alike.
// 4. Stop the server, `rampart audit verify` (must pass), remove the temp dir.
// 5. --write: replace the "Control plane" section of bench/RESULTS.md (only that section).
//
// --handoff: no HTTP server; a read's audit entry path alone, in this process (the built dist/
// modules): `--connections` concurrent loops each append a read's entry and wait for its commit,
// like requests. The server's path: committed on this thread, one transaction per event-loop turn
// (audit/group-commit.ts); --via-writer: handed to the SQLite writer thread and back instead
// (AuditLogOptions.readsOnMain false). Prints the CPU µs per entry of this (main) thread and of
// the other threads (writer, WAL sync, GC helpers), from /proc.
import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const BIN = join(ROOT, 'bin', 'rampart.js');
const run = promisify(execFile);
const log = (m) => process.stderr.write(`bench/server: ${m}\n`);

const WRK = '/usr/bin/wrk';
const PERF = '/usr/bin/perf';
const GOALS = { read: 20_000, write: 1_000, checkP99Ms: 20 };
const DIGEST = `sha256:${'4b'.repeat(32)}`;
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function parseArgs(argv) {
  const o = { duration: 10, connections: [10, 50], write: false, wrk: false, profile: undefined, only: ['read', 'write', 'check'], httpWorkers: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--write') o.write = true;
    else if (a === '--wrk') o.wrk = true;
    else if (a === '--duration') o.duration = Number(argv[++i]);
    else if (a === '--connections') o.connections = String(argv[++i]).split(',').map(Number);
    else if (a === '--profile') o.profile = String(argv[++i]);
    else if (a === '--perf') o.perf = String(argv[++i]);
    else if (a === '--only') o.only = String(argv[++i]).split(',');
    else if (a === '--via-writer') o.viaWriter = true;
    else if (a === '--http-workers') o.httpWorkers = Number(argv[++i]);
    else if (a === '--handoff') o.handoff = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 100_000;
    else throw new Error(`unknown argument ${a} (usage: node bench/server.mjs [--duration S] [--connections 10,50] [--only read,write,check] [--wrk] [--profile DIR] [--perf DIR] [--write])`);
  }
  if (o.wrk && !existsSync(WRK)) throw new Error(`--wrk: ${WRK} not found`);
  if (o.perf && !existsSync(PERF)) throw new Error(`--perf: ${PERF} not found`);
  if (o.only.some((l) => !['read', 'write', 'check'].includes(l))) throw new Error('--only: read, write, check');
  if (o.write && o.only.length < 3) throw new Error('--write needs all three loads');
  if (!(Number.isInteger(o.httpWorkers) && o.httpWorkers >= 1 && o.httpWorkers <= 32)) throw new Error('--http-workers: expected 1..32');
  if (!(o.duration > 0 && o.duration <= 600)) throw new Error('--duration: expected 1..600 seconds');
  if (!o.connections.length || o.connections.some((c) => !(Number.isInteger(c) && c > 0 && c <= 1000))) throw new Error('--connections: expected integers 1..1000');
  return o;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(a.port));
    });
  });
}

// Settings of this machine must not pick another database, address or login.
function cleanEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  for (const k of ['RAMPART_TOKEN', 'DATABASE_URL', 'RAMPART_DATA_DIR', 'RAMPART_LISTEN']) delete env[k];
  return env;
}

/** Starts `rampart server`; resolves once it prints its "listening on" line. */
async function startServer(dataDir, env, profileDir, httpWorkers) {
  const port = await freePort();
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, 'server', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--log-level', 'warn', ...(httpWorkers > 1 ? ['--http-workers', String(httpWorkers)] : [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise((resolve, reject) => {
    // Workers start side by side (several processes loading the server at once on a loaded machine).
    const limitS = httpWorkers > 1 ? 90 : 15;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${limitS} s: ${err}`));
    }, limitS * 1000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      if (err.length < 65_536) err += d;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${err}`));
    });
  });
  return { child, url, exited, stderr: () => err };
}

async function ok(url, token, method, path, body) {
  const r = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  // Error bodies carry no token; the status and message are enough to see what broke.
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function setup(url, admin) {
  await ok(url, admin, 'POST', '/api/v1/projects', { name: 'bench' });
  await ok(url, admin, 'PUT', '/api/v1/projects/bench/secrets/db/password', { value: 'correct-horse-battery-staple' });
  await ok(url, admin, 'PUT', '/api/v1/projects/bench/policies/strict', { document: { maxOpenSeverity: { secrets: 'medium' }, requiredScanners: ['secrets'], evidence: 'any' } }); // the bench uploads with the admin token: not CI evidence
  await ok(url, admin, 'PUT', '/api/v1/projects/bench/environments/prod', { policy: 'strict', failClosed: true });
  const report = { tool: { name: 'rampart', version: '0.1.0' }, schemaVersion: '1.0.0', scanners: ['secrets'], findings: [] };
  const up = await ok(url, admin, 'POST', '/api/v1/projects/bench/scans', { commit: COMMIT, imageDigest: DIGEST, scanners: ['secrets'], report });
  const probe = await ok(url, admin, 'POST', '/api/v1/deployments/check', { project: 'bench', env: 'prod', imageDigest: DIGEST, commit: COMMIT });
  log(`setup: scan ${up.scanId} uploaded; a deployment check says ${probe.decision}`);
  return probe.decision;
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** User + system CPU seconds of a process (or, with /task/TID, one thread) so far (Linux /proc; clock ticks are 1/100 s). */
function cpuSeconds(pid, tid) {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The server's processes: itself and, with --http-workers, its worker children (Linux /proc). */
function serverPids(pid) {
  const kids = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) kids.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // no children file: the server's own figures only
  }
  return [pid, ...kids];
}

/** User + system CPU seconds of the server and its workers so far. */
function serverCpu(pids) {
  return pids.reduce((sum, p) => sum + cpuSeconds(p), 0);
}

/** CPU seconds of each thread of a process (tid -> s); the main thread's tid is the pid. */
function threadCpu(pid) {
  const out = new Map();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) out.set(tid, cpuSeconds(pid, tid));
  } catch {
    // not Linux, or the process is gone: no per-thread figures
  }
  return out;
}

/** Times a process's main thread was preempted while it could run (Linux /proc; NaN elsewhere). */
function preemptions(pid) {
  try {
    const m = /nonvoluntary_ctxt_switches:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/**
 * How much of a run a main thread had a CPU (its CPU seconds / the run's wall seconds, in %) and
 * how often per second it was preempted: on a shared machine an event loop that ran 10% of the
 * time served fewer requests for want of a CPU, whatever its µs per request.
 */
function mainShare(pid, before, after, cs0, wallS) {
  const cpu = (after.get(String(pid)) ?? NaN) - (before.get(String(pid)) ?? 0);
  return `ran ${Math.round((cpu * 100) / wallS)}%, ${fmt((preemptions(pid) - cs0) / wallS)} preemptions/s`;
}

/**
 * Per-thread CPU µs per request during a run: the event loop (main thread) apart from the others
 * (writer, WAL sync, V8's GC helpers: Linux names them all "node", so the rest are shown by size).
 */
function threadSplit(pid, before, after, requests, decimals = 0) {
  const us = (s) => Number(((s * 1e6) / requests).toFixed(decimals));
  const main = (after.get(String(pid)) ?? NaN) - (before.get(String(pid)) ?? 0);
  const others = [...after]
    .filter(([tid]) => tid !== String(pid))
    .map(([tid, s]) => s - (before.get(tid) ?? 0))
    .filter((s) => s > 0)
    .sort((a, b) => b - a);
  return { mainUs: us(main), othersUs: others.map(us) };
}

/** `perf record` of the server's processes (all their threads) for about one run; resolves to the data file. */
async function perfRecord(pids, file, seconds) {
  try {
    await run(PERF, ['record', '-q', '-e', 'cpu-clock', '-F', '999', '-p', pids.join(','), '-o', file, '--', 'sleep', String(Math.max(1, seconds - 1))], { maxBuffer: 1 << 20 });
    return file;
  } catch (e) {
    // e.g. kernel.perf_event_paranoid forbids it: the run's other figures still count.
    log(`perf record failed: ${String(e.stderr ?? e.message).trim().slice(0, 300)}`);
    return undefined;
  }
}

// V8's heap and collector (node is not stripped: its C++ symbols are named).
const GC_SYMBOL = /v8::internal::(?:Scaveng|Heap::|Heap[A-Z]|[A-Za-z]*Marking|Sweeper|Evacuat|MemoryAllocator|SemiSpace|NewSpace|PagedSpace|MemoryChunk|RememberedSet|SlotSet|GCTracer|MarkCompact|Safepoint|[A-Za-z]*ScavengeVisitor|IterateAndScavenge)/;

/** Shares of a perf data file's samples by kind: kernel, GC, JIT JS, node/V8, SQLite, libc and others. */
async function perfSummary(file) {
  const { stdout } = await run(PERF, ['report', '-i', file, '--no-children', '--sort', 'dso,sym', '--stdio', '-g', 'none'], { maxBuffer: 64 << 20 });
  const share = { kernel: 0, gc: 0, jit: 0, node: 0, sqlite: 0, libc: 0, other: 0 };
  for (const line of stdout.split('\n')) {
    // "  12.34%  node  [.] Builtins_…": the share, the DSO (may hold spaces: "[JIT] tid 42"), the
    // kind marker and the symbol, cut at the marker with indexOf (a regex with a lazy run between two
    // whitespace runs backtracks quadratically).
    const head = /^\s*([\d.]+)%/.exec(line);
    if (!head) continue;
    const rest = line.slice(head[0].length);
    const at = [' [k] ', ' [.] '].map((mark) => rest.indexOf(mark)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
    if (at === undefined) continue;
    const pct = head[1];
    const dso = rest.slice(0, at).trim();
    const kind = rest[at + 2];
    const sym = rest.slice(at + 5).trim();
    const k = kind === 'k' ? 'kernel' : dso.startsWith('[JIT]') ? 'jit' : dso === 'node' ? (GC_SYMBOL.test(sym) ? 'gc' : 'node') : dso.startsWith('better_sqlite3') ? 'sqlite' : dso.startsWith('libc') ? 'libc' : 'other';
    share[k] += Number(pct);
  }
  return `kernel ${share.kernel.toFixed(1)}%, GC ${share.gc.toFixed(1)}%, JIT JS ${share.jit.toFixed(1)}%, node/V8 ${share.node.toFixed(1)}%, SQLite ${share.sqlite.toFixed(1)}%, libc ${share.libc.toFixed(1)}%, other ${share.other.toFixed(1)}% (${file})`;
}

/** A wrk Lua script for one request shape; `uniqueValue` writes a new secret value each request. */
function wrkScript(request, token) {
  const q = (v) => JSON.stringify(v);
  const lines = [`wrk.method = ${q(request.method)}`, `wrk.headers["authorization"] = ${q(`Bearer ${token}`)}`, 'wrk.headers["content-type"] = "application/json"'];
  if (request.body) lines.push(`wrk.body = ${q(request.body)}`);
  if (request.uniqueValue) {
    lines.push('local n = 0', 'request = function()', '  n = n + 1', `  return wrk.format(nil, nil, nil, '{"value":"password-' .. n .. '-' .. os.time() .. '"}')`, 'end');
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"seconds\\":%f,\\"p50\\":%f,\\"p99\\":%f,\\"non2xx\\":%d,\\"errors\\":%d}\\n",',
    '    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,',
    '    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))',
    'end',
  );
  return lines.join('\n') + '\n';
}

async function wrkRun(url, token, request, connections, duration, dir) {
  const script = join(dir, 'load.lua');
  writeFileSync(script, wrkScript(request, token), { mode: 0o600 });
  const threads = String(Math.min(2, connections));
  const { stdout } = await run(WRK, ['-t', threads, '-c', String(connections), '-d', `${duration}s`, '--latency', '-s', script, url + request.path], { maxBuffer: 1 << 20 });
  const m = /WRKJSON (\{.*\})/.exec(stdout);
  if (!m) throw new Error(`wrk printed no summary: ${stdout.slice(0, 300)}`);
  const w = JSON.parse(m[1]);
  return { rps: w.requests / w.seconds, total: w.requests, p50: Math.round(w.p50 * 100) / 100, p99: Math.round(w.p99 * 100) / 100, non2xx: w.non2xx, errors: w.errors, statuses: '' };
}

async function cannonRun(url, token, request, connections, duration) {
  const { path, uniqueValue, ...rest } = request;
  let n = 0;
  const res = await cannon({
    url: url + path,
    connections,
    duration,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // A new value each request so every write is a real new version.
    ...(uniqueValue ? { requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ value: `password-${++n}-${Date.now()}` }) }) }] } : {}),
    ...rest,
  });
  return {
    rps: res.requests.average,
    total: res.requests.total,
    p50: res.latency.p50,
    p99: res.latency.p99,
    non2xx: res.non2xx,
    errors: res.errors + res.timeouts,
    statuses: Object.entries(res.statusCodeStats ?? {}).map(([k, v]) => `${k}×${v.count}`).join(' '),
  };
}

/** One load at each connection count; returns all runs and the one with the most req/s. */
async function load(name, ctx, connections, request) {
  const runs = [];
  for (const c of connections) {
    const pids = serverPids(ctx.pid);
    const cpu0 = serverCpu(pids);
    const threads0 = pids.map((p) => threadCpu(p));
    const cs0 = pids.map(preemptions);
    const perf = ctx.perf ? perfRecord(pids, join(ctx.perf, `${name.replace(/\W+/g, '-')}-c${c}.data`), ctx.duration) : undefined;
    const t0 = performance.now();
    const r0 = ctx.wrk ? await wrkRun(ctx.url, ctx.token, request, c, ctx.duration, ctx.dir) : await cannonRun(ctx.url, ctx.token, request, c, ctx.duration);
    const wallS = (performance.now() - t0) / 1000;
    const cpu = serverCpu(pids) - cpu0;
    const threads1 = pids.map((p) => threadCpu(p));
    const splits = r0.total > 0 ? pids.map((p, i) => threadSplit(p, threads0[i], threads1[i], r0.total)) : [];
    const shares = pids.map((p, i) => mainShare(p, threads0[i], threads1[i], cs0[i], wallS));
    const r = { connections: c, ...r0, cpuUs: r0.total > 0 ? (cpu * 1e6) / r0.total : NaN };
    // One process: its main thread and the others. Workers: the primary, then each worker's main
    // thread and others, all per request of the whole server (a worker serves about 1/N of them).
    const threads = splits.length === 1
      ? ` (main thread ${splits[0].mainUs} [${shares[0]}], other threads ${splits[0].othersUs.slice(0, 4).join(' + ')})`
      : splits.length > 1
        ? ` (per request of all workers: primary ${splits[0].mainUs + splits[0].othersUs.reduce((a, b) => a + b, 0)}; ${splits.slice(1).map((s, i) => `worker ${i + 1}: main ${s.mainUs} [${shares[i + 1]}], others ${s.othersUs.slice(0, 3).join(' + ')}`).join('; ')})`
        : '';
    // The 1-minute load average after the run: on a shared machine it says how far to trust p99.
    const perfFile = await perf;
    if (perfFile) log(`${name} c=${c}: perf, share of the server's CPU samples: ${await perfSummary(perfFile)}`);
    log(`${name} c=${c}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.non2xx} non-2xx, ${r.errors} errors (${r.total} requests; status ${r.statuses}); server CPU ${Math.round(r.cpuUs)} µs/request${threads}; load ${loadavg()[0].toFixed(2)}`);
    runs.push(r);
  }
  const best = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
  return { name, runs, best };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');

function section(res) {
  const { read, write, check } = res.loads;
  const met = (b) => (b ? '**met**' : '**not met**');
  const checkBest = check.runs.reduce((a, b) => (b.p99 < a.p99 ? b : a));
  const out = [
    `## ${res.when} — Control plane: rampart ${res.version} (${res.commit})`,
    '',
    `\`${res.command}\`. Machine: ${res.machine}; load average ${res.loadStart} at start, ${res.loadEnd} at the end (1, 5, 15 min; other jobs may share the machine). Server: the built CLI (\`rampart server --log-level warn${res.httpWorkers > 1 ? ` --http-workers ${res.httpWorkers}` : ''}\`: ${res.httpWorkers > 1 ? `${res.httpWorkers} HTTP worker processes` : 'one process, the default --http-workers 1'}), SQLite in a temp data dir, audit on (every read and write is an audit entry); load generator ${res.wrk ? 'wrk (2 threads, its own process)' : 'autocannon 9 in the benchmarking process'} on loopback, ${res.duration} s per run. Server CPU µs/request = the server's user+system CPU seconds during the run (with workers: the primary's and every worker's) / requests.`,
    '',
    '| load | connections | req/s | p50 ms | p99 ms | non-2xx | errors | requests | server CPU µs/request | statuses |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const l of [read, write, check]) {
    for (const r of l.runs) out.push(`| ${l.name}${r === l.best ? ' (best)' : ''} | ${r.connections} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${fmt(r.total)} | ${fmt(r.cpuUs)} | ${r.statuses} |`);
  }
  out.push(
    '',
    `Goals: vault reads ≥ ${fmt(GOALS.read)}/s: ${met(read.best.rps >= GOALS.read && read.best.non2xx === 0)} (${fmt(read.best.rps)}/s at ${read.best.connections} connections). ` +
      `Vault writes ≥ ${fmt(GOALS.write)}/s: ${met(write.best.rps >= GOALS.write && write.best.non2xx === 0)} (${fmt(write.best.rps)}/s at ${write.best.connections} connections). ` +
      `Deployment check p99 < ${GOALS.checkP99Ms} ms: ${met(checkBest.p99 < GOALS.checkP99Ms && checkBest.non2xx === 0)} (${checkBest.p99} ms at ${checkBest.connections} connections; ${fmt(checkBest.rps)} checks/s).`,
    '',
    `Deployment checks decided **${res.decision}** (policy: no secrets finding above medium open, secrets scanner required; a clean scan uploaded for the image).`,
    `Afterwards \`rampart audit verify\`: ${res.audit}.`,
    '',
    'Requests:',
    '',
    '    GET  /api/v1/projects/bench/secrets/db/password',
    '    PUT  /api/v1/projects/bench/secrets/db/password   {"value": "<new value each request>"}  (no cas)',
    `    POST /api/v1/deployments/check                     {"project":"bench","env":"prod","imageDigest":"sha256:…","commit":"…"}`,
    '',
  );
  return out.join('\n');
}

function writeResults(block) {
  const file = join(HERE, 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nNewest first.\n';
  // Replace an earlier Control plane section only, and put the new one first.
  const sections = text.split(/\n(?=## )/);
  const kept = sections.filter((s, i) => i === 0 || !/^## [^\n]* — Control plane: /.test(s));
  const next = [kept[0], block.trimEnd() + '\n', ...kept.slice(1)].join('\n');
  writeFileSync(file, next.endsWith('\n') ? next : next + '\n');
  log('wrote bench/RESULTS.md');
}

/** --handoff: a read's audit entry path alone (see the top of this file). */
async function handoff(entries, concurrency, viaWriter) {
  const dist = (m) => import(pathToFileURL(join(ROOT, 'dist', m)).href);
  const [{ openStore }, { SqliteWriter }, { AuditLog }] = await Promise.all([dist('store/db.js'), dist('server/writer/writer.js'), dist('server/audit/log.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-handoff-'));
  const store = await openStore({ dataDir: dir });
  try {
    const writer = await SqliteWriter.open(store.sqlite.file);
    const log = await AuditLog.open(store, { signingKey: generateKeyPairSync('ed25519').privateKey, writer, ...(viaWriter ? { readsOnMain: false } : {}) });
    const READ = { durability: 'read' };
    // The shape of a vault read's entry (audit/plugin.ts).
    const entry = (i) => ({
      actor: 'user:0d6f5e3c-7c1e-4b8e-9d55-2f1f3d7c9a10',
      action: 'secret.read',
      resource: '/api/v1/projects/bench/secrets/db/password',
      outcome: 'allow',
      detail: { requestId: `req-${i}`, ip: '127.0.0.1', status: 200, method: 'GET', tokenId: 'tok_0123456789', path: 'db/password', version: 1 },
    });
    // As a vault read appends (audit/plugin.ts): through appendThen where the log has it.
    const append = typeof log.appendThen === 'function' ? (e) => new Promise((resolve, reject) => log.appendThen(e, READ, (err) => (err ? reject(err) : resolve()))) : (e) => log.append(e, READ);
    let next = 0;
    const loop = async (n) => {
      while (next < n) {
        const i = next++;
        await append(entry(i));
        await new Promise((r) => setImmediate(r));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => loop(Math.min(2000, entries))));
    next = 0;
    const before = threadCpu(process.pid);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, () => loop(entries)));
    const wall = performance.now() - t0;
    // One decimal: /proc counts 10 ms ticks, 0.1 µs over 100,000 entries.
    const split = threadSplit(process.pid, before, threadCpu(process.pid), entries, 1);
    log.stop();
    await log.close();
    await writer.close();
    console.log(
      `audit hand-off (${viaWriter ? 'via the writer thread' : 'main-thread group commit'}): ${entries} read entries, ${concurrency} concurrent: ${Math.round((entries * 1000) / wall)}/s; ` +
        `CPU µs per entry: main thread ${split.mainUs}, other threads ${split.othersUs.slice(0, 4).join(' + ')}; load ${loadavg()[0].toFixed(2)}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.handoff) return handoff(o.handoff, o.connections.at(-1), o.viaWriter === true);
  if (!existsSync(join(ROOT, 'dist', 'server', 'app.js'))) throw new Error('dist/ has no server: run `npm run build` first');
  const env = cleanEnv();
  const root = mkdtempSync(join(tmpdir(), 'rampart-bench-server-'));
  const dataDir = join(root, 'data');
  let srv;
  try {
    const loadStart = loadavg().map((x) => x.toFixed(2)).join(' ');
    const init = await run(process.execPath, [BIN, 'server', 'init', '--data-dir', dataDir], { cwd: ROOT, env });
    const admin = init.stdout.trim();
    if (!admin || admin.includes('\n')) throw new Error('server init: expected one token line on stdout');
    srv = await startServer(dataDir, env, o.profile, o.httpWorkers);
    log(`server at ${srv.url}${o.wrk ? ' (load: wrk)' : ''}`);
    const decision = await setup(srv.url, admin);

    if (o.perf) mkdirSync(o.perf, { recursive: true });
    const ctx = { url: srv.url, token: admin, pid: srv.child.pid, duration: o.duration, wrk: o.wrk, dir: root, perf: o.perf };
    const skipped = { runs: [], best: undefined };
    const read = o.only.includes('read') ? await load('vault read', ctx, o.connections, { method: 'GET', path: '/api/v1/projects/bench/secrets/db/password' }) : skipped;
    const write = o.only.includes('write')
      ? await load('vault write', ctx, o.connections, { method: 'PUT', path: '/api/v1/projects/bench/secrets/db/password', uniqueValue: true })
      : skipped;
    const check = o.only.includes('check')
      ? await load('deployment check', ctx, o.connections, {
          method: 'POST',
          path: '/api/v1/deployments/check',
          body: JSON.stringify({ project: 'bench', env: 'prod', imageDigest: DIGEST, commit: COMMIT }),
        })
      : skipped;

    srv.child.kill('SIGTERM');
    const code = await srv.exited;
    srv = undefined;
    if (code !== 0) log(`server exited with ${code}`);
    let audit;
    try {
      const v = await run(process.execPath, [BIN, 'audit', 'verify', '--data-dir', dataDir], { cwd: ROOT, env, maxBuffer: 1 << 20 });
      audit = v.stdout.trim();
    } catch (e) {
      audit = `FAILED (exit ${e.code}): ${String(e.stderr ?? '').trim().slice(0, 300)}`;
      process.exitCode = 1;
    }
    log(`audit verify: ${audit}`);
    if (o.only.length < 3) return; // a partial run (profiling) prints its per-run lines only

    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const commit = (await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT })).stdout.trim();
    const res = {
      when: new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' '),
      version,
      commit,
      command: ['node', 'bench/server.mjs', ...process.argv.slice(2)].join(' '),
      duration: o.duration,
      connections: o.connections,
      machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      loadStart,
      loadEnd: loadavg().map((x) => x.toFixed(2)).join(' '),
      loads: { read, write, check },
      wrk: o.wrk,
      httpWorkers: o.httpWorkers,
      decision,
      audit,
    };
    const block = section(res);
    process.stdout.write(block + '\n');
    if (o.write) writeResults(block);
  } catch (e) {
    // The server's own log says why a request failed (it never logs tokens or values).
    if (srv) await new Promise((r) => setTimeout(r, 500));
    if (srv) log(`server log (tail):\n${srv.stderr().slice(-3000)}`);
    throw e;
  } finally {
    if (srv) {
      srv.child.kill('SIGKILL');
      await srv.exited;
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exitCode = 1;
});
