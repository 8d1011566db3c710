#!/usr/bin/env node
// Dependency-scanning benchmark (issue 3, "Speed and scale"), on the BUILT code (dist/, bin/rampart.js):
//   1. parse a 10,000-package package-lock.json and a 5,000-package pnpm-lock.yaml (bench/deps-parse.mjs)  goal < 1 s each
//   2. `rampart db import` of the real Go, crates.io and PyPI OSV exports into a temp DB           goal < 20 s
//   3. match 100,000 packages against that DB (bench/vulndb.mjs)                                   goal < 2 s
//   4. `rampart scan --scanners deps` of a generated 200-lockfile monorepo, twice (second = warm)   goal < 5 s
//   5. osv-scanner (offline, no network namespace) on the same monorepo with the same OSV zips, side by side
//
//   npm run build && node bench/deps.mjs [--osv DIR] [--files 200] [--seed 1] [--only parse,import,match,scan,compare]
//                                        [--no-osv-scanner] [--osv-runs 1] [--samples 8] [--write] [--keep]
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, accessSync, constants, readlinkSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve, relative, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureMonorepo, KINDS, CORPUS_ECOSYSTEMS } from './lib/deps-corpus.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CORPUS = join(HERE, '.corpus');
const { values: opt } = parseArgs({
  options: {
    osv: { type: 'string', default: '/work/shared/osv' },
    files: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string', default: 'parse,import,match,scan,compare' },
    'no-osv-scanner': { type: 'boolean', default: false },
    'osv-runs': { type: 'string', default: '1' },
    samples: { type: 'string', default: '8' },
    write: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 10).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const only = new Set(opt.only.split(','));
const GOALS = { parseMs: 1000, importS: 20, matchS: 2, scanS: 5 };
const IMPORT_ECOS = ['Go', 'crates.io', 'PyPI'];
const log = (s) => process.stderr.write(`bench/deps: ${s}\n`);
const f1 = (x) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(1));
const f2 = (x) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(2));
const met = (ok) => (ok ? 'met' : 'NOT met');

// ------------------------------------------------------------------ child processes

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs cmd with args (no shell); wall from hrtime, peak RSS / CPU from GNU time -o when present. */
function run(cmd, args, { env, cwd = ROOT, timeoutMs = 30 * 60_000 } = {}) {
  return new Promise((resolveP) => {
    const tfile = TIME ? join(tmpdir(), `rampart-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`) : null;
    const [bin, argv] = TIME ? [TIME, ['-o', tfile, '-f', '%e %M %U %S', cmd, ...args]] : [cmd, args];
    const t0 = process.hrtime.bigint();
    execFile(bin, argv, { cwd, env: env ?? process.env, maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      let rssMB = null;
      let cpu = null;
      if (tfile && existsSync(tfile)) {
        const last = readFileSync(tfile, 'utf8').trim().split('\n').pop().split(' ');
        rssMB = Number(last[1]) / 1024;
        cpu = Number(last[2]) + Number(last[3]);
        rmSync(tfile, { force: true });
      }
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolveP({ code, stdout, stderr, wall, rssMB, cpu, error: err && typeof err.code !== 'number' ? String(err.message) : null });
    });
  });
}

const runText = (cmd, args, o) => run(cmd, args, o).then((r) => (r.code === 0 ? r.stdout.trim() : null));
const rel = (p) => relative(ROOT, p) || '.';

// ------------------------------------------------------------------ machine

async function machine() {
  const commit = await runText('git', ['rev-parse', '--short', 'HEAD']);
  const dirty = (await runText('git', ['status', '--porcelain', '--', 'src', 'bin', 'package.json'])) ? '+wip' : '';
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const nproc = await runText('nproc', []);
  return {
    cores: Number(nproc) || cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? '?',
    memGB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    rampart: `${pkg.version} (${commit ?? 'unknown'}${dirty})`,
  };
}

// ------------------------------------------------------------------ 1. parse

async function benchParse() {
  const r = await run(process.execPath, [join(HERE, 'deps-parse.mjs')]);
  if (r.code !== 0) return { error: r.stderr.slice(0, 400) };
  const rows = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^(package-lock \d+|pnpm-lock v9 \d+)\s+([\d.]+) MB\s+(\d+) packages.*median (\d+) ms/.exec(line);
    if (m) rows.push({ label: m[1], mb: Number(m[2]), packages: Number(m[3]), ms: Number(m[4]) });
  }
  return { rows, command: 'node bench/deps-parse.mjs   # in-process extractors from dist/, median of 5 after a warm-up' };
}

