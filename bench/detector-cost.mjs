#!/usr/bin/env node
// Where does the secret engine spend its time? Runs the built engine (dist/) single-threaded over
// a corpus and times its stages and each detector: how often the keyword prefilter lets it run,
// how many bytes its regex scans, and its share of regex time. A diagnostic, not a benchmark.
//
//   npm run build && node bench/detector-cost.mjs [DIR=bench/.corpus/files-40mb-s1] [--top 25] [--max-mb 40]
//
// It reaches into SecretEngine's internals (candidates, lineWindows, runDetector, scanDecoded),
// so it follows the engine's shape at the time of writing; it fails loudly when that changes.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, 'max-mb': { type: 'string', default: '40' } },
});
const dir = resolve(positionals[0] ?? join(ROOT, 'bench/.corpus/files-40mb-s1'));
const maxBytes = Number(values['max-mb']) * 1024 * 1024;

const { SecretEngine } = await import(join(ROOT, 'dist/scanners/secrets/engine.js'));
const { ALL_DETECTORS } = await import(join(ROOT, 'dist/scanners/secrets/detectors/index.js'));
// Which detectors run on keyword lines only: newer engines scope every detector to its keyword
// lines unless it sets spansLines; older ones only those with lineScoped.
const engineSrc = readFileSync(join(ROOT, 'dist/scanners/secrets/engine.js'), 'utf8');
const lineScoped = engineSrc.includes('spansLines') ? (det) => !det.spansLines : (det) => !!det.lineScoped;
const t = () => process.hrtime.bigint();
const ms = (ns) => Number(ns) / 1e6;

let t0 = t();
const engine = new SecretEngine(ALL_DETECTORS);
const compileMs = ms(t() - t0);
for (const m of ['candidates', 'runDetector', 'scanDecoded']) {
  if (typeof engine[m] !== 'function') throw new Error(`SecretEngine.${m} is gone: update bench/detector-cost.mjs`);
}

function* walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) yield* walk(join(d, e.name));
    else if (e.isFile()) yield join(d, e.name);
  }
}

const per = ALL_DETECTORS.map((d) => ({ id: d.id, runs: 0, bytes: 0, ns: 0n, matches: 0 }));
const stage = { read: 0n, prefilter: 0n, regex: 0n, decoded: 0n, full: 0n };
let files = 0;
let bytes = 0;
for (const file of walk(dir)) {
  if (bytes >= maxBytes) break;
  let a = t();
  const buf = readFileSync(file);
  stage.read += t() - a;
  files++;
  bytes += buf.length;
  a = t();
  const { dets, positions } = engine.candidates(buf, 0, buf.length);
  stage.prefilter += t() - a;
  const out = [];
  for (const di of dets) {
    const det = engine.compiled[di].det;
    const windows = lineScoped(det) && positions ? engine.lineWindows(buf, di, positions, 0, buf.length) : [[0, buf.length]];
    const before = out.length;
    const b = t();
    for (const [ws, we] of windows) engine.runDetector(di, buf, ws, we, 'plain', out);
    const dt = t() - b;
    stage.regex += dt;
    const p = per[di];
    p.runs++;
    p.ns += dt;
    p.matches += out.length - before;
    for (const [ws, we] of windows) p.bytes += we - ws;
  }
  a = t();
  engine.scanDecoded(buf, out);
  stage.decoded += t() - a;
  // The public path end to end, for comparison with the sum of the stages.
  a = t();
  engine.scan(buf);
  stage.full += t() - a;
}

const MB = 1024 * 1024;
const total = stage.read + stage.prefilter + stage.regex + stage.decoded;
console.log(`${dir}: ${files} files, ${(bytes / MB).toFixed(1)} MB, ${ALL_DETECTORS.length} detectors (regex compile ${compileMs.toFixed(0)} ms per engine/thread)`);
console.log(`single thread, stages (ms, MB/s):`);
for (const [k, v] of Object.entries({ read: stage.read, 'keyword prefilter': stage.prefilter, 'detector regexes': stage.regex, 'decoded (base64/url)': stage.decoded })) {
  console.log(`  ${k.padEnd(22)} ${ms(v).toFixed(0).padStart(7)} ms  ${((100 * Number(v)) / Number(total)).toFixed(1).padStart(5)}%  ${(bytes / MB / (ms(v) / 1000)).toFixed(0).padStart(6)} MB/s`);
}
console.log(`  ${'sum'.padEnd(22)} ${ms(total).toFixed(0).padStart(7)} ms  -> ${(bytes / MB / (ms(total) / 1000)).toFixed(1)} MB/s per core (engine.scan() alone: ${(bytes / MB / (ms(stage.full) / 1000)).toFixed(1)} MB/s)`);
console.log(`\ndetectors by regex time (runs = files where the prefilter let it run, of ${files}):`);
const rows = per.filter((p) => p.runs > 0).sort((a, b) => (b.ns > a.ns ? 1 : -1));
console.log(`  ${'detector'.padEnd(52)} ${'runs'.padStart(6)} ${'MB scanned'.padStart(10)} ${'ms'.padStart(7)} ${'share'.padStart(6)} ${'MB/s'.padStart(6)} matches`);
for (const p of rows.slice(0, Number(values.top))) {
  const kw = ALL_DETECTORS.find((d) => d.id === p.id).keywords.slice(0, 4).join(',');
  console.log(`  ${(p.id + ' [' + kw + ']').slice(0, 52).padEnd(52)} ${String(p.runs).padStart(6)} ${(p.bytes / MB).toFixed(1).padStart(10)} ${ms(p.ns).toFixed(0).padStart(7)} ${((100 * Number(p.ns)) / Number(stage.regex)).toFixed(1).padStart(5)}% ${(p.bytes / MB / (ms(p.ns) / 1000 || 1e-9)).toFixed(0).padStart(6)} ${p.matches}`);
}
console.log(`  ... ${rows.length} detectors ran at least once; total regex bytes ${(rows.reduce((s, p) => s + p.bytes, 0) / MB).toFixed(0)} MB (${(rows.reduce((s, p) => s + p.bytes, 0) / bytes).toFixed(1)}x the corpus)`);
