#!/usr/bin/env node
// Deterministic git repository for the history benchmark, built with `git fast-import`.
//
//   node bench/gen-history.mjs [--commits N=5000] [--added-mb MB=100] [--secrets N=150]
//                              [--seed S=1] [--out DIR] [--force]
//
// Writes DIR (default bench/.corpus/history-<N>c-<MB>mb-s<S>), a repository whose history has N
// commits on main and a few branches (merged and one left unmerged); files are created,
// edited, shrunk and deleted over time; planted secrets are added and some later deleted.
// DIR.manifest.json beside it lists every planted secret with the commit that added it and the
// exact number of bytes on added lines (`git log -p -U0 --all`), which is what MB/s is computed on.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Rng } from './lib/prng.mjs';
import { Vocab, KINDS, generateFile, fileName } from './lib/content.mjs';
import { SECRET_TYPES, makeSecret, renderSecret } from './lib/secrets.mjs';

export const HISTORY_VERSION = 2;
const HERE = dirname(fileURLToPath(import.meta.url));

export function defaultHistoryDir(commits, addedMB, seed) {
  return join(HERE, '.corpus', `history-${commits}c-${addedMB}mb-s${seed}`);
}

// Bundles and lockfiles are left out of the history: gitleaks skips lockfiles by path, and
// their churn would dominate the added bytes.
const HISTORY_KINDS = Object.keys(KINDS).filter((k) => k !== 'minjs' && k !== 'lock');
const AUTHORS = ['Ada Lovelace', 'Grace Hopper', 'Linus Ek', 'Mei Tanaka', 'Omar Haddad', 'Priya Raman', 'Sam Okafor', 'Ines Duarte', 'Tom Becker', 'Yuki Sato', 'Lena Novak', 'Diego Ruiz', 'Ana Costa', 'Kofi Mensah', 'Sara Lind', 'Ravi Iyer'];
const PREFIXES = ['feat', 'fix', 'chore', 'refactor', 'docs', 'test', 'perf', 'build', 'ci'];

const enc = (s) => Buffer.byteLength(s);
const data = (s) => `data ${enc(s)}\n${s}\n`;

/** Buffered writer to fast-import's stdin that respects backpressure. */
class Sink {
  constructor(stream) {
    this.stream = stream;
    this.parts = [];
    this.size = 0;
  }
  push(s) {
    this.parts.push(s);
    this.size += s.length;
  }
  async flush(force = false) {
    if (!force && this.size < 4 << 20) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise((r) => this.stream.once('drain', r));
  }
}