// ------------------------------------------------------------------ 2. import, 3. match

/** A mirror folder of symlinks to the read-only export (with ecosystems.txt, see the report). */
function mirror(name, ecos) {
  const dir = join(CORPUS, name);
  mkdirSync(dir, { recursive: true });
  for (const e of ecos) {
    const link = join(dir, e);
    const target = join(resolve(opt.osv), e);
    if (existsSync(link) && readlinkSync(link) === target) continue;
    rmSync(link, { force: true, recursive: true });
    symlinkSync(target, link);
  }
  // rampart's layout detection lists real directories only; ecosystems.txt names symlinked ones
  writeFileSync(join(dir, 'ecosystems.txt'), ecos.join('\n') + '\n');
  return dir;
}

async function rampartImport(mirrorDir, dbPath) {
  rmSync(dbPath, { force: true });
  const r = await run(process.execPath, ['bin/rampart.js', 'db', 'import', mirrorDir, '--db', dbPath]);
  return { ...r, dbMB: existsSync(dbPath) ? statSync(dbPath).size / 1e6 : null, records: Number(/imported (\d+) records/.exec(r.stderr)?.[1] ?? NaN) };
}

async function benchMatch() {
  const r = await run(process.execPath, [join(HERE, 'vulndb.mjs'), '--osv', opt.osv]);
  if (r.code !== 0) return { error: r.stderr.slice(0, 400) };
  const imports = [];
  const matches = [];
  for (const line of r.stdout.split('\n')) {
    let m = /^import (\S+)\s+([\d.]+) s\s+(\d+) records/.exec(line);
    if (m && m[1] !== 'total') imports.push({ eco: m[1], s: Number(m[2]), records: Number(m[3]) });
    // `(?:.*?\D)??` rather than `.*?`: the count starts after a non-digit, so `\d+` never rescans a digit run (linear).
    m = /^match (cold|warm) (?:.*?\D)??(\d+) packages\s+([\d.]+) s\s+(\d+) matches on (\d+) packages/.exec(line);
    if (m) matches.push({ run: m[1], packages: Number(m[2]), s: Number(m[3]), matches: Number(m[4]), vulnerable: Number(m[5]) });
  }
  return { imports, matches, command: `node bench/vulndb.mjs --osv ${opt.osv}   # in-process import + matchPackages() on 100,000 synthetic packages (10 % named like advisories)` };
}

// ------------------------------------------------------------------ 4. scan

async function rampartScan(dir, dbPath, out) {
  const args = ['bin/rampart.js', 'scan', dir, '--scanners', 'deps', '--db', dbPath, '--format', 'json', '--output', out, '--fail-on', 'none'];
  const r = await run(process.execPath, args);
  return { ...r, command: `node bin/rampart.js scan <monorepo> --scanners deps --db <db> --format json --output <report.json> --fail-on none` };
}

// ------------------------------------------------------------------ 5. osv-scanner

function findOsvScanner() {
  const dirs = [...(process.env.PATH ?? '').split(delimiter)];
  if (process.env.GOPATH) dirs.push(join(process.env.GOPATH, 'bin'));
  if (process.env.HOME) dirs.push(join(process.env.HOME, 'go', 'bin'));
  for (const d of dirs) {
    const p = join(d, 'osv-scanner');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {}
  }
  return null;
}

/** osv-scanner v2 reads `<dir>/osv-scalibr/<Ecosystem>/all.zip` (v1: `<dir>/osv-scanner/...`); both are laid out. */
function osvCache(ecos) {
  const dir = join(CORPUS, 'osv-scanner-cache');
  for (const sub of ['osv-scalibr', 'osv-scanner']) {
    for (const e of ecos) {
      const src = join(opt.osv, e, 'all.zip');
      const dst = join(dir, sub, e, 'all.zip');
      mkdirSync(dirname(dst), { recursive: true });
      if (!existsSync(dst) || statSync(dst).size !== statSync(src).size || statSync(dst).mtimeMs < statSync(src).mtimeMs) copyFileSync(src, dst);
    }
  }
  return dir;
}

