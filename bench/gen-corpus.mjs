#!/usr/bin/env node
// Deterministic mixed-source corpus for the secret-scanner benchmark.
//
//   node bench/gen-corpus.mjs [--size MB] [--secrets N] [--seed S] [--forms standard|holdout] [--out DIR] [--force]
//
// Writes DIR (default bench/.corpus/files-<size>mb-s<seed>) and DIR.manifest.json beside it:
// the planted secrets (type, path, line span, value) so the benchmark can score recall and
// precision. The manifest is written last and doubles as the "complete" marker.
import { mkdirSync, writeFileSync, rmSync, existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Rng } from './lib/prng.mjs';
import { Vocab, KINDS, generateFile, fileName } from './lib/content.mjs';
import { SECRET_TYPES, makeSecret, renderSecret, renderSecretHoldout } from './lib/secrets.mjs';

export const CORPUS_VERSION = 2;
const HERE = dirname(fileURLToPath(import.meta.url));

export function defaultCorpusDir(sizeMB, seed, forms = 'standard') {
  return join(HERE, '.corpus', `files-${sizeMB}mb-s${seed}${forms === 'standard' ? '' : '-' + forms}`);
}

const PROJECTS = ['billing-api', 'web-store', 'auth-service', 'data-pipeline', 'infra-live', 'mobile-backend', 'notifier', 'search', 'admin-portal', 'reporting', 'gateway', 'ml-features', 'inventory', 'payments', 'cms', 'scheduler'];

/** Plans the file list: [{ path, kind, target }], summing to about sizeMB. */
function plan(rng, sizeMB) {
  const total = sizeMB * 1024 * 1024;
  // KINDS weights are shares of bytes: pick a kind in proportion to weight / mean file size.
  const kinds = Object.entries(KINDS).map(([k, d]) => [d.weight / (d.median * Math.exp(Math.log(d.spread) ** 2 / 2)), k]);
  const files = [];
  const used = new Set();
  let bytes = 0;
  let p = 0;
  while (bytes < total) {
    const project = `${PROJECTS[p % PROJECTS.length]}${p >= PROJECTS.length ? '-' + Math.floor(p / PROJECTS.length) : ''}`;
    p++;
    const projectBytes = Math.min(total - bytes, Math.round(rng.logNormal(8e6, 1.6)));
    let pb = 0;
    const v = new Vocab(rng.fork(project));
    while (pb < projectBytes) {
      const kind = rng.weighted(kinds);
      const d = KINDS[kind];
      const target = Math.max(200, Math.min(Math.round(rng.logNormal(d.median, d.spread)), kind === 'minjs' ? 900_000 : 400_000));
      const dir = rng.pick(d.dirs);
      let name = fileName(v, kind);
      let path = [project, dir, name].filter(Boolean).join('/');
      // On a clash (fixed names such as Dockerfile, .env, package-lock.json) nest one level down,
      // as a monorepo would: services/<name>/Dockerfile.
      for (let n = 2; used.has(path); n++) path = [project, dir, `${v.snake().replace(/_/g, '-')}${n > 9 ? n : ''}`, name].filter(Boolean).join('/');
      used.add(path);
      files.push({ path, kind, target });
      pb += target;
    }
    bytes += pb;
  }
  return files;
}

