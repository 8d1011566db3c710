#!/usr/bin/env node
// CLI start-up time: how long `rampart` takes before it does any real work. Each case is a fresh
// `node bin/rampart.js …` child process (bench/lib/measure.mjs); the median of --runs runs is kept.
// One more run per case, under a module-load hook, counts the JavaScript modules it loads.
//
//   npm run build && node bench/startup.mjs [--runs 5] [--baseline OTHER/bin/rampart.js [--baseline-label TEXT]] [--write]
//
// --baseline measures a second build (e.g. a `git archive` of an older commit, built, with
// node_modules linked) beside this one, for before/after tables; --baseline-label names it in the
// table (default: its commit when it is a git checkout). --write replaces the "CLI start-up"
// section of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, median } from './lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    baseline: { type: 'string' },
    'baseline-label': { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('--runs: a whole number ≥ 1');
  process.exit(2);
}
/** Goal from issue 5: the SAST one-file re-scan needs start-up well under a second. */
const GOAL_SAST_TINY_S = 0.25;

const work = mkdtempSync(join(tmpdir(), 'rampart-startup-'));
const tiny = join(work, 'tiny');
mkdirSync(tiny);
writeFileSync(join(tiny, 'index.ts'), "export function greet(name: string): string {\n  return `hello ${name}`;\n}\n");
const demo = join(ROOT, 'examples', 'demo');

// Module counter: a loader hook that appends every file: URL it loads to $RAMPART_MODULE_LOG.
const hooks = join(work, 'hooks.mjs');
writeFileSync(
  hooks,
  "import { appendFileSync } from 'node:fs';\n" +
    'export async function load(url, context, next) {\n' +
    "  if (url.startsWith('file:')) appendFileSync(process.env.RAMPART_MODULE_LOG, url + '\\n');\n" +
    '  return next(url, context);\n}\n',
);
const register = join(work, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

/** The commands measured; `--fail-on none` so findings in the demo do not change the exit code. */
const CASES = [
  { name: '--version', args: ['--version'] },
  { name: 'rules', args: ['rules'] },
  { name: 'scan --scanners sast (1 file)', args: ['scan', '--scanners', 'sast', '--fail-on', 'none', tiny], goal: GOAL_SAST_TINY_S },
  { name: 'scan (all scanners, 1 file)', args: ['scan', '--fail-on', 'none', tiny] },
  { name: 'scan (all scanners) examples/demo', args: ['scan', '--fail-on', 'none', demo] },
];

async function measureBuild(bin, label) {
  // Own cache directory: SAST's per-file cache starts empty and stays warm across the runs.
  const env = { ...process.env, XDG_CACHE_HOME: join(work, `cache-${label}`), NO_COLOR: '1' };
  const out = [];
  for (const c of CASES) {
    const runs = [];
    // One unmeasured run first: the file system cache and the SAST cache are warm for every build.
    await measure(process.execPath, [bin, ...c.args], { env, tag: 'startup' });
    for (let i = 0; i < RUNS; i++) runs.push(await measure(process.execPath, [bin, ...c.args], { env, tag: 'startup' }));
    const log = join(work, 'modules.txt');
    rmSync(log, { force: true });
    await measure(process.execPath, ['--import', pathToFileURL(register).href, bin, ...c.args], { env: { ...env, RAMPART_MODULE_LOG: log }, tag: 'startup' });
    const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : null;
    const modules = urls ? urls.length : null;
    const bad = runs.find((r) => r.exit !== 0);
    if (bad) console.error(`${c.name}: exit ${bad.exit}\n${bad.stderr.slice(0, 2000)}`);
    out.push({
      ...c,
      wall: median(runs.map((r) => r.wall)),
      cpu: runs[0].cpu === null ? null : median(runs.map((r) => r.cpu)),
      rssMb: runs[0].rssMb === null ? null : median(runs.map((r) => r.rssMb)),
      exit: bad ? bad.exit : 0,
      modules,
      groups: urls ? groupsOf(urls) : [],
    });
  }
  return out;
}

/** Loaded modules by npm package or by dist/ folder, largest first: where start-up time goes. */
function groupsOf(urls) {
  const count = new Map();
  for (const u of urls) {
    const pkg = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    const dist = u.match(/\/dist\/(.+)\/[^/]+$/);
    const key = pkg ? pkg[1] : dist ? `dist/${dist[1].split('/').slice(0, 2).join('/')}` : 'other';
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1]);
}