async function osvScan(bin, version, dir, out, cacheDir, netns) {
  const major2 = /^2\./.test(version);
  const args = major2
    ? ['scan', 'source', '-r', '--no-ignore', '--offline', '--no-call-analysis=go', '--all-packages', '--format', 'json', '--output-file', out, dir]
    : // v1 flags from its docs; untested here (only 2.6.0 was installed)
      ['--recursive', '--no-ignore', '--experimental-offline', '--experimental-local-db-path', cacheDir, '--no-call-analysis=go', '--experimental-all-packages', '--format', 'json', '--output', out, dir];
  const env = { ...process.env, OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY: cacheDir };
  const r = netns ? await run('unshare', ['-n', bin, ...args], { env }) : await run(bin, args, { env });
  const shown = args.map((a) => (a === out ? '<report.json>' : a === dir ? '<monorepo>' : a === cacheDir ? '<cache>' : a));
  return { ...r, command: `OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY=<cache> ${netns ? 'unshare -n ' : ''}osv-scanner ${shown.join(' ')}` };
}

// ------------------------------------------------------------------ comparison

const normName = (eco, name) => (eco === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name);
// Rampart keeps Go's "v" (as go.mod writes it), osv-scanner drops it
const pkgKey = (eco, name, version) => `${eco}|${normName(eco, name)}|${eco === 'Go' ? String(version).replace(/^v/, '') : version}`;

class UnionFind {
  constructor() {
    this.p = new Map();
  }
  find(x) {
    if (!this.p.has(x)) this.p.set(x, x);
    let r = x;
    while (this.p.get(r) !== r) r = this.p.get(r);
    while (this.p.get(x) !== r) {
      const n = this.p.get(x);
      this.p.set(x, r);
      x = n;
    }
    return r;
  }
  union(ids) {
    const [a, ...rest] = ids;
    for (const b of rest) {
      const ra = this.find(a);
      const rb = this.find(b);
      if (ra !== rb) this.p.set(rb < ra ? ra : rb, rb < ra ? rb : ra); // smaller id as root: stable
    }
  }
}

