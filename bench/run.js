#!/usr/bin/env node
// Secret-scanner benchmark: Rampart side by side with gitleaks on the same generated corpora.
//
//   npm run bench -- [--size MB=200] [--commits N=5000] [--added-mb MB=100] [--only files|history]
//                    [--runs N=1] [--write] [--seed S=1] [--no-gitleaks] [--threads N] [--keep]
//
// See bench/README.md. Every child runs through execFile/spawn with an argument array.
import { spawn, execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCorpus, defaultCorpusDir, readCorpusManifest } from './gen-corpus.mjs';
import { generateHistory, defaultHistoryDir, readHistoryManifest } from './gen-history.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const GOALS = { filesMBps: 40, historyMBps: 15, rssMB: 400 };
const MB = 1024 * 1024;

// ------------------------------------------------------------------ options

const { values: opt } = parseArgs({
  options: {
    size: { type: 'string', default: '200' },
    commits: { type: 'string', default: '5000' },
    'added-mb': { type: 'string', default: '100' },
    secrets: { type: 'string' },
    seed: { type: 'string', default: '1' },
    forms: { type: 'string', default: 'standard' },
    only: { type: 'string' },
    runs: { type: 'string', default: '1' },
    write: { type: 'boolean', default: false },
    'no-gitleaks': { type: 'boolean', default: false },
    'no-rampart': { type: 'boolean', default: false },
    threads: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  console.log(`usage: npm run bench -- [options]
  --size MB        files corpus size (default 200)
  --commits N      history repository commits (default 5000)
  --added-mb MB    bytes on added lines in the history (default 100)
  --secrets N      planted secrets (default 200 in files, 150 in history)
  --seed S         generator seed (default 1)
  --forms F        files corpus: standard | holdout (secrets in constructions the standard corpus never uses)
  --only K         files | history
  --runs N         runs per tool and corpus; the median wall time is reported (default 1)
  --threads N      pass --threads to rampart
  --no-gitleaks    benchmark Rampart alone
  --no-rampart     benchmark gitleaks alone
  --keep           keep the JSON reports (their paths are printed)
  --write          add the figures to bench/RESULTS.md`);
  process.exit(0);
}
if (opt.only && !['files', 'history'].includes(opt.only)) usage(`--only must be files or history, not ${opt.only}`);
const runs = Math.max(1, Number(opt.runs) || 1);
const seed = Number(opt.seed);

function usage(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}
const log = (m) => console.error(m);

// ------------------------------------------------------------------ tools

function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function findGitleaks() {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (d && isExecutable(join(d, 'gitleaks'))) return join(d, 'gitleaks');
  }
  const gopath = process.env.GOPATH ? join(process.env.GOPATH, 'bin', 'gitleaks') : null;
  for (const p of [gopath, join(homedir(), 'go', 'bin', 'gitleaks')]) if (p && isExecutable(p)) return p;
  return null;
}

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
  } catch (e) {
    return null;
  }
}

function gitleaksInfo(bin) {
  let version = run(bin, ['version']);
  if (!version || /not set|set by build/i.test(version)) {
    // `go install` builds carry no version string; the module version is in the build info.
    const m = /\bmod\s+(\S+)\s+(v[\w.+-]+)/.exec(run('go', ['version', '-m', bin]) ?? '');
    version = m && m[1].includes('gitleaks') ? m[2] : 'unknown';
  }
  // v8.19+ has `dir` and `git`; older ones only `detect` (+ --no-git) for both.
  const modern = run(bin, ['dir', '--help']) !== null;
  return { bin, version: version.replace(/^v?/, 'v'), modern };
}

function rampartInfo() {
  const bin = join(ROOT, 'bin', 'rampart.js');
  const help = run(process.execPath, [bin, 'scan', '--help'], { cwd: ROOT });
  const ok = help !== null && /--scanners/.test(help);
  let version = 'unknown';
  try {
    version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  } catch {}
  const commit = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT });
  const dirty = run('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT }); // untracked sources are built into dist too
  return { bin, ok, version, commit: commit ? commit + (dirty ? '+wip' : '') : 'unknown', hasDist: existsSync(join(ROOT, 'dist', 'cli', 'index.js')) };
}