function commitOf(dir) {
  try {
    const opts = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] };
    const head = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--', 'src', 'bin'], opts).trim();
    return dirty ? `${head}+wip` : head;
  } catch {
    return 'not a git checkout';
  }
}

const f2 = (n) => (n === null || n === undefined ? '' : n.toFixed(2));
const loadStart = loadavg()[0];
const after = await measureBuild(join(ROOT, 'bin', 'rampart.js'), 'after');
const before = values.baseline ? await measureBuild(resolve(values.baseline), 'before') : null;

const lines = [];
lines.push(`## CLI start-up (${new Date().toISOString().slice(0, 19)}Z, ${commitOf(ROOT)})`, '');
lines.push(
  `\`node bench/startup.mjs --runs ${RUNS}${before ? ' --baseline <before>/bin/rampart.js' : ''}${values.write ? ' --write' : ''}\`. ` +
    `Machine: ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ` +
    `load average at start ${loadStart.toFixed(2)}. Median of ${RUNS} runs, each a fresh \`node bin/rampart.js …\` process; ` +
    `"1 file" is a directory holding one small TypeScript file; modules = files through the ES module loader (ES modules, and the entry file of each CommonJS package; one extra run under a loader hook).`,
  '',
);
if (before) {
  const label = values['baseline-label'] ?? `${values.baseline} (${commitOf(dirname(dirname(resolve(values.baseline))))})`;
  lines.push(`Before: ${label}; after: this tree.`, '');
  lines.push('| command | wall s before | wall s after | CPU s before | CPU s after | modules before | modules after | peak RSS MB after |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  after.forEach((a, i) => {
    const b = before[i];
    lines.push(`| \`${a.name}\` | ${f2(b.wall)} | ${f2(a.wall)} | ${f2(b.cpu)} | ${f2(a.cpu)} | ${b.modules ?? ''} | ${a.modules ?? ''} | ${a.rssMb?.toFixed(1) ?? ''} |`);
  });
} else {
  lines.push('| command | wall s | CPU s | modules | peak RSS MB |');
  lines.push('|---|---:|---:|---:|---:|');
  for (const a of after) lines.push(`| \`${a.name}\` | ${f2(a.wall)} | ${f2(a.cpu)} | ${a.modules ?? ''} | ${a.rssMb?.toFixed(1) ?? ''} |`);
}
lines.push('');
for (const a of after.filter((x) => x.goal)) {
  lines.push(`Goal \`${a.name}\` < ${a.goal} s wall: **${a.wall < a.goal ? 'met' : 'not met'}** (${f2(a.wall)} s wall, ${f2(a.cpu)} CPU s).`);
  lines.push(`Its ${a.modules} modules, largest groups: ${a.groups.slice(0, 8).map(([k, n]) => `${k} ${n}`).join(', ')}.`);
}
if (loadStart > cpus().length) {
  lines.push(`The machine was busy (load average ${loadStart.toFixed(1)} on ${cpus().length} cores at the start): wall times are inflated by waiting for a CPU; CPU seconds compare better.`);
}
lines.push('');
const text = lines.join('\n');
console.log(text);

if (values.write) {
  // Only this section changes: an older "CLI start-up" section is replaced, else it goes on top.
  const path = join(HERE, 'RESULTS.md');
  let old = readFileSync(path, 'utf8');
  const start = old.indexOf('\n## CLI start-up');
  if (start >= 0) {
    const end = old.indexOf('\n## ', start + 1);
    old = old.slice(0, start + 1) + (end < 0 ? '' : old.slice(end + 1));
  }
  const at = old.indexOf('\n## ');
  writeFileSync(path, at < 0 ? old + '\n' + text : old.slice(0, at + 1) + text + '\n' + old.slice(at + 1));
}
rmSync(work, { recursive: true, force: true });