function loadRampart(reportPath, sbomPath, root) {
  const r = JSON.parse(readFileSync(reportPath, 'utf8'));
  const vulns = [];
  for (const f of r.findings) {
    const p = f.package;
    if (!p?.advisoryIds?.length) continue; // unpinned / licence findings
    vulns.push({ file: f.location.path, pkg: pkgKey(p.ecosystem, p.name, p.version), ids: [...new Set([...p.advisoryIds, ...(p.aliases ?? [])])], primary: f.ruleId.replace(/^deps\//, ''), ranges: f.evidence?.affectedRanges });
  }
  const pkgs = new Map(); // file -> Set(pkgKey)
  let entries = 0;
  if (sbomPath && existsSync(sbomPath)) {
    const s = JSON.parse(readFileSync(sbomPath, 'utf8'));
    for (const c of s.components ?? []) {
      const eco = purlEco(c.purl);
      for (const pr of c.properties ?? []) {
        if (pr.name !== 'rampart:source') continue;
        if (!pkgs.has(pr.value)) pkgs.set(pr.value, new Set());
        pkgs.get(pr.value).add(pkgKey(eco, c.name, c.version));
        entries++;
      }
    }
  }
  return { vulns, pkgs, entries, issues: r.issues ?? [], findings: r.findings.length };
}

function purlEco(purl) {
  const t = /^pkg:([^/]+)\//.exec(purl ?? '')?.[1];
  return { npm: 'npm', pypi: 'PyPI', golang: 'Go', cargo: 'crates.io', gem: 'RubyGems' }[t] ?? t ?? '?';
}

function loadOsv(reportPath, root) {
  const o = JSON.parse(readFileSync(reportPath, 'utf8'));
  const vulns = [];
  const pkgs = new Map();
  let entries = 0;
  for (const res of o.results ?? []) {
    const file = relative(root, res.source.path).split('\\').join('/');
    if (!pkgs.has(file)) pkgs.set(file, new Set());
    for (const p of res.packages ?? []) {
      const key = pkgKey(p.package.ecosystem, p.package.name, p.package.version);
      pkgs.get(file).add(key);
      entries++;
      const byId = new Map((p.vulnerabilities ?? []).map((v) => [v.id, v]));
      for (const g of p.groups ?? []) {
        const ids = [...new Set([...(g.ids ?? []), ...(g.aliases ?? []), ...(g.ids ?? []).flatMap((id) => byId.get(id)?.aliases ?? [])])];
        vulns.push({ file, pkg: key, ids, primary: g.ids?.[0] });
      }
    }
  }
  return { vulns, pkgs, entries };
}

function compare(ra, os, manifest, samples) {
  const uf = new UnionFind();
  for (const v of [...ra.vulns, ...os.vulns]) uf.union(v.ids);
  const set = (vs) => {
    const m = new Map();
    for (const v of vs) {
      const k = `${v.pkg}#${uf.find(v.ids[0])}`;
      if (!m.has(k)) m.set(k, { ...v, files: new Set() });
      m.get(k).files.add(v.file);
    }
    return m;
  };
  const A = set(ra.vulns);
  const B = set(os.vulns);
  const allPkgs = (m) => {
    const s = new Set();
    for (const v of m.values()) for (const k of v) s.add(k);
    return s;
  };
  const pa = allPkgs(ra.pkgs);
  const pb = allPkgs(os.pkgs);
  const kindOf = new Map(manifest.files.map((f) => [f.path, f.kind]));
  const onlyA = [...A.keys()].filter((k) => !B.has(k));
  const onlyB = [...B.keys()].filter((k) => !A.has(k));
  const classify = (k, otherPkgs) => {
    const pkg = k.slice(0, k.indexOf('#'));
    if (pkg.startsWith('Go|stdlib|') || pkg.startsWith('Go|toolchain|')) return 'Go stdlib/toolchain from the go directive';
    return otherPkgs.has(pkg) ? 'package seen by both: advisory matched by one only' : 'package not extracted by the other tool';
  };
  const tally = (keys, otherPkgs) => {
    const t = {};
    for (const k of keys) {
      const c = `${k.split('|')[0]}: ${classify(k, otherPkgs)}`;
      t[c] = (t[c] ?? 0) + 1;
    }
    return t;
  };
  const sample = (keys, m) =>
    keys
      .sort()
      .filter((_, i, arr) => i % Math.max(1, Math.floor(arr.length / samples)) === 0)
      .slice(0, samples)
      .map((k) => {
        const v = m.get(k);
        return { key: k, ids: v.ids.slice(0, 4).join(', '), file: [...v.files][0], kind: kindOf.get([...v.files][0]) ?? '?', ranges: v.ranges };
      });
  // packages per lockfile kind, per tool
  const perKind = {};
  for (const f of manifest.files) {
    const k = (perKind[f.kind] ??= { files: 0, generated: 0, rampart: 0, osv: 0, rampartFiles: 0, osvFiles: 0 });
    k.files++;
    k.generated += f.packages;
    const a = ra.pkgs.get(f.path);
    const b = os.pkgs.get(f.path);
    k.rampart += a?.size ?? 0;
    k.osv += b?.size ?? 0;
    if (a?.size) k.rampartFiles++;
    if (b?.size) k.osvFiles++;
  }
  // planted vulnerable packages each tool reported on
  const planted = new Set(manifest.files.flatMap((f) => f.planted.map((p) => `${f.ecosystem}|${normName(f.ecosystem, p.slice(0, p.lastIndexOf('@')))}|${p.slice(p.lastIndexOf('@') + 1)}`)));
  const vulnPkgs = (m) => new Set([...m.values()].map((v) => v.pkg));
  const va = vulnPkgs(A);
  const vb = vulnPkgs(B);
  const byEco = {};
  for (const [m, tool] of [
    [A, 'rampart'],
    [B, 'osv'],
  ])
    for (const k of m.keys()) {
      const e = k.split('|')[0];
      (byEco[e] ??= { rampart: 0, osv: 0, both: 0 })[tool]++;
      if (tool === 'rampart' && B.has(k)) byEco[e].both++;
    }
  return {
    rampart: { vulns: A.size, pkgs: pa.size, entries: ra.entries, vulnPkgs: va.size, plantedHit: [...planted].filter((p) => va.has(p)).length },
    osv: { vulns: B.size, pkgs: pb.size, entries: os.entries, vulnPkgs: vb.size, plantedHit: [...planted].filter((p) => vb.has(p)).length },
    planted: planted.size,
    both: [...A.keys()].filter((k) => B.has(k)).length,
    onlyA: onlyA.length,
    onlyB: onlyB.length,
    tallyA: tally(onlyA, pb),
    tallyB: tally(onlyB, pa),
    sampleA: sample(onlyA, A),
    sampleB: sample(onlyB, B),
    perKind,
    byEco,
  };
}

// ------------------------------------------------------------------ main

async function main() {
  const m = await machine();
  const date = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  const load0 = loadavg()[0];
  log(`machine: ${m.cores} cores (${m.cpuModel}), ${m.memGB} GB, Node ${m.node}, rampart ${m.rampart}, load ${load0.toFixed(2)}`);
  if (!existsSync(join(ROOT, 'dist', 'cli', 'index.js'))) {
    log('dist/ is missing: run `npm run build` first');
    process.exit(2);
  }
  const haveOsv = IMPORT_ECOS.every((e) => existsSync(join(opt.osv, e, 'all.zip')));
  const res = { date, machine: m, load0, osvDir: opt.osv, haveOsv, notes: [] };
  if (!haveOsv) res.notes.push(`${opt.osv} has no Go/crates.io/PyPI all.zip: import, match, scan and the osv-scanner comparison were skipped.`);
  const tmp = mkdtempSync(join(tmpdir(), 'rampart-bench-deps-'));
  try {
    if (only.has('parse')) {
      log('1. parse: node bench/deps-parse.mjs');
      res.parse = await benchParse();
      for (const r of res.parse.rows ?? []) console.log(`parse  ${r.label.padEnd(18)} ${f1(r.mb).padStart(5)} MB ${String(r.packages).padStart(6)} packages  median ${r.ms} ms   goal < 1 s: ${met(r.ms < GOALS.parseMs)}`);
      if (res.parse.error) console.log(`parse failed: ${res.parse.error}`);
    }
    if (haveOsv && only.has('import')) {
      const dir = mirror('osv-mirror-3', IMPORT_ECOS);
      log(`2. import: rampart db import ${rel(dir)} (${IMPORT_ECOS.join(', ')})`);
      const r = await rampartImport(dir, join(tmp, 'import.sqlite'));
      res.import = { ...r, command: `node bin/rampart.js db import bench/.corpus/osv-mirror-3 --db <tmp.sqlite>   # Go, crates.io, PyPI -> symlinks to ${opt.osv}/<Eco>` };
      console.log(`import Go+crates.io+PyPI  ${f2(r.wall)} s wall  ${f1(r.cpu)} CPU s  ${f1(r.rssMB)} MB RSS  ${r.records} records  db ${f1(r.dbMB)} MB  goal < 20 s: ${met(r.code === 0 && r.wall < GOALS.importS)}${r.code ? `  (exit ${r.code}: ${r.stderr.slice(-300)})` : ''}`);
    }
    if (haveOsv && only.has('match')) {
      log('3. match: node bench/vulndb.mjs');
      res.match = await benchMatch();
      for (const i of res.match.imports ?? []) console.log(`  (vulndb.mjs in-process import ${i.eco}: ${f2(i.s)} s, ${i.records} records)`);
      for (const x of res.match.matches ?? []) console.log(`match ${x.run} ${x.packages} packages  ${f2(x.s)} s  ${x.matches} matches on ${x.vulnerable} packages  goal < 2 s: ${met(x.s < GOALS.matchS)}`);
      if (res.match.error) console.log(`match failed: ${res.match.error}`);
    }
    if (haveOsv && (only.has('scan') || only.has('compare'))) {
      const files = Number(opt.files);
      const out = join(CORPUS, `deps-monorepo-${files}-s${opt.seed}`);
      log(`4. scan: monorepo ${rel(out)}`);
      const manifest = await ensureMonorepo({ out, osvDir: resolve(opt.osv), distDir: join(ROOT, 'dist'), files, seed: Number(opt.seed), log });
      res.corpus = { path: rel(out), files: manifest.files.length, mb: manifest.bytes / 2 ** 20, packages: manifest.packages, planted: manifest.planted, kinds: KINDS.map((k) => `${manifest.files.filter((f) => f.kind === k.kind).length} ${k.file}`).join(', ') };
      const scanEcos = CORPUS_ECOSYSTEMS.filter((e) => existsSync(join(opt.osv, e, 'all.zip')));
      const sdir = mirror('osv-mirror-scan', scanEcos);
      const db = join(tmp, 'scan.sqlite');
      const imp = await rampartImport(sdir, db);
      res.scanDb = { ecos: scanEcos, wall: imp.wall, records: imp.records, mb: imp.dbMB };
      log(`scan DB: ${scanEcos.join(', ')}: ${imp.records} records in ${f2(imp.wall)} s`);
      const report = join(tmp, 'rampart.json');
      const runs = [];
      for (let i = 0; i < 2; i++) {
        const r = await rampartScan(out, db, report);
        runs.push(r);
        console.log(`scan run ${i + 1} (${i ? 'warm' : 'first'})  ${f2(r.wall)} s wall  ${f1(r.cpu)} CPU s  ${f1(r.rssMB)} MB RSS  exit ${r.code}`);
      }
      const sbom = join(tmp, 'rampart-sbom.json');
      const sb = await run(process.execPath, ['bin/rampart.js', 'sbom', out, '--format', 'cyclonedx', '--output', sbom]);
      const ra = loadRampart(report, sbom, out);
      res.scan = { runs: runs.map((r) => ({ wall: r.wall, cpu: r.cpu, rssMB: r.rssMB, code: r.code })), warm: runs[1], findings: ra.findings, issues: ra.issues.length, command: runs[0].command, sbomWall: sb.wall };
      console.log(`scan warm ${f2(runs[1].wall)} s  goal < 5 s: ${met(runs[1].wall < GOALS.scanS)}  (${ra.findings} findings, ${ra.issues.length} issues; sbom for package counts ${f2(sb.wall)} s)`);

      if (only.has('compare') && !opt['no-osv-scanner']) {
        const bin = findOsvScanner();
        if (!bin) {
          res.notes.push('osv-scanner not found on PATH, $GOPATH/bin or ~/go/bin: compare skipped (see README for the go install line).');
          log(res.notes.at(-1));
        } else {
          const version = /osv-scanner version: (\S+)/.exec((await runText(bin, ['--version'])) ?? '')?.[1] ?? '?';
          const cache = osvCache(scanEcos);
          const netns = (await run('unshare', ['-n', 'true'])).code === 0;
          if (!netns) res.notes.push('`unshare -n` is not available: osv-scanner ran with --offline only, not inside an empty network namespace.');
          log(`5. osv-scanner ${version} (${bin}), offline, cache ${rel(cache)}${netns ? ', in an empty network namespace' : ''}`);
          const oreport = join(tmp, 'osv.json');
          const oruns = [];
          for (let i = 0; i < Number(opt['osv-runs']); i++) {
            rmSync(oreport, { force: true });
            const r = await osvScan(bin, version, out, oreport, cache, netns);
            oruns.push(r);
            console.log(`osv-scanner run ${i + 1}  ${f2(r.wall)} s wall  ${f1(r.cpu)} CPU s  ${f1(r.rssMB)} MB RSS  exit ${r.code}`);
          }
          const last = oruns.at(-1);
          if (!existsSync(oreport)) {
            res.notes.push(`osv-scanner wrote no report (exit ${last.code}): ${last.stderr.slice(-400)}`);
            log(res.notes.at(-1));
          } else {
            const os = loadOsv(oreport, out);
            const cmp = compare(ra, os, manifest, Number(opt.samples));
            const dbErrors = last.stderr.split('\n').filter((l) => /could not load db|unable to fetch/i.test(l));
            res.osv = { version, bin, runs: oruns.map((r) => ({ wall: r.wall, cpu: r.cpu, rssMB: r.rssMB, code: r.code })), last, command: last.command, netns, dbErrors };
            res.cmp = cmp;
            printCompare(res);
          }
        }
      }
      if (opt.keep) {
        for (const f of ['rampart.json', 'rampart-sbom.json', 'osv.json']) if (existsSync(join(tmp, f))) copyFileSync(join(tmp, f), join(CORPUS, `deps-${f}`));
        log(`kept reports in ${rel(CORPUS)}/deps-*.json`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const n of res.notes) console.log(`note: ${n}`);
  if (opt.write) writeResults(markdown(res));
}

function printCompare(res) {
  const { cmp, scan, osv } = res;
  const w = scan.warm;
  const o = osv.last;
  console.log('');
  console.log('tool         wall s  CPU s  RSS MB  packages (unique / per-file)  vulns (pkg@version x advisory)  planted hit');
  console.log(`rampart     ${f2(w.wall).padStart(7)} ${f1(w.cpu).padStart(6)} ${f1(w.rssMB).padStart(7)}  ${cmp.rampart.pkgs} / ${cmp.rampart.entries}  ${cmp.rampart.vulns} on ${cmp.rampart.vulnPkgs} packages  ${cmp.rampart.plantedHit}/${cmp.planted}`);
  console.log(`osv-scanner ${f2(o.wall).padStart(7)} ${f1(o.cpu).padStart(6)} ${f1(o.rssMB).padStart(7)}  ${cmp.osv.pkgs} / ${cmp.osv.entries}  ${cmp.osv.vulns} on ${cmp.osv.vulnPkgs} packages  ${cmp.osv.plantedHit}/${cmp.planted}`);
  console.log(`ratio osv-scanner/rampart wall: ${f1(o.wall / w.wall)}x  (rampart is ${f1(o.wall / w.wall)}x faster); RSS rampart/osv-scanner ${f2(w.rssMB / o.rssMB)}x`);
  console.log(`agree: ${cmp.both}; only rampart: ${cmp.onlyA}; only osv-scanner: ${cmp.onlyB}`);
  for (const [k, v] of Object.entries(cmp.tallyA)) console.log(`  only rampart     ${String(v).padStart(5)}  ${k}`);
  for (const [k, v] of Object.entries(cmp.tallyB)) console.log(`  only osv-scanner ${String(v).padStart(5)}  ${k}`);
  console.log('sample only rampart:');
  for (const s of cmp.sampleA) console.log(`  ${s.key}  [${s.ids}]  ${s.file}${s.ranges ? `  affected ${s.ranges}` : ''}`);
  console.log('sample only osv-scanner:');
  for (const s of cmp.sampleB) console.log(`  ${s.key}  [${s.ids}]  ${s.file}`);
  console.log('packages per lockfile kind (unique per file, summed): kind files generated rampart osv-scanner');
  for (const [k, v] of Object.entries(cmp.perKind)) console.log(`  ${k.padEnd(14)} ${String(v.files).padStart(4)} ${String(v.generated).padStart(7)} ${String(v.rampart).padStart(7)} ${String(v.osv).padStart(7)}`);
  if (osv.dbErrors.length) console.log(`osv-scanner DB errors: ${osv.dbErrors.slice(0, 3).join(' | ')}`);
}

// ------------------------------------------------------------------ RESULTS.md

function markdown(res) {
  const out = [];
  const m = res.machine;
  out.push(`## ${res.date} — deps: rampart ${m.rampart}`, '');
  out.push(`Dependency scanning (issue 3, "Speed and scale"), \`node bench/deps.mjs --write\`. Machine: ${m.cores} cores (${m.cpuModel}), ${m.memGB} GB, Node ${m.node}; load average at start ${res.load0.toFixed(2)}. OSV data: ${res.osvDir}${res.haveOsv ? '' : ' (absent)'}.`, '');
  out.push('| step | figure | goal | |', '|---|---|---|---|');
  for (const r of res.parse?.rows ?? []) out.push(`| parse ${r.label.replace(/ (\d+)$/, ' ($1 packages)')}, ${f1(r.mb)} MB | ${r.ms} ms (median of 5) | < 1 s | ${met(r.ms < GOALS.parseMs)} |`);
  if (res.import) out.push(`| \`db import\` Go + crates.io + PyPI (${res.import.records} records) | ${f2(res.import.wall)} s wall, ${f1(res.import.cpu)} CPU s, ${f1(res.import.rssMB)} MB RSS, DB ${f1(res.import.dbMB)} MB | < 20 s | ${met(res.import.code === 0 && res.import.wall < GOALS.importS)} |`);
  for (const x of res.match?.matches ?? []) out.push(`| match ${x.packages.toLocaleString('en')} packages (${x.run}) | ${f2(x.s)} s, ${x.matches} matches on ${x.vulnerable} packages | < 2 s | ${met(x.s < GOALS.matchS)} |`);
  if (res.scan) {
    const [a, b] = res.scan.runs;
    out.push(`| scan ${res.corpus.files} lockfiles, first run | ${f2(a.wall)} s wall, ${f1(a.cpu)} CPU s, ${f1(a.rssMB)} MB RSS | | |`);
    out.push(`| scan ${res.corpus.files} lockfiles, warm (second run) | ${f2(b.wall)} s wall, ${f1(b.cpu)} CPU s, ${f1(b.rssMB)} MB RSS | < 5 s | ${met(b.wall < GOALS.scanS)} |`);
  }
  out.push('');
  if (res.match?.imports?.length) out.push(`In-process import by bench/vulndb.mjs (same data, no CLI start-up or DB swap): ${res.match.imports.map((i) => `${i.eco} ${f2(i.s)} s`).join(', ')}.`, '');
  if (res.corpus) {
    out.push(`Monorepo: ${res.corpus.files} lockfiles (${res.corpus.kinds}), ${f1(res.corpus.mb)} MB, ${res.corpus.packages.toLocaleString('en')} package entries, ${res.corpus.planted} planted at versions inside real Go/PyPI/crates.io/RubyGems/npm advisory ranges (\`bench/lib/deps-corpus.mjs\`, ${res.corpus.path}). Scan DB: ${res.scanDb.ecos.join(', ')} (${res.scanDb.records} records, imported in ${f2(res.scanDb.wall)} s). "Warm" = second run right after the first: lockfiles and the DB file in the OS page cache, a new Node process each time (no in-process cache survives).`, '');
  }
  if (res.cmp) {
    const c = res.cmp;
    const w = res.scan.warm;
    const o = res.osv.last;
    out.push(`### rampart vs osv-scanner ${res.osv.version} on the same monorepo and the same OSV zips`, '');
    out.push('| tool | wall s | CPU s | peak RSS MB | packages (unique) | package entries (per lockfile) | vulnerabilities (unique pkg@version × advisory, aliases merged) | on packages | planted hit |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    out.push(`| rampart ${m.rampart} (warm run) | ${f2(w.wall)} | ${f1(w.cpu)} | ${f1(w.rssMB)} | ${c.rampart.pkgs} | ${c.rampart.entries} | ${c.rampart.vulns} | ${c.rampart.vulnPkgs} | ${c.rampart.plantedHit}/${c.planted} |`);
    out.push(`| osv-scanner ${res.osv.version} | ${f2(o.wall)} | ${f1(o.cpu)} | ${f1(o.rssMB)} | ${c.osv.pkgs} | ${c.osv.entries} | ${c.osv.vulns} | ${c.osv.vulnPkgs} | ${c.osv.plantedHit}/${c.planted} |`);
    out.push('', `Ratio: rampart is **${f1(o.wall / w.wall)}x** faster in wall time (${f1(o.cpu / w.cpu)}x less CPU); peak RSS rampart/osv-scanner ${f2(w.rssMB / o.rssMB)}x. Rampart's package counts come from \`rampart sbom\` on the same tree (${f2(res.scan.sbomWall)} s, not in the scan time); osv-scanner's from \`--all-packages\`.`, '');
    out.push(`Agreement: ${c.both} in both, ${c.onlyA} only in rampart, ${c.onlyB} only in osv-scanner.`, '');
    out.push('| ecosystem | rampart | osv-scanner | both |', '|---|---:|---:|---:|');
    for (const [e, v] of Object.entries(c.byEco).sort()) out.push(`| ${e} | ${v.rampart} | ${v.osv} | ${v.both} |`);
    out.push('');
    const lines = [...Object.entries(c.tallyA).map(([k, v]) => `only rampart ${v}: ${k}`), ...Object.entries(c.tallyB).map(([k, v]) => `only osv-scanner ${v}: ${k}`)];
    if (lines.length) out.push('Disagreements by cause (automatic):', '', ...lines.map((l) => `- ${l}`), '');
    if (c.sampleA.length) out.push('Sample only in rampart:', '', ...c.sampleA.map((s) => `- \`${s.key}\` [${s.ids}] in ${s.kind}${s.ranges ? `, affected ${s.ranges}` : ''}`), '');
    if (c.sampleB.length) out.push('Sample only in osv-scanner:', '', ...c.sampleB.map((s) => `- \`${s.key}\` [${s.ids}] in ${s.kind}`), '');
    out.push('| lockfile kind | files | generated entries | rampart | osv-scanner |', '|---|---:|---:|---:|---:|');
    for (const [k, v] of Object.entries(c.perKind)) out.push(`| ${k} | ${v.files} | ${v.generated} | ${v.rampart} | ${v.osv} |`);
    out.push('');
    out.push(`osv-scanner ran offline: the zips were copied to \`<cache>/osv-scalibr/<Ecosystem>/all.zip\` (the layout v2 reads; \`osv-scanner/\` too for v1), \`OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY=<cache>\`, \`--offline\` (no DB download, no deps.dev), Go call analysis off (Rampart has none)${res.osv.netns ? ', and inside an empty network namespace (`unshare -n`) so that nothing could reach osv.dev' : ''}.`, '');
  }
  for (const n of res.notes) out.push(`Note: ${n}`, '');
  out.push('Commands:', '');
  if (res.parse) out.push(`    ${res.parse.command}`);
  if (res.import) out.push(`    ${res.import.command}`);
  if (res.match) out.push(`    ${res.match.command}`);
  if (res.scan) out.push(`    ${res.scan.command}   # twice`);
  if (res.osv) out.push(`    ${res.osv.command}`);
  out.push('');
  return out.join('\n');
}

function writeResults(block) {
  const file = join(HERE, 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nNewest first.\n';
  const i = text.indexOf('\n## ');
  const next = i >= 0 ? `${text.slice(0, i + 1)}${block}\n${text.slice(i + 1)}` : `${text.trimEnd()}\n\n${block}`;
  writeFileSync(file, next);
  log(`wrote ${rel(file)}`);
}

await main();