export async function generateHistory({ commits = 5000, addedMB = 100, secrets = 150, seed = 1, out, force = false, log = () => {} } = {}) {
  out = resolve(out ?? defaultHistoryDir(commits, addedMB, seed));
  const manifestPath = `${out}.manifest.json`;
  const partial = `${out}.partial`;
  if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(manifestPath) && !existsSync(partial) && !force) {
    throw new Error(`${out} exists and is not a generated repository; pass --force to replace it`);
  }
  rmSync(manifestPath, { force: true });
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(partial, 'generation in progress\n');
  const t0 = process.hrtime.bigint();

  const git = (args, opts = {}) => execFileSync('git', args, { cwd: out, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
  git(['init', '-q', '--initial-branch=main', '.']);
  const marksFile = join(out, '.git', 'bench-marks');
  const fi = spawn('git', ['fast-import', '--quiet', '--done', `--export-marks=${marksFile}`], { cwd: out, stdio: ['pipe', 'inherit', 'inherit'] });
  const fiDone = new Promise((res, rej) => {
    fi.on('error', rej);
    fi.on('exit', (code) => (code === 0 ? res() : rej(new Error(`git fast-import exited with ${code}`))));
  });
  const sink = new Sink(fi.stdin);

  const rng = new Rng(seed);
  const r = rng.fork('history');
  const v = new Vocab(rng.fork('vocab'));
  const kindPairs = HISTORY_KINDS.map((k) => [KINDS[k].weight, k]);
  /** path -> { kind, lines, bytes } */
  let files = new Map();
  // git's diff of an edit shows somewhat fewer added bytes than were inserted (a replaced line
  // that happens to match stays context); 1.13 calibrates so the measured total lands near addedMB.
  const target = addedMB * 1024 * 1024 * 1.13;
  const perCommit = target / commits;
  let added = 0;
  let emitted = 0;
  let mark = 0;
  let time = 1577836800; // 2020-01-01
  let mainMark = 0;
  const project = 'platform';

  // Secret plan: which commit (by global index) adds which secret; some are deleted later.
  const secretAt = new Map();
  const seen = new Set();
  const sr = rng.fork('secrets');
  const types = Object.entries(SECRET_TYPES).map(([k, t]) => [t.weight, k]);
  for (let i = 0; i < secrets; i++) {
    let at;
    do at = sr.range(1, commits - 2);
    while (secretAt.has(at));
    const type = sr.weighted(types);
    secretAt.set(at, { id: `H${String(i + 1).padStart(4, '0')}`, type, value: makeSecret(sr, type, seen), deleteAfter: sr.chance(0.4) ? sr.range(1, 300) : 0 });
  }
  const pendingDeletes = new Map(); // commit index -> [planted]
  const planted = [];

  // Branches: forks at fixed fractions of the history; one is never merged.
  const forks = new Map();
  [
    [0.16, 'feature/payments-v2', true],
    [0.34, 'feature/search-index', true],
    [0.52, 'experiment/legacy-auth', false],
    [0.7, 'fix/token-refresh', true],
    [0.86, 'feature/k8s-migration', true],
  ].forEach(([f, name, merge]) => forks.set(Math.floor(commits * f), { name, merge, len: Math.max(2, Math.round(commits * r.range(5, 14) / 1000)) }));

  const newPath = (kind) => {
    const d = KINDS[kind];
    for (;;) {
      const p = [project, r.pick(d.dirs), fileName(v, kind)].filter(Boolean).join('/');
      const q = files.has(p) ? [project, r.pick(d.dirs), v.snake().replace(/_/g, '-'), fileName(v, kind)].filter(Boolean).join('/') : p;
      if (!files.has(q)) return q;
    }
  };
  const snippet = (kind, bytes, path) => {
    const all = generateFile(v, kind, Math.max(200, bytes * 1.3), path);
    const want = Math.max(1, Math.round(all.length * (bytes / Math.max(1, bytes * 1.3))));
    const start = all.length > want ? r.int(all.length - want) : 0;
    return all.slice(start, start + want);
  };
  const sizeOf = (lines) => lines.reduce((n, l) => n + enc(l) + 1, 0);

  function insertLines(f, at, lines) {
    f.lines.splice(at, 0, ...lines);
    const b = sizeOf(lines);
    f.bytes += b;
    added += b;
  }
  function deleteLines(f, at, n) {
    const gone = f.lines.splice(at, n);
    f.bytes -= sizeOf(gone);
  }
  function createFile(kind, bytes, touched) {
    const path = newPath(kind);
    const lines = generateFile(v, kind, bytes, path);
    const f = { kind, lines: [], bytes: 0 };
    files.set(path, f);
    insertLines(f, 0, lines);
    touched.set(path, 'M');
    return path;
  }
  function editFile(path, bytes, touched) {
    const f = files.get(path);
    const n = f.lines.length;
    // Big files shrink as they grow: delete about as much as is added once over 40 KB.
    if (f.bytes > 40000 || r.chance(0.5)) {
      const del = Math.min(n - 1, Math.max(1, Math.round((f.bytes > 40000 ? bytes * 1.1 : bytes * 0.3) / Math.max(1, f.bytes / Math.max(1, n)))));
      if (del > 0 && n > 2) deleteLines(f, r.int(n - del), del);
    }
    insertLines(f, r.int(f.lines.length + 1), snippet(f.kind, bytes, path));
    touched.set(path, 'M');
  }
  const pickFile = () => {
    // Recently touched files are edited more often (a hot set), as in real projects.
    const keys = [...files.keys()];
    return keys[r.chance(0.5) ? keys.length - 1 - r.int(Math.min(keys.length, 40)) : r.int(keys.length)];
  };

  function emitCommit(ref, from, merge, touched, message) {
    mark++;
    const who = r.pick(AUTHORS);
    const email = who.toLowerCase().replace(/ /g, '.') + '@acmecorp.net';
    time += r.range(300, 6 * 3600);
    let s = `commit ${ref}\nmark :${mark}\nauthor ${who} <${email}> ${time} +0000\ncommitter ${who} <${email}> ${time} +0000\n${data(message)}`;
    if (from) s += `from :${from}\n`;
    if (merge) s += `merge :${merge}\n`;
    for (const [path, op] of touched) {
      if (op === 'D') s += `D ${path}\n`;
      else {
        const f = files.get(path);
        s += `M 100644 inline ${path}\n${data(f.lines.join('\n') + '\n')}`;
      }
    }
    sink.push(s + '\n');
    emitted++;
    return mark;
  }

  /** One ordinary commit: edits, new files, deletions, maybe a planted secret. */
  function workCommit(ref, from, branch, changed) {
    const touched = new Map();
    const index = emitted;
    const drift = Math.min(2, Math.max(0.5, (perCommit * (index + 1)) / Math.max(1, added)));
    const budget = perCommit * drift;
    const kind = r.weighted([[60, 'small'], [25, 'feature'], [10, 'refactor'], [1, 'import'], [4, 'delete']]);
    let msg;
    if (index === 0) {
      for (let i = 0; i < 150; i++) createFile(r.weighted(kindPairs), Math.round(r.logNormal(6000, 2)), touched);
      msg = 'Initial import';
    } else if (kind === 'small') {
      for (let i = r.range(1, 3); i > 0; i--) editFile(pickFile(), budget * 0.2 * r.float() + 40, touched);
    } else if (kind === 'feature') {
      for (let i = r.range(1, 3); i > 0; i--) createFile(r.weighted(kindPairs), Math.round(budget * 0.5 * r.float() + 500), touched);
      for (let i = r.range(1, 3); i > 0; i--) editFile(pickFile(), budget * 0.4 * r.float() + 100, touched);
    } else if (kind === 'refactor') {
      for (let i = r.range(2, 5); i > 0; i--) editFile(pickFile(), budget * 0.8 * r.float() + 200, touched);
    } else if (kind === 'import') {
      for (let i = r.range(5, 20); i > 0; i--) createFile(r.weighted(kindPairs), Math.round(budget * 2 * r.float() + 1000), touched);
    } else {
      if (files.size > 120) {
        for (let i = r.range(1, 2); i > 0; i--) {
          const p = pickFile();
          if (!touched.has(p)) {
            files.delete(p);
            touched.set(p, 'D');
          }
        }
      }
      editFile(pickFile(), 300, touched);
    }

    const plant = secretAt.get(index);
    if (plant) {
      let path = [...touched].find(([p, op]) => op === 'M' && KINDS[files.get(p).kind].lang)?.[0];
      if (!path) path = pickFile();
      const f = files.get(path);
      const lang = KINDS[f.kind].lang;
      const rs = renderSecret(r, lang, plant.type, plant.value);
      const at = r.int(f.lines.length + 1);
      insertLines(f, at, rs.lines);
      touched.set(path, 'M');
      const rec = {
        id: plant.id,
        type: plant.type,
        path,
        line: at + rs.at + 1,
        endLine: at + rs.at + rs.span,
        commitIndex: index,
        branch,
        gitleaksRule: SECRET_TYPES[plant.type].gitleaks,
        value: Array.isArray(plant.value) ? plant.value.join('\n') : plant.value,
        firstLine: rs.lines[0],
        span: rs.lines.length,
        deletedInCommitIndex: null,
      };
      planted.push(rec);
      if (plant.deleteAfter) {
        const when = index + plant.deleteAfter;
        if (!pendingDeletes.has(when)) pendingDeletes.set(when, []);
        pendingDeletes.get(when).push(rec);
      }
      msg = `${r.pick(['chore', 'fix', 'feat'])}: ${r.pick(['wire up', 'configure', 'hotfix for', 'temporary creds for'])} ${rec.type.replace(/-/g, ' ')}`;
    }
    for (const rec of pendingDeletes.get(index) ?? []) {
      const f = files.get(rec.path);
      const pos = f ? f.lines.indexOf(rec.firstLine) : -1;
      if (pos >= 0) {
        deleteLines(f, pos, rec.span);
        touched.set(rec.path, 'M');
        rec.deletedInCommitIndex = index;
        msg = `fix: remove ${rec.type.replace(/-/g, ' ')} from ${rec.path.split('/').pop()}`;
      }
    }
    pendingDeletes.delete(index);
    if (touched.size === 0) editFile(pickFile(), 200, touched);
    if (!msg) msg = `${r.pick(PREFIXES)}(${r.pick(['api', 'core', 'web', 'infra', 'auth', 'db', 'ci', 'docs'])}): ${v.msg()}`;
    if (changed) for (const [p, op] of touched) changed.set(p, op);
    const m = emitCommit(ref, from, null, touched, msg + '\n');
    for (const rec of planted) if (rec.commitIndex === index) rec.mark = m;
    return m;
  }

  while (emitted < commits) {
    const fork = forks.get(emitted);
    if (fork && emitted + 2 < commits) {
      const saved = new Map([...files].map(([p, f]) => [p, { ...f, lines: f.lines.slice() }]));
      const changed = new Map();
      let branchMark = 0;
      for (let j = 0; j < fork.len && emitted < commits - 1; j++) {
        branchMark = workCommit(`refs/heads/${fork.name}`, j === 0 ? mainMark : null, fork.name, changed);
      }
      if (fork.merge) {
        for (const [p] of changed) if (!files.has(p)) changed.set(p, 'D');
        mainMark = emitCommit('refs/heads/main', null, branchMark, changed, `Merge branch '${fork.name}'\n`);
      } else {
        files = saved;
      }
      await sink.flush();
      continue;
    }
    mainMark = workCommit('refs/heads/main', null, 'main', null);
    await sink.flush();
    if (emitted % 500 === 0) log(`  ${emitted}/${commits} commits, ~${(added / 1048576).toFixed(0)} MB added`);
  }
  sink.push('done\n');
  await sink.flush(true);
  fi.stdin.end();
  await fiDone;

  // Marks -> commit ids; reachability from main; working tree checked out like a clone.
  const marks = new Map(
    readFileSync(marksFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([m, sha]) => [Number(m.slice(1)), sha]),
  );
  git(['checkout', '-q', '-f', 'main']);
  const onMain = new Set(git(['rev-list', 'main'], { maxBuffer: 64 << 20 }).toString().trim().split('\n'));
  for (const rec of planted) {
    rec.commit = marks.get(rec.mark);
    rec.reachableFromMain = onMain.has(rec.commit);
    delete rec.mark;
    delete rec.firstLine;
    delete rec.span;
  }
  const counted = await countAddedBytes(out);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const doc = {
    generator: 'bench/gen-history.mjs',
    version: HISTORY_VERSION,
    params: { commits, addedMB, secrets, seed },
    dir: out,
    commits: Number(git(['rev-list', '--all', '--count']).toString().trim()),
    branches: git(['branch', '--format=%(refname:short)']).toString().trim().split('\n'),
    filesAtHead: Number(git(['ls-files']).toString().trim().split('\n').length),
    addedBytes: counted.bytes,
    addedLines: counted.lines,
    addedBytesNote: 'bytes of added lines in `git log -p -U0 --all` (merges show no diff), newline included',
    generatedSeconds: Math.round(secs * 10) / 10,
    secrets: planted,
  };
  writeFileSync(manifestPath, JSON.stringify(doc, null, 1) + '\n');
  rmSync(partial, { force: true });
  return doc;
}

/** Bytes and count of added lines across all commits reachable from any ref. */
export function countAddedBytes(repo) {
  return new Promise((res, rej) => {
    const p = spawn('git', ['log', '-p', '-U0', '--all', '--no-color', '--no-renames', '--no-ext-diff', '--format=%H'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    let lines = 0;
    let inHunk = false;
    const rl = createInterface({ input: p.stdout, crlfDelay: Infinity });
    rl.on('line', (l) => {
      if (l.startsWith('diff --git ')) inHunk = false;
      else if (l.startsWith('@@')) inHunk = true;
      else if (inHunk && l.charCodeAt(0) === 43 /* + */) {
        bytes += Buffer.byteLength(l); // '+' stands in for the newline
        lines++;
      }
    });
    let closed = false;
    let exitCode = null;
    const settle = () => {
      if (!closed || exitCode === null) return;
      if (exitCode === 0) res({ bytes, lines });
      else rej(new Error(`git log exited with ${exitCode}`));
    };
    rl.on('close', () => {
      closed = true;
      settle();
    });
    p.on('error', rej);
    p.on('exit', (code) => {
      exitCode = code ?? 1;
      settle();
    });
  });
}

export function readHistoryManifest(path) {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    return doc.version === HISTORY_VERSION ? doc : null;
  } catch {
    return null;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      commits: { type: 'string', default: '5000' },
      'added-mb': { type: 'string', default: '100' },
      secrets: { type: 'string', default: '150' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node bench/gen-history.mjs [--commits N=5000] [--added-mb MB=100] [--secrets N=150] [--seed S=1] [--out DIR] [--force]');
    process.exit(0);
  }
  const doc = await generateHistory({
    commits: Number(values.commits),
    addedMB: Number(values['added-mb']),
    secrets: Number(values.secrets),
    seed: Number(values.seed),
    out: values.out,
    force: values.force,
    log: (m) => console.error(m),
  });
  console.error(`wrote ${doc.commits} commits (${doc.branches.join(', ')}), ${(doc.addedBytes / 1048576).toFixed(1)} MB on ${doc.addedLines} added lines, ${doc.filesAtHead} files at HEAD, ${doc.secrets.length} planted secrets in ${doc.generatedSeconds}s`);
  console.error(`repository: ${doc.dir}\nmanifest: ${doc.dir}.manifest.json`);
}
