#!/usr/bin/env node
// Lockfile parse speed: generates a 10,000-package package-lock.json (v3) and a 5,000-package
// pnpm-lock.yaml (v9), realistic in shape (scoped names, nested duplicates, dev and optional
// flags, 0-6 dependencies each), and times the built extractors from dist/.
//
//   npm run build && node bench/deps-parse.mjs [--npm 10000] [--pnpm 5000] [--runs 5] [--seed 1] [--dist DIR] [--keep DIR]
//
// Prints the median wall time of --runs parses (after one warm-up) per file. Goal (issue 3):
// under 1 s each.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const NPM = opt('npm', 10000);
const PNPM = opt('pnpm', 5000);
const RUNS = opt('runs', 5);
let seed = opt('seed', 1) >>> 0;
const rand = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n) => Math.floor(rand() * n);

const distIdx = args.indexOf('--dist'); // another build output (default: dist/)
const dist = join(distIdx >= 0 ? args[distIdx + 1] : join(here, '..', 'dist'), 'scanners', 'deps', 'ecosystems', 'npm');
const { extractor: packageLock } = await import(join(dist, 'package-lock.js'));
const { extractor: pnpmLock } = await import(join(dist, 'pnpm-lock.js'));

function names(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(i % 7 === 0 ? `@scope${i % 13}/pkg-${i}` : `pkg-${i}`);
  return out;
}
const integrity = () => `sha512-${Buffer.from(Array.from({ length: 64 }, () => pick(256))).toString('base64')}`;

function genPackageLock(n) {
  const top = Math.floor(n * 0.85);
  const ns = names(top);
  const packages = {
    '': {
      name: 'bench-app',
      version: '1.0.0',
      dependencies: Object.fromEntries(ns.slice(0, 40).map((x) => [x, '^1.0.0'])),
      devDependencies: Object.fromEntries(ns.slice(40, 60).map((x) => [x, '^1.0.0'])),
    },
  };
  const deps = () => {
    const d = {};
    for (let k = pick(7); k > 0; k--) d[ns[pick(ns.length)]] = `^${pick(3)}.0.0`;
    return d;
  };
  ns.forEach((name, i) => {
    const e = { version: `${1 + pick(3)}.${pick(20)}.${pick(10)}`, resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-1.0.0.tgz`, integrity: integrity(), license: 'MIT' };
    const d = deps();
    if (Object.keys(d).length) e.dependencies = d;
    if (i >= 40 && i < 60) e.dev = true;
    if (i % 50 === 0) e.optional = true;
    packages[`node_modules/${name}`] = e;
  });
  for (let i = 0; i < n - top; i++) {
    const parent = ns[pick(ns.length)];
    const child = ns[pick(ns.length)];
    packages[`node_modules/${parent}/node_modules/${child}`] = { version: `0.${pick(9)}.${i % 10}`, integrity: integrity(), dependencies: deps() };
  }
  return JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2) + '\n';
}

function genPnpm(n) {
  const ns = names(n);
  const ver = ns.map(() => `${1 + pick(3)}.${pick(20)}.${pick(10)}`);
  const q = (s) => (s.startsWith('@') ? `'${s}'` : s);
  let s = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n    dependencies:\n";
  for (let i = 0; i < 40; i++) s += `      ${q(ns[i])}:\n        specifier: ^${ver[i]}\n        version: ${ver[i]}\n`;
  s += '    devDependencies:\n';
  for (let i = 40; i < 60; i++) s += `      ${q(ns[i])}:\n        specifier: ^${ver[i]}\n        version: ${ver[i]}\n`;
  s += '\npackages:\n\n';
  for (let i = 0; i < n; i++) {
    s += `  ${q(`${ns[i]}@${ver[i]}`)}:\n    resolution: {integrity: ${integrity()}}\n    engines: {node: '>=14'}\n\n`;
  }
  s += 'snapshots:\n\n';
  for (let i = 0; i < n; i++) {
    const d = [];
    for (let k = pick(7); k > 0; k--) {
      const j = pick(n);
      if (j !== i) d.push(j);
    }
    const peer = i % 97 === 0 ? `(${ns[1]}@${ver[1]})` : '';
    s += `  ${q(`${ns[i]}@${ver[i]}${peer}`)}:${d.length ? '' : ' {}'}\n`;
    if (d.length) {
      s += '    dependencies:\n';
      for (const j of new Set(d)) s += `      ${q(ns[j])}: ${ver[j]}\n`;
    }
    s += '\n';
  }
  return s;
}

function time(label, ex, path, content) {
  const r0 = ex.extract({ path, content }); // warm-up
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    ex.extract({ path, content });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(
    `${label.padEnd(20)} ${(content.length / 1e6).toFixed(1).padStart(5)} MB  ${String(r0.packages.length).padStart(6)} packages  ${String(r0.issues.length)} issues  median ${med.toFixed(0)} ms  (runs: ${times.map((x) => x.toFixed(0)).join(', ')})  goal < 1000 ms: ${med < 1000 ? 'met' : 'MISSED'}`,
  );
}

const lock = genPackageLock(NPM);
const pnpm = genPnpm(PNPM);
const keepIdx = args.indexOf('--keep'); // write the generated lockfiles to DIR
if (keepIdx >= 0) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const dir = args[keepIdx + 1];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package-lock.json'), lock);
  writeFileSync(join(dir, 'pnpm-lock.yaml'), pnpm);
}
console.log(`node ${process.version}, ${RUNS} runs after a warm-up`);
time(`package-lock ${NPM}`, packageLock, 'package-lock.json', lock);
time(`pnpm-lock v9 ${PNPM}`, pnpmLock, 'pnpm-lock.yaml', pnpm);