// ------------------------------------------------------------------ measuring a child

const TIME_BIN = isExecutable('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs cmd args; returns wall seconds (hrtime), CPU seconds and peak RSS in MB. With GNU time
 * the peak is the kernel's max RSS of the process (all its threads, so worker threads count);
 * without it, /proc/<pid>/status VmHWM is polled.
 */
function measure(cmd, args, { cwd, timeoutSec } = {}) {
  return new Promise((resolvePromise) => {
    const tdir = mkdtempSync(join(tmpdir(), 'rampart-bench-time-'));
    const timeFile = join(tdir, 'time.txt');
    const useTime = TIME_BIN !== null;
    const file = useTime ? TIME_BIN : cmd;
    const argv = useTime ? ['-f', '%e %U %S %M %x', '-o', timeFile, cmd, ...args] : args;
    const t0 = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    let hwm = 0;
    const poll = useTime
      ? null
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm, Number(m[1]));
          } catch {}
        }, 20);
    const timer = timeoutSec ? setTimeout(() => child.kill('SIGKILL'), timeoutSec * 1000) : null;
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (poll) clearInterval(poll);
      if (timer) clearTimeout(timer);
      let cpu = null;
      let rssKB = hwm;
      let exit = code;
      if (useTime) {
        try {
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
          const [, user, sys, maxrss, x] = last.split(' ');
          cpu = Number(user) + Number(sys);
          rssKB = Number(maxrss);
          exit = Number(x);
        } catch {}
      }
      rmSync(tdir, { recursive: true, force: true });
      resolvePromise({ wall, cpu, rssMB: rssKB / 1024, exit, signal, stderr });
    });
  });
}

// ------------------------------------------------------------------ reading reports

/** Normalised findings: { path, line, endLine, rule, commit }. */
function readGitleaks(file, scanRoot) {
  const raw = JSON.parse(readFileSync(file, 'utf8') || '[]');
  return raw.map((f) => ({
    path: normPath(f.File, scanRoot),
    line: f.StartLine,
    endLine: f.EndLine ?? f.StartLine,
    rule: f.RuleID,
    commit: f.Commit || null,
  }));
}

function readRampart(file, scanRoot) {
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(raw) ? raw : Array.isArray(raw.findings) ? raw.findings : Array.isArray(raw.results) ? raw.results : [];
  return list.map((f) => ({
    path: normPath(f.location?.path ?? f.path ?? '', scanRoot),
    line: f.location?.startLine ?? f.line ?? 0,
    endLine: f.location?.endLine ?? f.location?.startLine ?? 0,
    rule: f.ruleId ?? f.rule ?? '?',
    commit: f.commit?.sha ?? f.commit ?? null,
  }));
}

