#!/usr/bin/env node
// Image-scanning benchmark (issue 6), on the BUILT code (dist/, bin/rampart.js). Not part of npm test.
//   1. build a real Debian bookworm image (~1 GB) with debootstrap into bench/.corpus/image/ and turn
//      it into an OCI layout with umoci, in 2 layers: a minbase rootfs, then packages installed by
//      `apt-get install` in a chroot of the unpacked bundle (cached: rebuilt only when the marker differs)
//   2. time `syft oci-dir:<layout> -o json` and `rampart image <layout> --format json` (wall, CPU, peak RSS)
//   3. compare the OS package inventory (name, version, arch) package for package
//   4. --write: put an "Images" section at the top of bench/RESULTS.md
//
//   npm run build && node bench/image.mjs [--runs 1] [--db FILE] [--only build|all] [--no-syft] [--write] [--rebuild]
// Needs root (debootstrap, chroot, mount of /proc for maintainer scripts), debootstrap, umoci, and
// network to http://deb.debian.org/debian for the first build. syft: on PATH or in ~/go/bin, else
// built with `go install github.com/anchore/syft/cmd/syft@latest` (SYFT_VERSION=v1.x.y pins it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measure, median, which } from './lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CORPUS = join(HERE, '.corpus', 'image');
const LAYOUT = join(CORPUS, 'layout');
const MARKER = join(CORPUS, 'marker.json');
const TAG = 'bench';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    db: { type: 'string' },
    only: { type: 'string', default: 'all' },
    'no-syft': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 13).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}

const MIRROR = 'http://deb.debian.org/debian';
const SUITE = 'bookworm';
/** Second layer: large, common packages so the image passes 1 GiB uncompressed (clang makes it ~1.3 GiB). */
const EXTRA = [
  'default-jdk-headless', 'python3', 'python3-pip', 'python3-venv', 'build-essential', 'perl', 'git', 'curl',
  'ca-certificates', 'openssh-client', 'vim-nox', 'gdb', 'sudo', 'less', 'procps', 'clang',
];
/** Everything that decides the image's content: a different marker rebuilds it. */
const RECIPE = { suite: SUITE, mirror: MIRROR, variant: 'minbase', extra: EXTRA, layers: 2, tag: TAG, v: 1 };
const GOALS = { wallS: 30, rssMb: 500 };
/** `latest` builds with the Go here (1.26); set SYFT_VERSION=v1.x.y when a newer syft needs a newer Go. */
const SYFT_MODULE = 'github.com/anchore/syft/cmd/syft';
const SYFT_VERSION = process.env.SYFT_VERSION ?? 'latest';

const log = (s) => process.stderr.write(`bench/image: ${s}\n`);
const f1 = (x) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(1));
const f2 = (x) => (x == null || Number.isNaN(x) ? '—' : x.toFixed(2));
const met = (ok) => (ok ? 'met' : 'NOT met');

/** Runs a command (argument array, no shell), inheriting stderr; resolves stdout; rejects on failure. */
function sh(cmd, args, { timeoutSec = 3600, env = process.env, quiet = false } = {}) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      if (out.length < 1 << 24) out += d;
    });
    child.stderr?.on('data', (d) => {
      if (err.length < 20000) err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSec * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      rej(e);
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (code === 0) res(out);
      else rej(new Error(`${cmd} ${args.join(' ')} failed (${sig ?? code})${err ? `: ${err.slice(-2000)}` : ''}`));
    });
  });
}

// ------------------------------------------------------------------ 1. the image

async function duBytes(dir) {
  const out = await sh('du', ['-sb', dir], { quiet: true });
  return Number(out.split('\t')[0]);
}