export function generateCorpus({ sizeMB = 200, secrets = 200, seed = 1, forms = 'standard', out, force = false, log = () => {} } = {}) {
  if (forms !== 'standard' && forms !== 'holdout') throw new Error(`forms must be standard or holdout, not ${forms}`);
  const render = forms === 'holdout' ? renderSecretHoldout : renderSecret;
  out = resolve(out ?? defaultCorpusDir(sizeMB, seed, forms));
  const manifestPath = `${out}.manifest.json`;
  const partial = `${out}.partial`;
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(manifestPath) && !existsSync(partial) && !force) {
    throw new Error(`${out} exists and is not a generated corpus; pass --force to replace it`);
  }
  rmSync(manifestPath, { force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(partial, 'generation in progress\n');

  const t0 = process.hrtime.bigint();
  const rng = new Rng(seed);
  // Plan generously, then keep the prefix whose generated text (a dry run: each file's text
  // depends only on seed and path) reaches the requested size, so N MB means N MB.
  const planned = plan(rng.fork('plan'), Math.ceil(sizeMB * 1.1) + 1);
  const files = [];
  let want = sizeMB * 1024 * 1024;
  for (const f of planned) {
    if (want <= 0) break;
    const lines = generateFile(new Vocab(new Rng(`${seed}:${f.path}`)), f.kind, f.target, f.path);
    let b = 0;
    for (const l of lines) b += l.length + 1;
    files.push(f);
    want -= b;
  }

  // Choose the planted secrets: type, then a host file whose language can carry it.
  const prng = rng.fork('plant');
  const types = Object.entries(SECRET_TYPES).map(([k, t]) => [t.weight, k]);
  const eligible = files.filter((f) => KINDS[f.kind].lang !== null);
  const seen = new Set();
  const plantsByPath = new Map();
  for (let i = 0; i < secrets; i++) {
    const type = prng.weighted(types);
    const value = makeSecret(prng, type, seen);
    let host;
    if (type === 'private-key' && prng.chance(0.4)) {
      const proj = prng.pick(files).path.split('/')[0];
      host = { path: `${proj}/${prng.pick(['certs', 'deploy/keys', 'config/ssl', '.ssh'])}/${prng.pick(['server', 'signing', 'deploy', 'id_rsa', 'tls'])}-${i}${prng.pick(['.pem', '.key', ''])}`, kind: 'pem', target: 0 };
      files.push(host);
    } else {
      host = prng.pick(eligible);
      if (host.kind === 'minjs' && Array.isArray(value)) host = prng.pick(eligible.filter((f) => f.kind === 'js'));
    }
    if (!plantsByPath.has(host.path)) plantsByPath.set(host.path, []);
    plantsByPath.get(host.path).push({ id: `S${String(i + 1).padStart(4, '0')}`, type, value });
  }

  const manifest = [];
  let bytes = 0;
  let n = 0;
  for (const f of files) {
    const frng = new Rng(`${seed}:${f.path}`);
    const v = new Vocab(frng);
    let lines = f.kind === 'pem' ? [] : generateFile(v, f.kind, f.target, f.path);
    const plants = plantsByPath.get(f.path);
    if (plants) {
      const lang = f.kind === 'pem' ? 'pem' : KINDS[f.kind].lang;
      // Insertion points (before lines[pos]); a secret never lands inside another one.
      const at = plants.map(() => (lines.length === 0 ? 0 : frng.int(lines.length + 1))).sort((a, b) => a - b);
      const outLines = [];
      let src = 0;
      plants.forEach((pl, k) => {
        while (src < at[k]) outLines.push(lines[src++]);
        const r = render(frng, lang, pl.type, pl.value);
        const first = outLines.length + r.at + 1;
        outLines.push(...r.lines);
        manifest.push({
          id: pl.id,
          type: pl.type,
          path: f.path,
          line: first,
          endLine: first + r.span - 1,
          gitleaksRule: SECRET_TYPES[pl.type].gitleaks,
          value: Array.isArray(pl.value) ? pl.value.join('\n') : pl.value,
        });
      });
      while (src < lines.length) outLines.push(lines[src++]);
      lines = outLines;
    }
    const text = lines.join('\n') + '\n';
    const abs = join(out, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
    if (++n % 2000 === 0) log(`  ${n}/${files.length} files, ${(bytes / 1048576).toFixed(0)} MB`);
  }
  manifest.sort((a, b) => (a.id < b.id ? -1 : 1));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const doc = {
    generator: 'bench/gen-corpus.mjs',
    version: CORPUS_VERSION,
    params: { sizeMB, secrets, seed, forms },
    dir: out,
    files: files.length,
    bytes,
    generatedSeconds: Math.round(secs * 10) / 10,
    secrets: manifest,
  };
  writeFileSync(manifestPath, JSON.stringify(doc, null, 1) + '\n');
  rmSync(partial, { force: true });
  return doc;
}

/** The manifest of a complete corpus with these parameters, or null. */
export function readCorpusManifest(path) {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    return doc.version === CORPUS_VERSION ? doc : null;
  } catch {
    return null;
  }
}

function dirBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '200' },
      secrets: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      forms: { type: 'string', default: 'standard' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node bench/gen-corpus.mjs [--size MB=200] [--secrets N=200] [--seed S=1] [--forms standard|holdout] [--out DIR] [--force]');
    process.exit(0);
  }
  const sizeMB = Number(values.size);
  const doc = generateCorpus({
    sizeMB,
    secrets: Number(values.secrets),
    seed: Number(values.seed),
    forms: values.forms,
    out: values.out,
    force: values.force,
    log: (m) => console.error(m),
  });
  console.error(`wrote ${doc.files} files, ${(doc.bytes / 1048576).toFixed(1)} MB (on disk ${(dirBytes(doc.dir) / 1048576).toFixed(1)} MB), ${doc.secrets.length} planted secrets in ${doc.generatedSeconds}s`);
  console.error(`corpus: ${doc.dir}\nmanifest: ${doc.dir}.manifest.json`);
}
