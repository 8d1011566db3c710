#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `node --cpu-prof --cpu-prof-dir=DIR ...`; one per thread,
// worker threads included): self time by function and by source file, per profile and overall.
//
//   node bench/profile-summary.mjs DIR_OR_FILES... [--top N]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
const top = Number(values.top);
const files = positionals.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p]));
if (files.length === 0) {
  console.error('usage: node bench/profile-summary.mjs DIR_OR_FILES... [--top N]');
  process.exit(2);
}

const shortUrl = (u) => (u ? u.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules)\//, '$1/') : '');

function summarise(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fn = new Map();
  const src = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const name = cf.functionName || '(anonymous)';
    const key = `${name} ${shortUrl(cf.url)}${cf.url ? ':' + (cf.lineNumber + 1) : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const sk = cf.url ? shortUrl(cf.url) : name.startsWith('(') ? name : '(native/builtin)';
    src.set(sk, (src.get(sk) ?? 0) + us);
    total += us;
  }
  return { file, total, fn, src, wall: (p.endTime - p.startTime) / 1e3 };
}

function print(title, total, map) {
  console.log(title);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${(us / 1e3).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
}

const all = { fn: new Map(), src: new Map(), total: 0 };
for (const f of files) {
  const s = summarise(f);
  console.log(`\n== ${basename(f)}: profile ${s.wall.toFixed(0)} ms, sampled ${(s.total / 1e3).toFixed(0)} ms`);
  print(' by file:', s.total, s.src);
  print(' by function (self):', s.total, s.fn);
  for (const [k, v] of s.fn) all.fn.set(k, (all.fn.get(k) ?? 0) + v);
  for (const [k, v] of s.src) all.src.set(k, (all.src.get(k) ?? 0) + v);
  all.total += s.total;
}
if (files.length > 1) {
  console.log(`\n== all threads: sampled ${(all.total / 1e3).toFixed(0)} ms`);
  print(' by file:', all.total, all.src);
  print(' by function (self):', all.total, all.fn);
}