/** Runs `fn` with /proc, /sys and /dev mounted in the chroot (maintainer scripts need them), unmounting after. */
async function withMounts(root, fn) {
  const mounts = [
    ['proc', ['-t', 'proc', 'proc', join(root, 'proc')]],
    ['sys', ['-t', 'sysfs', 'sysfs', join(root, 'sys')]],
    ['dev', ['--bind', '/dev', join(root, 'dev')]],
  ];
  const done = [];
  try {
    for (const [name, args] of mounts) {
      mkdirSync(join(root, name), { recursive: true });
      await sh('mount', args);
      done.push(join(root, name));
    }
    return await fn();
  } finally {
    for (const m of done.reverse()) await sh('umount', ['-l', m]).catch((e) => log(`umount ${m}: ${e.message}`));
  }
}

async function buildImage() {
  if (!opt.rebuild && existsSync(MARKER) && existsSync(join(LAYOUT, 'index.json'))) {
    try {
      const m = JSON.parse(readFileSync(MARKER, 'utf8'));
      if (JSON.stringify(m.recipe) === JSON.stringify(RECIPE)) {
        log(`reusing ${relative(ROOT, LAYOUT)} (built ${m.builtAt})`);
        return m;
      }
    } catch {
      /* unreadable marker: rebuild */
    }
  }
  for (const tool of ['debootstrap', 'umoci', 'chroot', 'mount']) {
    if (!which(tool, ['/usr/sbin', '/sbin'])) throw new Error(`${tool} not found (apt-get install debootstrap umoci)`);
  }
  if (process.getuid?.() !== 0) throw new Error('building the image needs root (debootstrap, chroot, mount)');
  rmSync(CORPUS, { recursive: true, force: true });
  mkdirSync(CORPUS, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'rampart-bench-image-'));
  const t0 = Date.now();
  try {
    const base = join(work, 'base');
    log(`debootstrap --variant=minbase ${SUITE} (network: ${MIRROR}) ...`);
    await sh(which('debootstrap', ['/usr/sbin']), ['--variant=minbase', SUITE, base, MIRROR], { quiet: true });
    await sh('chroot', [base, 'apt-get', 'clean']);

    // Layer 1: the minbase rootfs, copied into an empty umoci bundle and repacked.
    await sh('umoci', ['init', '--layout', LAYOUT]);
    await sh('umoci', ['new', '--image', `${LAYOUT}:${TAG}`]);
    const b1 = join(work, 'bundle1');
    await sh('umoci', ['unpack', '--image', `${LAYOUT}:${TAG}`, b1], { quiet: true });
    await sh('cp', ['-a', `${base}/.`, join(b1, 'rootfs')]);
    rmSync(base, { recursive: true, force: true });
    await sh('umoci', ['repack', '--image', `${LAYOUT}:${TAG}`, '--history.created_by', `debootstrap --variant=minbase ${SUITE} ${MIRROR}`, b1]);
    rmSync(b1, { recursive: true, force: true });

    // Layer 2: what a Dockerfile RUN would do: apt-get install in the unpacked image, then repack the diff.
    const b2 = join(work, 'bundle2');
    await sh('umoci', ['unpack', '--image', `${LAYOUT}:${TAG}`, b2], { quiet: true });
    const r2 = join(b2, 'rootfs');
    writeFileSync(join(r2, 'etc', 'resolv.conf'), readFileSync('/etc/resolv.conf'));
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };
    log(`apt-get install ${EXTRA.length} packages in a chroot ...`);
    await withMounts(r2, async () => {
      await sh('chroot', [r2, 'apt-get', 'update'], { env: aptEnv, quiet: true });
      await sh('chroot', [r2, 'apt-get', 'install', '-y', '--no-install-recommends', ...EXTRA], { env: aptEnv, quiet: true });
      await sh('chroot', [r2, 'apt-get', 'clean'], { env: aptEnv });
    });
    rmSync(join(r2, 'var', 'lib', 'apt', 'lists'), { recursive: true, force: true });
    mkdirSync(join(r2, 'var', 'lib', 'apt', 'lists', 'partial'), { recursive: true });
    const rootfsBytes = await duBytes(r2);
    await sh('umoci', ['repack', '--image', `${LAYOUT}:${TAG}`, '--history.created_by', `/bin/sh -c apt-get update && apt-get install -y --no-install-recommends ${EXTRA.join(' ')} && apt-get clean`, b2]);
    rmSync(b2, { recursive: true, force: true });
    await sh('umoci', ['config', '--image', `${LAYOUT}:${TAG}`, '--config.cmd', '/bin/bash', '--config.env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    await sh('umoci', ['gc', '--layout', LAYOUT]);
    const marker = { recipe: RECIPE, builtAt: new Date().toISOString(), buildSeconds: Math.round((Date.now() - t0) / 1000), rootfsBytes, layoutBytes: await duBytes(LAYOUT) };
    writeFileSync(MARKER, JSON.stringify(marker, null, 2) + '\n');
    log(`built in ${marker.buildSeconds} s: rootfs ${f1(rootfsBytes / 2 ** 20)} MiB, layout ${f1(marker.layoutBytes / 2 ** 20)} MiB`);
    return marker;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Layer count and uncompressed sizes, from the layout itself. */
function layoutInfo() {
  const blob = (d) => join(LAYOUT, 'blobs', ...d.split(':'));
  const index = JSON.parse(readFileSync(join(LAYOUT, 'index.json'), 'utf8'));
  const mf = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  const cfg = JSON.parse(readFileSync(blob(mf.config.digest), 'utf8'));
  return { layers: mf.layers.length, compressed: mf.layers.reduce((s, l) => s + l.size, 0), diffIds: cfg.rootfs?.diff_ids?.length ?? 0 };
}

// ------------------------------------------------------------------ 2. tools

/** syft on PATH or in the Go bin folders; built with `go install` when absent and Go is here. */
async function findSyft() {
  const home = process.env.HOME ?? '/root';
  const dirs = [join(home, 'go', 'bin'), join(process.env.GOPATH ?? join(home, 'go'), 'bin')];
  let p = which('syft', dirs);
  const go = which('go', ['/usr/local/go/bin']);
  if (!p && go) {
    log(`syft not found: go install ${SYFT_MODULE}@${SYFT_VERSION} (a few minutes) ...`);
    await sh(go, ['install', `${SYFT_MODULE}@${SYFT_VERSION}`], { quiet: true, timeoutSec: 1800 }).catch((e) => log(e.message));
    p = which('syft', dirs);
  }
  if (!p) return null;
  let v = await sh(p, ['version', '-o', 'json'], { quiet: true }).then((o) => JSON.parse(o).version).catch(() => '');
  // A `go install` build says "[not provided]": the module version is in the binary's build info.
  if (!/^v?\d/.test(v ?? '') && which('go', ['/usr/local/go/bin'])) {
    const info = await sh(which('go', ['/usr/local/go/bin']), ['version', '-m', p], { quiet: true }).catch(() => '');
    v = /^[ \t]*mod\s+github\.com\/anchore\/syft\s+(\S+)/m.exec(info)?.[1] ?? 'unknown';
  }
  return { path: p, version: v };
}

async function rampartVersion() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const rev = await sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { quiet: true }).then((s) => s.trim()).catch(() => '?');
  // Uncommitted changes under src/ mean the figures are for a tree no commit holds.
  const dirty = await sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src'], { quiet: true }).then((s) => s.trim() !== '').catch(() => false);
  return `${pkg.version} (${rev}${dirty ? '+wip' : ''})`;
}

