#!/usr/bin/env node
// SAST accuracy on real code: the closest honest proxy we can run here for the held-out labelled
// corpora issue 5 says we will be scored on (find >= 70% of vulnerable lines, flag <= 5% of safe
// ones). Three parts, all labelled by us in bench/sast-corpus/ (no third-party code committed):
//
//   npm.json   real npm packages with a published advisory, fetched from the npm registry at
//              bench time: the VULNERABLE version with its sink line(s) labelled, and the FIXED
//              version with the same, now guarded, sink labelled SAFE.
//   apps.json  files of intentionally vulnerable Node apps (NodeGoat, DVNA, vulnerable-node,
//              Juice Shop, nodejs-goof; dvws-node, DemoCyberSecurity and damn-vulnerable-nestjs in
//              the blind set heldout-v1; vulnerable-web-app, vulnerable-telecoms-portal and Kontora
//              in heldout-v2; seven more, NestJS, Next.js and Mongoose ones among them, in
//              heldout-v3; seventeen in heldout-v4: GraphQL, Angular, React, Electron,
//              serverless handlers) with labelled vulnerable and safe sink lines; measured only when the
//              files are present under bench/.corpus/sast/apps/<dir>/<path> (put there by hand
//              from the listed repository and commit; never fetched by this script).
//   safe       popular, well-maintained packages (npm.json "safe"): every finding there is a
//              probable false positive, reported per 10k lines.
//
// Each package root is scanned on its own with the built CLI
//   node bin/rampart.js scan <dir> --scanners sast --format json --output <tmp> --fail-on none
// so packages never mix. A labelled line is "found" when a finding's location line equals it
// (exact) and, as a looser figure, within +-1 line. Both are printed, per kind and overall, with
// every miss and every false positive (path:line rule) so they can be triaged.
//
//   npm run build && node bench/sast-accuracy.mjs [--write] [--only NAME[,NAME]] [--set NAME] [--skip-set NAME[,NAME]] [--kind K[,K]] [--fetch-only]
//     [--json FILE] [--quiet] [--scanner ID] [--cli PATH] [--eslint BIN --eslint-config FILE]
//
// --write appends a table to bench/RESULTS.md. Fetching needs `npm` and `tar` and the network
// once; tarballs are cached in bench/.corpus/sast/ (git-ignored).
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI_DEFAULT = join(ROOT, 'bin', 'rampart.js');
const LABELS = join(HERE, 'sast-corpus');
const CORPUS = join(HERE, '.corpus', 'sast');
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const only = opt('only') ? new Set(opt('only').split(',')) : undefined;
// --kind k1,k2: only advisories and app labels of those kinds (apps without one are not scanned;
// safe packages are still scanned unless --only leaves them out).
const kindFilter = opt('kind') ? new Set(opt('kind').split(',')) : undefined;
// --set NAME: only the cases and apps labelled with "set": NAME (e.g. heldout-v1, a batch labelled
// blind and kept apart so the engine's progress on code it was not tuned to can be re-measured).
const labelSet = opt('set');
// --skip-set NAME: leave one set out, e.g. a blind set while it is being labelled, so tuning work
// never sees its misses.
// --skip-set takes a comma-separated list (a blind batch and a batch being labelled at once).
const skipSets = opt('skip-set') ? new Set(opt('skip-set').split(',')) : null;
const skipped = (set) => Boolean(skipSets && set && skipSets.has(set));
const quiet = flag('quiet');
// Another scanner id only to smoke-test this script before the SAST scanner exists.
const SCANNER = opt('scanner', 'sast');
// Another build of the CLI (same arguments), e.g. one compiled elsewhere to compare two versions.
const CLI = resolve(opt('cli', CLI_DEFAULT));
// Baseline instead of Rampart: an ESLint binary and a flat config enabling eslint-plugin-security
// (the baseline issue 5 quotes). Neither is a dependency of this project; install them elsewhere.
const ESLINT = opt('eslint') ? resolve(opt('eslint')) : undefined;
const ESLINT_CONFIG = opt('eslint-config') ? resolve(opt('eslint-config')) : undefined;
// Source files the scanner is expected to read; used only to count lines for the per-10k rate.
const CODE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/;

function run(cmd, args, opts = {}) {
  return new Promise((res) => {
    execFile(cmd, args, { maxBuffer: 256 * 1024 * 1024, ...opts }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr, err });
    });
  });
}

// ---------------------------------------------------------------- fetch

