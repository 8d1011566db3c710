#!/usr/bin/env node
// The taint engine alone (taint/file.ts analyzeFile), single-threaded: the quick loop for engine
// CPU work. Files run dependencies first (imports resolved inside the tree, exports passed on as
// JSON as the workers do); the first pass fills the exports, then --passes more are timed in CPU
// seconds. Parsing and ApiNames (built by the AST rules' walk in a scan) happen outside the timed
// part, a batch of files at a time. Under a shared machine's load compare the min of several
// passes. A digest of every file's hits, truncations and exports is printed so two builds can be
// compared for identical results (--dist names another build's dist/).
//
//   npm run build && node bench/engine-profile.mjs [DIR] [--files N] [--passes 3] [--dist DIR]
//     [--dump FILE]   (per-file digests and hits, to diff two builds)
//
// DIR defaults to bench/.corpus/sast-gen (made by `node bench/sast.mjs`). Not part of `npm test`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// As bin/rampart.js does: a key named "__proto__" in exports JSON is an ordinary key.
delete Object.prototype.__proto__;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { files: { type: 'string', default: '0' }, passes: { type: 'string', default: '3' }, dist: { type: 'string' }, dump: { type: 'string' } },
});
const dir = resolve(positionals[0] ?? join(HERE, '.corpus', 'sast-gen'));
const dist = resolve(values.dist ?? join(ROOT, 'dist'));
const maxFiles = Number(values.files);
const passes = Math.max(1, Number(values.passes));

const load = (p) => import(pathToFileURL(join(dist, p)).href);
const { parseSource } = await load('scanners/sast/parse/index.js');
const { analyzeFile } = await load('scanners/sast/taint/file.js');
const { compileModels } = await load('scanners/sast/models/compile.js');
const { MODELS } = await load('scanners/sast/models/index.js');
const { ModuleResolver, extractImports } = await load('scanners/sast/ir/modules.js');
const { apiNamesOf } = await load('scanners/sast/ir/api-names.js');
const { DEFAULT_SOURCES } = await load('scanners/sast/options.js').catch(() => ({}));

const CODE = /\.(?:[cm]?[jt]sx?)$/;
function listFiles(d, out) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(d, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile() && CODE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

let paths = listFiles(dir, []).sort();
if (maxFiles > 0) paths = paths.slice(0, maxFiles);
// Sources stay in memory; each pass parses files a batch at a time just before analysing them, so
// the heap holds few ASTs and GC behaves about as in a scan. Only analyzeFile is timed (JSON
// encoding of exports included, as a worker does it per file).
const parsed = new Map();
let lines = 0;
for (const abs of paths) {
  const source = readFileSync(abs, 'utf8');
  const rel = relative(dir, abs);
  if (!parseSource(rel, source, {}).ok) continue;
  parsed.set(abs, { rel, source });
  lines += source.split('\n').length;
}

// Dependencies first (DFS post-order; a cycle just runs in discovery order).
const resolver = new ModuleResolver({ root: dir, files: parsed.keys() });
const deps = new Map();
for (const [abs, p] of parsed) {
  const m = new Map();
  for (const spec of extractImports(p.source)) {
    const t = resolver.resolve(abs, spec);
    if (t !== undefined && parsed.has(t)) m.set(spec, t);
  }
  deps.set(abs, m);
}
const order = [];
const seen = new Set();
for (const start of parsed.keys()) {
  const stack = [[start, false]];
  while (stack.length > 0) {
    const [f, done] = stack.pop();
    if (done) { order.push(f); continue; }
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push([f, true]);
    for (const t of deps.get(f).values()) if (!seen.has(t)) stack.push([t, false]);
  }
}

const models = compileModels(MODELS);
const labels = new Set(DEFAULT_SOURCES ?? ['http', 'browser']);
const exportsJson = new Map();

/** Files per batch: parsed together, then analysed under one CPU clock reading (reading it per file costs more than small files' analysis). */
const BATCH = 200;

let errors = 0;
/** --dump FILE: one line per file (path, digest, hits) to diff two builds file by file. */
const dump = [];

function runPass(digest) {
  errors = 0;
  const h = digest ? createHash('sha256') : undefined;
  let hits = 0;
  let cpu = 0;
  for (let b = 0; b < order.length; b += BATCH) {
    const batch = order.slice(b, b + BATCH).map((abs) => [abs, parseSource(parsed.get(abs).rel, parsed.get(abs).source, {}).file]);
    // In a scan the AST rules' walk builds the file's ApiNames (rules/ast-facts.ts), not the engine.
    for (const [, file] of batch) apiNamesOf(file.program);
    const t = process.cpuUsage();
    const results = [];
    for (const [abs, file] of batch) {
      const cache = new Map();
      const m = deps.get(abs);
      const ctx = {
        labels,
        importedExports: (spec) => {
          const t = m.get(spec);
          if (t === undefined) return undefined;
          let e = cache.get(t);
          if (e === undefined) {
            const json = exportsJson.get(t);
            if (json === undefined) return undefined;
            cache.set(t, (e = JSON.parse(json)));
          }
          return e;
        },
      };
      let r;
      try {
        r = analyzeFile(file, models, ctx);
      } catch (e) {
        // A worker reports this as an issue and goes on; so does this loop (it counts them).
        r = { exports: { functions: {} }, hits: [], customHits: [], truncated: [{ line: 0, reason: `error: ${e?.message ?? e}` }] };
        errors++;
      }
      // Exports go on as JSON, as from a worker (later files of the batch import them).
      exportsJson.set(abs, JSON.stringify(r.exports));
      results.push([abs, r]);
    }
    cpu += cpuSeconds(t);
    for (const [abs, r] of results) {
      hits += r.hits.length;
      if (!h) continue;
      const text = exportsJson.get(abs) + JSON.stringify(r.hits) + JSON.stringify(r.customHits) + JSON.stringify(r.truncated);
      h.update(relative(dir, abs)).update(text);
      if (values.dump) dump.push(`${relative(dir, abs)} ${createHash('sha256').update(text).digest('hex').slice(0, 12)} ${JSON.stringify(r.hits)}`);
    }
  }
  return { hits, cpu, digest: h?.digest('hex').slice(0, 16) };
}

function cpuSeconds(start) {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

// Pass 0 fills the exports in dependency order; the timed passes then see every import's exports.
runPass(false);
const times = [];
let last;
for (let i = 0; i < passes; i++) {
  last = runPass(i === passes - 1);
  times.push(last.cpu);
}
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
console.log(`${parsed.size} files, ${lines} lines (parsing not counted)`);
console.log(`engine: ${times.map((t) => t.toFixed(2)).join(" ")} CPU-s per pass (sorted); min ${times[0].toFixed(2)} = ${Math.round(lines / times[0]).toLocaleString("en-US")} lines/CPU-s, median ${med.toFixed(2)}`);
if (values.dump) writeFileSync(values.dump, dump.join('\n') + '\n');
console.log(`hits ${last.hits}, engine errors ${errors}, digest ${last.digest} (same digest = same hits, paths, truncations and exports)`);