/** Times `runs` runs; keeps the median-wall one's figures; stdout of the last goes to outFile. */
async function timed(cmd, args, outFile, tag) {
  const rs = [];
  for (let i = 0; i < Number(opt.runs); i++) {
    const r = await measure(cmd, args, { stdoutFile: outFile, tag, cwd: ROOT });
    log(`${tag}: ${f2(r.wall)} s wall, ${f1(r.cpu)} CPU s, ${f1(r.rssMb)} MB RSS, exit ${r.exit}`);
    if (r.exit !== 0 && r.exit !== 1) log(`${tag} stderr: ${r.stderr.slice(-1500)}`);
    rs.push(r);
  }
  const w = median(rs.map((r) => r.wall));
  return rs.find((r) => r.wall === w);
}

// ------------------------------------------------------------------ 3. inventories

/** syft JSON: `deb` artifacts as name|version|arch. */
function syftDebs(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Set();
  for (const a of j.artifacts ?? []) {
    if (a.type !== 'deb') continue;
    const arch = a.metadata?.architecture ?? purlArch(a.purl) ?? '';
    out.add(`${a.name}|${a.version}|${arch}`);
  }
  return out;
}

function purlArch(purl) {
  const q = /[?&]arch=([^&#]+)/.exec(purl ?? '');
  return q ? decodeURIComponent(q[1]) : undefined;
}

/** Rampart: the JSON report's `packages` when present, else CycloneDX components with a deb purl. */
function rampartDebsFromJson(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(j.packages)) return null;
  const out = new Set();
  for (const p of j.packages) {
    const isDeb = /^pkg:deb\//.test(p.purl ?? '') || p.ecosystem === 'Debian';
    if (isDeb) out.add(`${p.name}|${p.version}|${p.arch ?? purlArch(p.purl) ?? ''}`);
  }
  return out;
}

function rampartDebsFromCdx(file) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Set();
  for (const c of j.components ?? []) {
    const m = /^pkg:deb\/[^/]+\/([^@?#]+)@([^?#]+)/.exec(c.purl ?? '');
    if (!m) continue;
    out.add(`${decodeURIComponent(m[1])}|${decodeURIComponent(m[2])}|${purlArch(c.purl) ?? ''}`);
  }
  return out;
}

function compare(a, b) {
  const both = [...a].filter((k) => b.has(k));
  const onlyA = [...a].filter((k) => !b.has(k)).sort();
  const onlyB = [...b].filter((k) => !a.has(k)).sort();
  return { both: both.length, onlyA, onlyB };
}

// ------------------------------------------------------------------ main

async function main() {
  const machine = { cores: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memGB: Math.round(totalmem() / 2 ** 30), node: process.version, load0: loadavg()[0] };
  const marker = await buildImage();
  const info = layoutInfo();
  log(`layout: ${info.layers} layers, ${f1(info.compressed / 2 ** 20)} MiB compressed, rootfs ${f1(marker.rootfsBytes / 2 ** 20)} MiB`);
  if (opt.only === 'build') return;

  const res = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace('T', ' '), machine, marker, info, notes: [] };
  res.rampartVersion = await rampartVersion();
  const out = mkdtempSync(join(tmpdir(), 'rampart-bench-image-out-'));
  try {
    const bin = join(ROOT, 'bin', 'rampart.js');
    if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ missing: run `npm run build` first');
    // An (almost) empty DB unless one is given: the figure is the image walk, not advisory
    // matching. `db import` wants at least one record: one npm advisory no image package matches.
    const db = opt.db ?? (await emptyDb(bin, out));
    const rArgs = [bin, 'image', LAYOUT, '--format', 'json', '--db', db, '--fail-on', 'none'];
    res.rampartCmd = `node bin/rampart.js image ${relative(ROOT, LAYOUT)} --format json --db ${opt.db ?? '<empty temp db>'} --fail-on none`;
    const rJson = join(out, 'rampart.json');
    res.rampart = await timed(process.execPath, rArgs, rJson, 'rampart');
    let rampartSet = null;
    try {
      // Findings by rule: on a plain distro image anything beyond the config rules is noise.
      const j = JSON.parse(readFileSync(rJson, 'utf8'));
      res.findingsByRule = {};
      for (const f of j.findings ?? []) res.findingsByRule[f.ruleId] = (res.findingsByRule[f.ruleId] ?? 0) + 1;
      res.issueCount = (j.issues ?? []).length;
      rampartSet = rampartDebsFromJson(rJson);
    } catch (e) {
      res.notes.push(`rampart JSON unreadable: ${e.message}`);
    }
    if (rampartSet === null) {
      // The JSON report carries no package list: take the inventory from the CycloneDX output (not timed).
      const cdx = join(out, 'rampart.cdx.json');
      const r = await measure(process.execPath, [bin, 'image', LAYOUT, '--format', 'cyclonedx', '--db', db, '--fail-on', 'none'], { stdoutFile: cdx, tag: 'rampart-cdx', cwd: ROOT });
      try {
        rampartSet = rampartDebsFromCdx(cdx);
        res.notes.push('Rampart inventory from `--format cyclonedx` (the JSON report has no `packages`).');
      } catch (e) {
        res.notes.push(`rampart CycloneDX unreadable (exit ${r.exit}): ${e.message}`);
      }
    }

    const syft = opt['no-syft'] ? null : await findSyft();
    if (syft) {
      res.syftVersion = syft.version;
      const sJson = join(out, 'syft.json');
      res.syftCmd = `syft oci-dir:${relative(ROOT, LAYOUT)} -o json`;
      // No update check and no network: the same conditions as Rampart.
      process.env.SYFT_CHECK_FOR_APP_UPDATE = 'false';
      res.syft = await timed(syft.path, [`oci-dir:${LAYOUT}`, '-o', 'json', '-q'], sJson, 'syft');
      try {
        res.syftSet = syftDebs(sJson);
      } catch (e) {
        res.notes.push(`syft JSON unreadable: ${e.message}`);
      }
    } else if (!opt['no-syft']) {
      res.notes.push('syft not found (go install github.com/anchore/syft/cmd/syft@latest): Rampart alone.');
    }
    if (rampartSet) res.rampartCount = rampartSet.size;
    if (rampartSet && res.syftSet) res.cmp = compare(rampartSet, res.syftSet);
    res.loadEnd = loadavg()[0];
    report(res);
    if (opt.write) writeResults(markdown(res));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function emptyDb(bin, out) {
  const recs = join(out, 'osv-empty');
  mkdirSync(recs);
  const rec = { id: 'RAMPART-BENCH-0000', modified: '2026-01-01T00:00:00Z', summary: 'bench placeholder', affected: [{ package: { ecosystem: 'npm', name: 'rampart-bench-none' }, versions: ['0.0.0'] }] };
  writeFileSync(join(recs, 'RAMPART-BENCH-0000.json'), JSON.stringify(rec));
  const db = join(out, 'empty.db');
  await sh(process.execPath, [bin, 'db', 'import', recs, '--db', db], { quiet: true });
  return db;
}

const fmtRules = (by) => Object.entries(by).sort().map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';

function report(res) {
  const r = res.rampart;
  console.log(`image: ${relative(ROOT, LAYOUT)} — Debian ${SUITE}, ${res.info.layers} layers, rootfs ${f1(res.marker.rootfsBytes / 2 ** 20)} MiB, blobs ${f1(res.info.compressed / 2 ** 20)} MiB`);
  console.log(`rampart ${res.rampartVersion}: ${f2(r.wall)} s wall, ${f1(r.cpu)} CPU s, ${f1(r.rssMb)} MB peak RSS, exit ${r.exit} (goal < ${GOALS.wallS} s: ${met(r.wall < GOALS.wallS && r.exit <= 1)}; < ${GOALS.rssMb} MB: ${met(r.rssMb != null && r.rssMb < GOALS.rssMb)})`);
  if (res.syft) {
    const s = res.syft;
    console.log(`syft ${res.syftVersion}: ${f2(s.wall)} s wall, ${f1(s.cpu)} CPU s, ${f1(s.rssMb)} MB peak RSS, exit ${s.exit}`);
    console.log(`ratio syft/rampart wall: ${f2(s.wall / r.wall)}x; RSS rampart/syft: ${f2(r.rssMb / s.rssMb)}x`);
  }
  if (res.findingsByRule) console.log(`rampart findings: ${fmtRules(res.findingsByRule)}; ${res.issueCount} issue(s)`);
  if (res.cmp) {
    const c = res.cmp;
    console.log(`deb packages (name, version, arch): rampart ${res.rampartCount}, syft ${res.syftSet.size}; matches ${c.both}, only-in-rampart ${c.onlyA.length}, only-in-syft ${c.onlyB.length}`);
    for (const k of c.onlyA.slice(0, 20)) console.log(`  only rampart: ${k}`);
    for (const k of c.onlyB.slice(0, 20)) console.log(`  only syft:    ${k}`);
  }
  for (const n of res.notes) console.log(`note: ${n}`);
}

function markdown(res) {
  const m = res.machine;
  const r = res.rampart;
  const out = [`## ${res.date} — Images: rampart ${res.rampartVersion}`, ''];
  out.push(`Image scanning (issue 6), \`node bench/image.mjs ${process.argv.slice(2).join(' ')}\`. Machine: ${m.cores} cores (${m.cpuModel}), ${m.memGB} GB, Node ${m.node}; load average ${f2(m.load0)} at start, ${f2(res.loadEnd)} at the end (other jobs shared the machine: CPU s is the steadier figure). Median of ${opt.runs} run(s) each; Rampart with its defaults (OS + language packages, config rules, secrets, setuid), an almost-empty vulnerability DB (the figure is the image walk, not advisory matching).`, '');
  out.push(`Image: Debian ${SUITE} built by \`debootstrap --variant=minbase\` (layer 1) plus \`apt-get install --no-install-recommends ${EXTRA.join(' ')}\` in a chroot (layer 2), packed by umoci into an OCI layout: ${res.info.layers} layers, ${f1(res.marker.rootfsBytes / 2 ** 20)} MiB unpacked, ${f1(res.info.compressed / 2 ** 20)} MiB of gzip blobs.`, '');
  out.push('| tool | wall s | CPU s | peak RSS MB | exit | goal | |', '|---|---:|---:|---:|---:|---|---|');
  out.push(`| rampart ${res.rampartVersion} | ${f2(r.wall)} | ${f1(r.cpu)} | ${f1(r.rssMb)} | ${r.exit} | < ${GOALS.wallS} s, < ${GOALS.rssMb} MB | ${met(r.wall < GOALS.wallS && r.exit <= 1 && r.rssMb < GOALS.rssMb)} |`);
  if (res.syft) out.push(`| syft ${res.syftVersion} | ${f2(res.syft.wall)} | ${f1(res.syft.cpu)} | ${f1(res.syft.rssMb)} | ${res.syft.exit} | | |`);
  out.push('');
  if (res.syft) out.push(`Ratio: syft wall / rampart wall = **${f2(res.syft.wall / r.wall)}x**; peak RSS rampart/syft ${f2(r.rssMb / res.syft.rssMb)}x.`, '');
  if (res.findingsByRule) out.push(`Rampart findings on this image: ${fmtRules(res.findingsByRule)}; ${res.issueCount} warning(s) in the report.`, '');
  if (res.cmp) {
    const c = res.cmp;
    out.push(`OS packages (deb; name, version, arch): rampart ${res.rampartCount}, syft ${res.syftSet.size}; **${c.both} match**, ${c.onlyA.length} only in rampart, ${c.onlyB.length} only in syft.`, '');
    if (c.onlyA.length) out.push('Only in rampart:', '', ...c.onlyA.slice(0, 30).map((k) => `- \`${k}\``), '');
    if (c.onlyB.length) out.push('Only in syft:', '', ...c.onlyB.slice(0, 30).map((k) => `- \`${k}\``), '');
  }
  for (const n of res.notes) out.push(`Note: ${n}`, '');
  out.push('Commands:', '', `    ${res.rampartCmd}`);
  if (res.syftCmd) out.push(`    ${res.syftCmd}`);
  out.push('');
  return out.join('\n');
}

function writeResults(block) {
  const file = join(HERE, 'RESULTS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n\nNewest first.\n';
  // Replace an earlier Images section, then put the new one first.
  const sections = text.split(/\n(?=## )/);
  const kept = sections.filter((s, i) => i === 0 || !/^## [^\n]* — Images: /.test(s));
  const next = [kept[0], block.trimEnd() + '\n', ...kept.slice(1)].join('\n');
  writeFileSync(file, next.endsWith('\n') ? next : next + '\n');
  log(`wrote ${relative(ROOT, file)}`);
}

main().catch((e) => {
  log(e.stack ?? String(e));
  process.exitCode = 1;
});