/** bench/.corpus/sast/npm/<name>@<version> holding the package's files; undefined on failure. */
async function fetchPackage(name, version) {
  const safeName = name.replace('/', '__');
  const dest = join(CORPUS, 'npm', `${safeName}@${version}`);
  if (existsSync(join(dest, '.done'))) return dest;
  const tgzDir = join(CORPUS, 'tgz');
  mkdirSync(tgzDir, { recursive: true });
  const packed = await run('npm', ['pack', `${name}@${version}`, '--pack-destination', tgzDir, '--json', '--silent'], { cwd: tgzDir });
  if (packed.code !== 0) {
    console.error(`  cannot fetch ${name}@${version}: ${String(packed.stderr).split('\n').find((l) => l.trim()) ?? 'npm pack failed'}`);
    return undefined;
  }
  let file;
  try {
    file = JSON.parse(packed.stdout)[0].filename;
  } catch {
    console.error(`  cannot read npm pack output for ${name}@${version}`);
    return undefined;
  }
  // Scoped names pack as scope-name-ver.tgz; npm reports the name it wrote.
  const tgz = join(tgzDir, file.replace(/^@/, '').replace('/', '-'));
  const tmp = `${dest}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // --no-same-owner/permissions: plain files for us; tar refuses absolute and .. paths by default.
  const x = await run('tar', ['-xzf', tgz, '-C', tmp, '--no-same-owner', '--no-same-permissions']);
  if (x.code !== 0) {
    console.error(`  cannot extract ${tgz}: ${String(x.stderr).trim()}`);
    return undefined;
  }
  // Most tarballs hold package/, a few old ones another single top folder.
  const tops = readdirSync(tmp);
  const inner = tops.length === 1 && statSync(join(tmp, tops[0])).isDirectory() ? join(tmp, tops[0]) : tmp;
  rmSync(dest, { recursive: true, force: true });
  renameSync(inner, dest);
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(dest, '.done'), `${name}@${version}\n`);
  return dest;
}

// ---------------------------------------------------------------- scan

function countLines(dir) {
  let lines = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile() && CODE.test(e.name) && !e.name.endsWith('.d.ts')) {
        files++;
        const t = readFileSync(p, 'utf8');
        lines += t.length === 0 ? 0 : t.split('\n').length;
      }
    }
  }
  return { files, lines };
}

const scratch = mkdtempSync(join(tmpdir(), 'rampart-sast-acc-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let scanSeq = 0;
let scannerBroken;

/** ESLint's messages as findings (parse failures, which have no rule, are left out). */
async function scanEslint(dir) {
  const out = join(scratch, `e${scanSeq++}.json`);
  const t0 = performance.now();
  const args = ['--format', 'json', '--output-file', out, '--no-warn-ignored', ...(ESLINT_CONFIG ? ['-c', ESLINT_CONFIG] : []), '.'];
  const r = await run(ESLINT, args, { cwd: dir });
  const ms = performance.now() - t0;
  if (!existsSync(out)) return { error: String(r.stderr).trim().split('\n').slice(0, 3).join(' | ') || `eslint exit ${r.code}`, ms };
  const findings = [];
  for (const f of JSON.parse(readFileSync(out, 'utf8'))) {
    for (const m of f.messages) if (m.ruleId) findings.push({ path: relative(dir, f.filePath).split('\\').join('/'), line: m.line, ruleId: m.ruleId });
  }
  return { findings, ms };
}

/** Findings of one scan: [{path, line, ruleId}], or {error}. */
async function scan(dir) {
  if (ESLINT) return scanEslint(dir);
  const out = join(scratch, `r${scanSeq++}.json`);
  const t0 = performance.now();
  // A fresh cache folder per run: results must come from this build, not an older cached one.
  const r = await run(process.execPath, [CLI, 'scan', dir, '--scanners', SCANNER, '--format', 'json', '--output', out, '--fail-on', 'none', '--quiet'], {
    env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') },
  });
  const ms = performance.now() - t0;
  if (!existsSync(out)) return { error: String(r.stderr).trim().split('\n').slice(0, 3).join(' | ') || `exit ${r.code}`, ms };
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const findings = (report.findings ?? [])
    .filter((f) => f.scanner === SCANNER)
    .map((f) => ({ path: f.location.path, line: f.location.startLine, ruleId: f.ruleId }));
  const issues = (report.issues ?? report.warnings ?? []).length;
  return { findings, ms, issues };
}

// ---------------------------------------------------------------- score

const norm = (p) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** Findings on a label: exact = on its line or one of its alt lines (the same statement), near = within one line. */
function hitsFor(findings, label) {
  const here = findings.filter((f) => norm(f.path) === norm(label.path));
  const lines = [label.line, ...(label.alt ?? [])];
  return {
    exact: here.filter((f) => lines.includes(f.line)),
    near: here.filter((f) => lines.some((l) => Math.abs(f.line - l) <= 1)),
  };
}

/** Lines a label covers (for telling labelled from unlabelled findings). */
function coveredKeys(label) {
  const keys = [];
  for (const l of [label.line, ...(label.alt ?? [])]) for (let d = -1; d <= 1; d++) keys.push(`${norm(label.path)}:${l + d}`);
  return keys;
}

function newTally() {
  return { vuln: 0, vulnExact: 0, vulnNear: 0, safe: 0, safeExact: 0, safeNear: 0 };
}
const pct = (a, b) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

// ---------------------------------------------------------------- main

const npm = JSON.parse(readFileSync(join(LABELS, 'npm.json'), 'utf8'));
const apps = existsSync(join(LABELS, 'apps.json')) ? JSON.parse(readFileSync(join(LABELS, 'apps.json'), 'utf8')) : { apps: [] };
// Extra batches live in their own files (npm-<batch>.json with "cases", apps-<batch>.json with
// "apps") so people labelling at the same time never edit one file.
for (const f of readdirSync(LABELS).sort()) {
  const m = /^(npm|apps)-[\w.-]+\.json$/.exec(f);
  if (!m) continue;
  const extra = JSON.parse(readFileSync(join(LABELS, f), 'utf8'));
  if (m[1] === 'npm') npm.cases.push(...(extra.cases ?? []));
  else (apps.apps ??= []).push(...(extra.apps ?? []));
}
const cases = npm.cases.filter((c) => (!only || only.has(c.package) || only.has(c.id)) && (!labelSet || c.set === labelSet) && !skipped(c.set) && (!kindFilter || kindFilter.has(c.kind)));
const safePkgs = labelSet ? [] : (npm.safe ?? []).filter((s) => !only || only.has(s.package));

const byKind = new Map();
const tally = (kind) => {
  if (!byKind.has(kind)) byKind.set(kind, newTally());
  return byKind.get(kind);
};
const misses = [];
const falsePositives = [];
const unlabelled = []; // findings in vulnerable/fixed packages on lines we did not label
const notRun = [];
let appsMeasured = 0;
const started = Date.now();
let scannedLines = 0;

async function scoreTarget(source, c, side, dir) {
  const label = side === 'vulnerable' ? c.vulnerable : c.fixed;
  const s = await scan(dir);
  if (s.error) {
    scannerBroken ??= s.error;
    notRun.push(`${source} ${c.package ?? c.repo}@${label.version ?? ''} (${side}): ${s.error}`);
    return;
  }
  const { lines } = countLines(dir);
  scannedLines += lines;
  const t = tally(c.kind);
  const all = tally('(all)');
  const labelled = new Set();
  for (const l of label.lines) {
    const h = hitsFor(s.findings, l);
    for (const k of coveredKeys(l)) labelled.add(k);
    const where = `${c.package ?? c.repo}@${label.version ?? ''} ${l.path}:${l.line}`;
    for (const x of [t, all]) {
      if (side === 'vulnerable') {
        x.vuln++;
        if (h.exact.length) x.vulnExact++;
        if (h.near.length) x.vulnNear++;
      } else {
        x.safe++;
        if (h.exact.length) x.safeExact++;
        if (h.near.length) x.safeNear++;
      }
    }
    if (side === 'vulnerable' && !h.exact.length) {
      misses.push({ kind: c.kind, where, near: h.near.map((f) => `${f.line} ${f.ruleId}`), note: l.note ?? c.note ?? '' });
    }
    if (side === 'fixed' && h.near.length) {
      falsePositives.push({ kind: c.kind, where, rules: h.near.map((f) => `${f.line} ${f.ruleId}`), note: l.note ?? c.note ?? '' });
    }
  }
  for (const f of s.findings) {
    if (!labelled.has(`${norm(f.path)}:${f.line}`)) unlabelled.push(`${side.padEnd(10)} ${c.package ?? c.repo}@${label.version ?? ''} ${f.path}:${f.line} ${f.ruleId}`);
  }
}

// 1. npm advisories: vulnerable and fixed versions.
for (const c of cases) {
  for (const side of ['vulnerable', 'fixed']) {
    const label = c[side];
    if (!label) continue;
    const dir = await fetchPackage(c.package, label.version);
    if (!dir) {
      notRun.push(`npm ${c.package}@${label.version} (${side}): not fetched`);
      continue;
    }
    if (flag('fetch-only')) continue;
    if (!quiet) process.stderr.write(`  ${side.padEnd(10)} ${c.package}@${label.version}\n`);
    await scoreTarget('npm', c, side, dir);
  }
}

// 2. Intentionally vulnerable apps, only when their files were put in place by hand. Each app
// directory is scanned once and every label present is scored against that scan.
for (const a of apps.apps ?? []) {
  if (only && !only.has(a.dir) && !only.has(a.repo)) continue;
  if (labelSet && a.set !== labelSet) continue;
  if (skipped(a.set)) continue;
  const dir = join(CORPUS, 'apps', a.dir);
  const present = a.labels.filter((l) => existsSync(join(dir, l.path)) && (!kindFilter || kindFilter.has(l.kind)));
  if (kindFilter && !present.length) continue;
  if (!present.length) {
    notRun.push(`app ${a.dir}: files not present under ${relative(ROOT, dir)}`);
    continue;
  }
  if (flag('fetch-only')) continue;
  if (!quiet) process.stderr.write(`  app        ${a.dir}\n`);
  const s = await scan(dir);
  if (s.error) {
    notRun.push(`app ${a.dir}: ${s.error}`);
    continue;
  }
  appsMeasured++;
  scannedLines += countLines(dir).lines;
  const labelled = new Set();
  for (const l of present) {
    for (const k of coveredKeys(l)) labelled.add(k);
    const h = hitsFor(s.findings, l);
    const where = `${a.dir} ${l.path}:${l.line}`;
    for (const x of [tally(l.kind), tally('(all)')]) {
      if (l.vulnerable) {
        x.vuln++;
        if (h.exact.length) x.vulnExact++;
        if (h.near.length) x.vulnNear++;
      } else {
        x.safe++;
        if (h.exact.length) x.safeExact++;
        if (h.near.length) x.safeNear++;
      }
    }
    if (l.vulnerable && !h.exact.length) misses.push({ kind: l.kind, where, near: h.near.map((f) => `${f.line} ${f.ruleId}`), note: l.note ?? '' });
    if (!l.vulnerable && h.near.length) falsePositives.push({ kind: l.kind, where, rules: h.near.map((f) => `${f.line} ${f.ruleId}`), note: l.note ?? '' });
  }
  for (const f of s.findings) if (!labelled.has(`${norm(f.path)}:${f.line}`)) unlabelled.push(`app        ${a.dir} ${f.path}:${f.line} ${f.ruleId}`);
}

// 3. Safe packages: findings per 10k lines.
const safeRows = [];
for (const p of safePkgs) {
  const dir = await fetchPackage(p.package, p.version);
  if (!dir) {
    notRun.push(`safe ${p.package}@${p.version}: not fetched`);
    continue;
  }
  if (flag('fetch-only')) continue;
  if (!quiet) process.stderr.write(`  safe       ${p.package}@${p.version}\n`);
  const s = await scan(dir);
  if (s.error) {
    notRun.push(`safe ${p.package}@${p.version}: ${s.error}`);
    continue;
  }
  const { files, lines } = countLines(dir);
  scannedLines += lines;
  safeRows.push({ name: `${p.package}@${p.version}`, files, lines, findings: s.findings, ms: s.ms });
}

if (flag('fetch-only')) {
  console.log(`fetched into ${relative(ROOT, CORPUS)}${notRun.length ? `; problems:\n  ${notRun.join('\n  ')}` : ''}`);
  process.exit(0);
}

// ---------------------------------------------------------------- print

const lines = [];
const say = (s = '') => lines.push(s);
say(`${ESLINT ? 'ESLint baseline' : 'SAST'} accuracy on real code (${cases.length} npm advisories, vulnerable + fixed versions; ${appsMeasured} app folders; ${safeRows.length} safe packages)`);
if (scannerBroken && byKind.size === 0) {
  say(`The scanner did not run: ${scannerBroken}`);
}
say('');
say('kind                     vuln lines  found exact  found +-1   safe lines  flagged exact  flagged +-1');
const kinds = [...byKind.keys()].filter((k) => k !== '(all)').sort();
if (byKind.has('(all)')) kinds.push('(all)');
for (const k of kinds) {
  const t = byKind.get(k);
  say(`${k.padEnd(24)} ${String(t.vuln).padStart(10)}  ${pct(t.vulnExact, t.vuln).padStart(11)}  ${pct(t.vulnNear, t.vuln).padStart(9)}  ${String(t.safe).padStart(10)}  ${pct(t.safeExact, t.safe).padStart(13)}  ${pct(t.safeNear, t.safe).padStart(11)}`);
}
if (safeRows.length) {
  say('');
  say('safe package                      files    lines  findings  per 10k lines   scan s');
  let tl = 0;
  let tf = 0;
  for (const r of safeRows) {
    tl += r.lines;
    tf += r.findings.length;
    say(`${r.name.padEnd(32)} ${String(r.files).padStart(6)} ${String(r.lines).padStart(8)}  ${String(r.findings.length).padStart(8)}  ${(r.lines ? (1e4 * r.findings.length) / r.lines : 0).toFixed(2).padStart(13)}  ${(r.ms / 1000).toFixed(2).padStart(7)}`);
  }
  say(`${'(all safe packages)'.padEnd(32)} ${''.padStart(6)} ${String(tl).padStart(8)}  ${String(tf).padStart(8)}  ${(tl ? (1e4 * tf) / tl : 0).toFixed(2).padStart(13)}`);
}
say('');
say(`scanned ${scannedLines} lines of JS/TS in ${((Date.now() - started) / 1000).toFixed(1)} s (including fetches)`);

const detail = [];
const tell = (s = '') => detail.push(s);
tell('');
tell(`misses (${misses.length}): labelled vulnerable line with no finding on it`);
for (const m of misses) tell(`  MISS ${m.kind.padEnd(20)} ${m.where}${m.near.length ? `  [+-1: ${m.near.join(', ')}]` : ''}${m.note ? `  -- ${m.note}` : ''}`);
tell('');
tell(`false positives on labelled safe lines (${falsePositives.length}): fixed/guarded sink still flagged (+-1)`);
for (const f of falsePositives) tell(`  FP   ${f.kind.padEnd(20)} ${f.where}  [${f.rules.join(', ')}]${f.note ? `  -- ${f.note}` : ''}`);
tell('');
tell(`findings on unlabelled lines of the advisory packages (${unlabelled.length}): review; likely noise unless a real second bug`);
for (const u of unlabelled) tell(`  ${u}`);
for (const r of safeRows) {
  if (!r.findings.length) continue;
  tell('');
  tell(`findings in safe package ${r.name} (${r.findings.length}): probable false positives`);
  for (const f of r.findings) tell(`  ${f.path}:${f.line} ${f.ruleId}`);
}
if (notRun.length) {
  tell('');
  tell(`not measured (${notRun.length}):`);
  for (const n of notRun) tell(`  ${n}`);
}

console.log(lines.join('\n'));
if (!quiet) console.log(detail.join('\n'));

if (opt('json')) {
  writeFileSync(opt('json'), JSON.stringify({ byKind: Object.fromEntries(byKind), misses, falsePositives, unlabelled, safe: safeRows.map((r) => ({ ...r, findings: r.findings })), notRun }, null, 2));
}

if (flag('write')) {
  const date = new Date().toISOString().slice(0, 10);
  let head = '';
  try {
    head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    head = 'unknown';
  }
  const tool = ESLINT ? 'ESLint + eslint-plugin-security (baseline)' : CLI === CLI_DEFAULT ? 'bin/rampart.js' : `${relative(ROOT, CLI) || CLI} (another build)`;
  appendFileSync(
    join(HERE, 'RESULTS.md'),
    `\n## SAST accuracy on real code (${date}, ${tool}, tree at ${head})\n\n\`node bench/sast-accuracy.mjs\`: labelled sink lines ` +
      `(bench/sast-corpus/) of real npm packages with a published advisory (vulnerable version) and the same sinks after the ` +
      `fix (fixed version, safe), of intentionally vulnerable apps (vulnerable and safe sink lines; scored when their files ` +
      `are present locally), and popular packages as a false-positive baseline. Exact = a finding on the labelled line; ` +
      `+-1 = within one line.\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`,
  );
  console.log('appended to bench/RESULTS.md');
}