function normPath(p, root) {
  let s = String(p).replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/').replace(/\/$/, '') + '/';
  if (s.startsWith(r)) s = s.slice(r.length);
  return s.replace(/^\.\//, '');
}

/**
 * Scores findings against the planted manifest. A finding is on a planted secret when the path
 * matches, its start line is within the secret's lines and (history) the commit is the one that
 * added it. recall = planted found / planted; precision = findings on planted secrets / findings.
 */
function score(findings, planted, { history }) {
  const byPath = new Map();
  for (const s of planted) {
    if (!byPath.has(s.path)) byPath.set(s.path, []);
    byPath.get(s.path).push(s);
  }
  const found = new Set();
  let onPlanted = 0;
  const unplanted = [];
  for (const f of findings) {
    const cands = byPath.get(f.path) ?? [];
    const hit = cands.find(
      (s) => f.line >= s.line && f.line <= s.endLine && (!history || !f.commit || !s.commit || s.commit.startsWith(f.commit) || f.commit.startsWith(s.commit)),
    );
    if (hit) {
      onPlanted++;
      found.add(hit.id);
    } else unplanted.push(f);
  }
  const perType = {};
  for (const s of planted) {
    const t = (perType[s.type] ??= { planted: 0, found: 0 });
    t.planted++;
    if (found.has(s.id)) t.found++;
  }
  const withRule = planted.filter((s) => s.gitleaksRule);
  const unplantedRules = {};
  for (const f of unplanted) unplantedRules[f.rule] = (unplantedRules[f.rule] ?? 0) + 1;
  return {
    findings: findings.length,
    found: found.size,
    planted: planted.length,
    recall: planted.length ? found.size / planted.length : null,
    // Recall on the types gitleaks has a default rule for (the like-for-like comparison).
    recallCommon: withRule.length ? withRule.filter((s) => found.has(s.id)).length / withRule.length : null,
    precision: findings.length ? onPlanted / findings.length : null,
    perType,
    unplantedRules,
    unplantedSample: unplanted.slice(0, 8),
    foundIds: found,
  };
}

// ------------------------------------------------------------------ one benchmark

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function bench({ kind, target, bytes, planted, tools }) {
  const results = [];
  for (const tool of tools) {
    const samples = [];
    let last = null;
    for (let i = 0; i < runs; i++) {
      const tdir = mkdtempSync(join(tmpdir(), `rampart-bench-${tool.name}-`));
      const report = join(tdir, 'report.json');
      const { cmd, args, cwd } = tool.command(kind, target, report);
      const load = loadavg()[0];
      log(`  ${tool.name} ${kind} run ${i + 1}/${runs}: ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
      const m = await measure(cmd, args, { cwd });
      m.load = load;
      let findings = null;
      let error = null;
      if (m.exit !== 0 || m.signal) error = `exit ${m.signal ?? m.exit}: ${m.stderr.trim().split('\n').slice(-5).join(' | ')}`;
      try {
        findings = tool.read(report, target);
      } catch (e) {
        error ??= `report unreadable: ${e.message}`;
      }
      log(`    ${m.wall.toFixed(1)} s wall, ${m.cpu === null ? '?' : m.cpu.toFixed(1)} s CPU, ${m.rssMB.toFixed(0)} MB peak RSS, load ${load.toFixed(2)}${error ? `, ERROR ${error}` : ''}`);
      samples.push(m);
      last = { findings, error, report, tdir };
      if (opt.keep) log(`    report: ${report}`);
      else if (i < runs - 1) rmSync(tdir, { recursive: true, force: true });
      if (error) break;
    }
    const wall = median(samples.map((s) => s.wall));
    const sc = last.findings ? score(last.findings, planted, { history: kind === 'history' }) : null;
    if (!opt.keep) rmSync(last.tdir, { recursive: true, force: true });
    results.push({
      tool: tool.name,
      version: tool.version,
      command: tool.display(kind),
      runs: samples.length,
      wall,
      walls: samples.map((s) => s.wall),
      cpu: median(samples.map((s) => s.cpu ?? NaN)),
      rssMB: Math.max(...samples.map((s) => s.rssMB)),
      load: median(samples.map((s) => s.load)),
      mbps: bytes / MB / wall,
      // Throughput per CPU-second (user + sys, children included): steadier than wall time on a
      // shared machine, and it shows how much work a byte costs whatever the parallelism.
      mbpcs: bytes / MB / median(samples.map((s) => s.cpu ?? NaN)),
      error: last.error,
      score: sc,
    });
  }
  return results;
}

// ------------------------------------------------------------------ printing

const f1 = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(1));
const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ')).join('\n');
}

function summarise(kind, info, results) {
  const lines = [];
  const head = kind === 'files' ? `files: ${f1(info.bytes / MB)} MB in ${info.files.toLocaleString('en')} files, ${info.planted} planted secrets${info.forms && info.forms !== 'standard' ? ` (${info.forms} forms)` : ''}` : `history: ${info.commits.toLocaleString('en')} commits, ${f1(info.bytes / MB)} MB on added lines, ${info.planted} planted secrets`;
  lines.push(head);
  const rows = [['tool', 'version', 'wall s', 'MB/s', 'CPU s', 'MB/CPU-s', 'peak RSS MB', 'findings', 'recall', 'recall (common types)', 'precision']];
  for (const r of results) {
    rows.push([r.tool, r.version, f1(r.wall), f1(r.mbps), f1(r.cpu), f1(r.mbpcs), f1(r.rssMB), r.score?.findings ?? '—', r.score ? `${r.score.found}/${r.score.planted} ${pct(r.score.recall)}` : '—', pct(r.score?.recallCommon), pct(r.score?.precision)]);
  }
  lines.push(table(rows));
  const ra = results.find((r) => r.tool === 'rampart' && !r.error);
  const gl = results.find((r) => r.tool === 'gitleaks' && !r.error);
  if (ra && gl) lines.push(`ratio rampart/gitleaks: throughput ${(ra.mbps / gl.mbps).toFixed(2)}x (per CPU-second ${(ra.mbpcs / gl.mbpcs).toFixed(2)}x), peak RSS ${(ra.rssMB / gl.rssMB).toFixed(2)}x`);
  if (ra) {
    const goal = kind === 'files' ? GOALS.filesMBps : GOALS.historyMBps;
    lines.push(`goal: >= ${goal} MB/s ${ra.mbps >= goal ? 'MET' : 'NOT MET'} (${f1(ra.mbps)}), RSS < ${GOALS.rssMB} MB ${ra.rssMB < GOALS.rssMB ? 'MET' : 'NOT MET'} (${f1(ra.rssMB)})`);
  }
  for (const r of results) if (r.error) lines.push(`${r.tool}: ${r.error}`);
  // Per-type recall.
  const types = [...new Set(results.flatMap((r) => Object.keys(r.score?.perType ?? {})))].sort();
  if (types.length) {
    const trows = [['type', 'planted', ...results.map((r) => `${r.tool} found`)]];
    for (const t of types) trows.push([t, results.find((r) => r.score)?.score.perType[t]?.planted ?? 0, ...results.map((r) => r.score?.perType[t]?.found ?? '—')]);
    lines.push('', table(trows));
  }
  for (const r of results) {
    if (r.score && Object.keys(r.score.unplantedRules).length) {
      lines.push(`${r.tool} findings not on a planted secret, by rule: ${Object.entries(r.score.unplantedRules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    }
  }
  return lines.join('\n');
}

function machine(gitleaks) {
  const gitv = run('git', ['--version']) ?? 'git ?';
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? '?',
    memGB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    git: gitv.replace(/^git version /, ''),
    gitleaks: gitleaks ? gitleaks.version : 'absent',
  };
}

function resultsMarkdown(date, mach, rampart, sections) {
  const out = [];
  out.push(`## ${date} — rampart ${rampart.version} (${rampart.commit})`, '');
  out.push(`Machine: ${mach.cpus} cores (${mach.cpuModel}), ${mach.memGB} GB, Node ${mach.node}, git ${mach.git}, gitleaks ${mach.gitleaks}. Runs per figure: ${runs} (median wall time).`, '');
  for (const s of sections) {
    out.push(`### ${s.kind === 'files' ? 'Files' : 'History'}: ${s.head}`, '');
    out.push('| tool | version | wall s | MB/s | CPU s | MB/CPU-s | peak RSS MB | findings | recall | recall (common types) | precision | load avg |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of s.results) {
      out.push(`| ${r.tool} | ${r.version} | ${r.runs > 1 ? `${f1(r.wall)} (${r.walls.map(f1).join(', ')})` : f1(r.wall)} | ${f1(r.mbps)} | ${f1(r.cpu)} | ${f1(r.mbpcs)} | ${f1(r.rssMB)} | ${r.score?.findings ?? '—'} | ${r.score ? `${r.score.found}/${r.score.planted} (${pct(r.score.recall)})` : '—'} | ${pct(r.score?.recallCommon)} | ${pct(r.score?.precision)} | ${r.load.toFixed(2)} |`);
    }
    const ra = s.results.find((r) => r.tool === 'rampart' && !r.error);
    const gl = s.results.find((r) => r.tool === 'gitleaks' && !r.error);
    out.push('');
    if (ra && gl) out.push(`Ratio rampart/gitleaks: throughput **${(ra.mbps / gl.mbps).toFixed(2)}x** (per CPU-second ${(ra.mbpcs / gl.mbpcs).toFixed(2)}x), peak RSS ${(ra.rssMB / gl.rssMB).toFixed(2)}x.`);
    if (ra) {
      const goal = s.kind === 'files' ? GOALS.filesMBps : GOALS.historyMBps;
      out.push(`Goal ≥ ${goal} MB/s: **${ra.mbps >= goal ? 'met' : 'not met'}** (${f1(ra.mbps)}); RSS < ${GOALS.rssMB} MB: **${ra.rssMB < GOALS.rssMB ? 'met' : 'not met'}** (${f1(ra.rssMB)}).`);
    }
    for (const r of s.results) if (r.error) out.push(`${r.tool} failed: \`${r.error.slice(0, 300)}\``);
    const types = [...new Set(s.results.flatMap((r) => Object.keys(r.score?.perType ?? {})))].sort();
    if (types.length) {
      out.push('', `| planted type | planted | ${s.results.map((r) => r.tool).join(' | ')} |`, `|---|---:|${s.results.map(() => '---:').join('|')}|`);
      for (const t of types) out.push(`| ${t} | ${s.results.find((r) => r.score)?.score.perType[t]?.planted ?? 0} | ${s.results.map((r) => r.score?.perType[t]?.found ?? '—').join(' | ')} |`);
    }
    for (const r of s.results) {
      if (r.score && Object.keys(r.score.unplantedRules).length) out.push('', `${r.tool} findings not on a planted secret: ${Object.entries(r.score.unplantedRules).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    }
    out.push('', 'Commands:', '', ...s.results.map((r) => `    ${r.command}`), '');
  }
  return out.join('\n');
}

function writeResults(block) {
  const file = join(HERE, 'RESULTS.md');
  const header = '# Secret-scanner benchmark results\n\nNewest first. Produced by `npm run bench -- --write`; see README.md for what is measured.\n\n';
  let body = '';
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const i = text.indexOf('\n## ');
    body = i >= 0 ? text.slice(i + 1) : '';
  }
  writeFileSync(file, header + block + '\n' + body);
  log(`wrote ${relative(process.cwd(), file)}`);
}

// ------------------------------------------------------------------ main

async function main() {
  const gitleaksBin = opt['no-gitleaks'] ? null : findGitleaks();
  const gitleaks = gitleaksBin ? gitleaksInfo(gitleaksBin) : null;
  if (!opt['no-gitleaks'] && !gitleaks) {
    log('gitleaks: NOT FOUND on PATH or in ~/go/bin — benchmarking Rampart alone.');
    log('  install it with: go install github.com/zricethezav/gitleaks/v8@latest');
  } else if (gitleaks) log(`gitleaks: ${gitleaks.bin} (${gitleaks.version})`);

  const rampart = rampartInfo();
  if (!opt['no-rampart'] && !rampart.ok) {
    log(`rampart: \`node bin/rampart.js scan --help\` did not work${rampart.hasDist ? '' : ' (no dist/: run npm run build)'} — skipping Rampart.`);
  } else if (!opt['no-rampart']) log(`rampart: ${rampart.version} (${rampart.commit})`);

  const tools = [];
  if (!opt['no-rampart'] && rampart.ok) {
    const threads = opt.threads ? ['--threads', String(opt.threads)] : [];
    const args = (kind, target, report) => ['scan', target, '--scanners', 'secrets', ...(kind === 'history' ? ['--history'] : []), '--format', 'json', '--output', report, '--fail-on', 'none', ...threads];
    tools.push({
      name: 'rampart',
      version: `${rampart.version} (${rampart.commit})`,
      command: (kind, target, report) => ({ cmd: process.execPath, args: [rampart.bin, ...args(kind, target, report)], cwd: ROOT }),
      display: (kind) => `node bin/rampart.js ${args(kind, '<dir>', '<report.json>').join(' ')}`,
      read: readRampart,
    });
  }
  if (gitleaks) {
    const args = (kind, target, report) => {
      const common = ['--report-format', 'json', '--report-path', report, '--exit-code', '0', '--no-banner', '--log-level', 'warn'];
      if (gitleaks.modern) return kind === 'files' ? ['dir', target, ...common] : ['git', target, ...common];
      return kind === 'files' ? ['detect', '--source', target, '--no-git', ...common] : ['detect', '--source', target, ...common];
    };
    tools.push({
      name: 'gitleaks',
      version: gitleaks.version,
      command: (kind, target, report) => ({ cmd: gitleaks.bin, args: args(kind, target, report), cwd: ROOT }),
      display: (kind) => `gitleaks ${args(kind, '<dir>', '<report.json>').join(' ')}`,
      read: readGitleaks,
    });
  }
  if (tools.length === 0) usage('nothing to benchmark (no working Rampart CLI and no gitleaks)');

  const sections = [];
  if (opt.only !== 'history') {
    const sizeMB = Number(opt.size);
    const secrets = Number(opt.secrets ?? 200);
    const forms = opt.forms;
    const dir = defaultCorpusDir(sizeMB, seed, forms);
    let man = readCorpusManifest(`${dir}.manifest.json`);
    if (!man || man.params.secrets !== secrets || man.params.sizeMB !== sizeMB || (man.params.forms ?? 'standard') !== forms || !existsSync(dir)) {
      log(`generating files corpus (${sizeMB} MB, seed ${seed}, ${forms} forms) in ${relative(process.cwd(), dir)} ...`);
      man = generateCorpus({ sizeMB, secrets, seed, forms, out: dir, log });
    }
    log(`files corpus: ${relative(process.cwd(), dir)} (${f1(man.bytes / MB)} MB, ${man.files} files)`);
    const results = await bench({ kind: 'files', target: dir, bytes: man.bytes, planted: man.secrets, tools });
    const info = { bytes: man.bytes, files: man.files, planted: man.secrets.length, forms };
    const text = summarise('files', info, results);
    console.log('\n' + text + '\n');
    sections.push({ kind: 'files', head: text.split('\n')[0].replace(/^files: /, ''), results });
  }
  if (opt.only !== 'files') {
    const commits = Number(opt.commits);
    const addedMB = Number(opt['added-mb']);
    const secrets = Number(opt.secrets ?? 150);
    const dir = defaultHistoryDir(commits, addedMB, seed);
    let man = readHistoryManifest(`${dir}.manifest.json`);
    if (!man || man.params.secrets !== secrets || !existsSync(join(dir, '.git'))) {
      log(`generating history repository (${commits} commits, ~${addedMB} MB added, seed ${seed}) in ${relative(process.cwd(), dir)} ...`);
      man = await generateHistory({ commits, addedMB, secrets, seed, out: dir, log });
    }
    log(`history repository: ${relative(process.cwd(), dir)} (${man.commits} commits, ${f1(man.addedBytes / MB)} MB added)`);
    const results = await bench({ kind: 'history', target: dir, bytes: man.addedBytes, planted: man.secrets, tools });
    const info = { bytes: man.addedBytes, commits: man.commits, planted: man.secrets.length };
    const text = summarise('history', info, results);
    console.log('\n' + text + '\n');
    sections.push({ kind: 'history', head: text.split('\n')[0].replace(/^history: /, ''), results });
  }
  if (opt.write) {
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' ');
    writeResults(resultsMarkdown(date, machine(gitleaks), rampart, sections));
  }
}

await main();
