/**
 * The project driver: reads and hashes every file, finds its imports with a lexer (no parse),
 * resolves them to project files, ranks files dependencies-first (Tarjan's strongly connected
 * components), and analyses each file with the exports of the files it imports, as soon as those
 * are done. Files in import cycles that saw exports which changed later are re-run, for at most
 * MAX_CYCLE_ROUNDS rounds. Unchanged files whose consumed exports are unchanged come from the
 * cache without parsing; files run in worker threads when the build has them and there is enough
 * to analyse.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { builtWorkerExists } from '../../../core/pool.js';
import { VERSION } from '../../../core/version.js';
import type { FolderProbe } from '../ir/folder-probe.js';
import { extractImports, ModuleResolver } from '../ir/modules.js';
import { componentCode } from '../vue/sfc.js';
import { ENGINE_VERSION, exportsHash, sha256, statPrint, TaintCache, type CacheEntry } from './cache.js';
import type { FileContext, FileExports, FileResult, PatternHooks } from './summary.js';
import type { TaintFileInput, TaintHit, TaintOptions } from './types.js';
import { preferCheapJit, TaintPool, type Slot } from './pool.js';
import type { EngineFactory, FileOutcome, PerFileSpec, WorkerInit, WorkerTask } from './worker.js';
import { outcomeOf } from './reply.js';

/**
 * The engine (parser, analysis, per-file rules) loads when a file has to be analysed on this
 * thread or a worker's reply decoded: a re-scan that reuses every file never loads it.
 */
let workerModule: Promise<typeof import('./worker.js')> | undefined;
const engineModule = () => (workerModule ??= import('./worker.js'));

/** An import cycle is re-analysed until its exports stop changing, at most this many rounds. */
export const MAX_CYCLE_ROUNDS = 3;
/** Below this much source to analyse, starting worker threads costs more than it saves. */
const WORKER_MIN_BYTES = 1 << 20;

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Counters a caller (tests, bench, progress) can read after the run. */
export interface ProjectStats {
  files: number;
  /** Files parsed and analysed (a file in a cycle counts once per round). */
  analysed: number;
  /** Files whose cached result was reused without parsing. */
  reused: number;
  /** Passes over the project: 1, plus one per round that re-ran files of import cycles. */
  cycleRounds: number;
  /** Worker threads used (0: everything ran on the calling thread). */
  workers: number;
}

export type ProjectOptions = TaintOptions & {
  hooks?: PatternHooks;
  /**
   * A stable identity of `hooks` (e.g. a hash of the user's pattern rules): hooks are functions,
   * so without it results produced with hooks are not cached.
   */
  hooksKey?: string;
  /** The scan root; derived from the files' absolute and relative paths when absent. */
  root?: string;
  /** Threads to use, the calling one included (default 1: the calling thread only; n > 1: n - 1 workers). */
  threads?: number;
  /** Filled with counters when given. */
  stats?: ProjectStats;
  /** The scan's shared stat answers (ir/folder-probe.ts), handed to the import resolver. */
  folderProbe?: FolderProbe;
  /**
   * Per-file work on the parsed AST (AST rules, search patterns), run where each file is parsed so
   * no file is parsed twice; results come back in ProjectResult.perFile and are cached with the file.
   */
  perFile?: PerFileSpec;
};

export interface ProjectResult {
  hits: TaintHit[];
  customHits: FileResult['customHits'];
  /** Relative path → the per-file function's result, for every file that parsed. */
  perFile: Map<string, unknown>;
}

export async function analyzeProject(files: TaintFileInput[], opts: ProjectOptions): Promise<ProjectResult> {
  return runProject(files, opts, undefined, true);
}

interface Node {
  idx: number;
  path: string;
  absPath: string;
  /** The file's bytes; absent when its stat print matched the cache (it is read only if re-analysed). */
  buf?: Buffer;
  source?: string;
  /** Stat print taken before reading, kept with the cache entry. */
  stat?: string;
  bytes: number;
  hash: string;
  cached?: CacheEntry;
  imports: string[];
  /** Specifier → index of the project file it resolves to. */
  deps: Map<string, number>;
  /** Relative specifier → relative path it resolved to ('' for none), kept in the cache. */
  links?: readonly (string | null)[];
  /** The links are the cached entry's, unchanged (`links` is then left unset: the entry has them). */
  linksFromEntry?: boolean;
  outcome?: FileOutcome;
  /** The per-file function's result, kept from the first round of a cycle. */
  extra?: unknown;
  /** The file's exports as importers see them now (lazy: cached exports are parsed on first use). */
  exportsOf: () => FileExports | undefined;
  /** The same exports as JSON text (what workers are sent and the cache stores), undefined when there are none. */
  exportsJson: () => string | undefined;
  exportsHash: string;
  /** Relative path → exports hash for every project file the analysis consumed. */
  consumed: ReadonlyMap<string, string>;
  /** The distinct project files it imports, itself excluded. */
  targets: number[];
  /** Position in dependencies-first order. */
  rank: number;
  /** Imports a file of equal or higher rank (an import cycle). */
  hasBackEdge: boolean;
  /** Its first run, started while the other files were still being read (it imports nothing). */
  early?: Promise<void>;
  /** The cache entry its outcome came from (so the cache need not be rewritten for it); unset once analysed. */
  reused?: CacheEntry;
}

/**
 * The driver with an explicit engine (tests pass a fake one; undefined: the built-in one). Worker
 * threads are used only with the built-in engine (`workersAllowed`), since a function cannot be
 * sent to a thread.
 */
export async function runProject(
  files: TaintFileInput[],
  opts: ProjectOptions,
  engineFactory: EngineFactory | undefined,
  workersAllowed = false,
): Promise<ProjectResult> {
  const version = cacheVersion(opts);
  const cache = opts.cacheDir && version ? TaintCache.load(opts.cacheDir, version) : TaintCache.disabled();
  // Closed however the scan ends: a process running many scans (the server, test workers) would
  // otherwise hold a descriptor on each loaded cache file until it is collected.
  try {
    return await scanProject(files, opts, engineFactory, workersAllowed, cache);
  } finally {
    cache.close();
  }
}

async function scanProject(
  files: TaintFileInput[],
  opts: ProjectOptions,
  engineFactory: EngineFactory | undefined,
  workersAllowed: boolean,
  cache: TaintCache,
): Promise<ProjectResult> {
  const stats: ProjectStats = opts.stats ?? { files: 0, analysed: 0, reused: 0, cycleRounds: 0, workers: 0 };
  Object.assign(stats, { files: 0, analysed: 0, reused: 0, cycleRounds: 0, workers: 0 });
  const root = opts.root ? resolvePath(opts.root) : deriveRoot(files);

  // Workers start as soon as there is enough uncached source to need them, so their start-up
  // (loading the engine) overlaps the rest of the read pass instead of following it.
  // This thread counts as one of `threads`: it reads, hashes and lexes every file, orders them and
  // decodes the replies, so one worker fewer is started. Each worker compiles the whole engine
  // anew (V8's JIT is per isolate: ~740 optimised compiles) and adds its start-up, warm-up and JSON
  // hand-offs. On the 502k-line bench (2 cores) 2 workers cost 16.5 CPU s (4.9 s each, 2.2 s here,
  // 4.5 s in V8's compile and GC threads); 1 worker 13.4 CPU s (8.2 s in it) for about the same
  // wall time, which the worker's 8.2 s bounds either way. Making this thread analyse files too
  // (while the worker's queue is full) cost 17.5 CPU s: its big heap makes every GC dearer.
  const early = workersAllowed && !opts.hooks && Math.max(1, opts.threads ?? 1) > 1 && builtWorkerExists(WORKER_URL)
    ? new EarlyPool(Math.max(1, opts.threads ?? 1) - 1, opts) : undefined;
  const nodes: Node[] = [];
  // Once the workers start (during the read), files that import nothing go to them at once: they
  // wait for no exports, so the workers need not idle until every file is read and linked.
  let resolveLater: Project['resolveIdx'] = () => undefined;
  let runnerEarly: Runner | undefined;
  const leaves: Node[] = [];
  const sendLeaves = () => {
    runnerEarly ??= workerRunner(early!, nodes, opts, stats, () => localRunner(nodes, opts, engineFactory, (n, spec) => resolveLater(n, spec)));
    for (const n of leaves.splice(0)) {
      n.consumed = new Map();
      n.early = runnerEarly.run(n, true).then((o) => {
        n.outcome = o;
        n.extra = o.extra;
        settle(n);
        stats.analysed++;
      });
      n.early.catch(() => undefined); // awaited by firstRun; a failed read pass never gets there
    }
  };
  try {
    await readAll(files, opts, cache, nodes, (n, uncached) => {
      if (n.cached) return false;
      // Enough to analyse that compiling the engine matters (before any worker compiles it).
      if (uncached >= WORKER_MIN_BYTES) preferCheapJit();
      if (!early) return false;
      if (uncached >= WORKER_MIN_BYTES) early.start();
      if (n.imports.length === 0) leaves.push(n);
      if (early.started && leaves.length > 0) sendLeaves();
      return early.started;
    });
  } catch (e) {
    await early?.close();
    throw e;
  }
  stats.files = nodes.length;
  const byAbs = new Map(nodes.map((n) => [n.absPath, n.idx]));
  const resolver = new ModuleResolver({ root, files: byAbs.keys(), ...(opts.folderProbe ? { probe: opts.folderProbe } : {}) });
  linkAll(nodes, root, resolver, byAbs, cache);

  // Rank files dependencies first (Tarjan order). An edge to a file of lower rank is waited for;
  // an edge to one of equal or higher rank is a back edge of an import cycle: the importer runs
  // with that file's previous exports (its cached ones, or none) and is re-run if they change.
  const order = stronglyConnected(nodes.length, (i) => nodes[i]!.targets).flat();
  order.forEach((i, r) => (nodes[i]!.rank = r));
  for (const n of nodes) {
    // `targets` are `deps` without the file itself; linkAll marks a file importing itself.
    for (const t of n.targets) if (nodes[t]!.rank >= n.rank) n.hasBackEdge = true;
    if (n.early) continue; // its own run sets its exports (it may have finished already)
    const cached = n.cached;
    n.exportsOf = () => cached?.result?.exports;
    n.exportsJson = () => (cached?.result ? cached.exportsText?.() : undefined);
    n.exportsHash = cached?.exportsHash ?? '';
  }
  const resolveIdx = (n: Node, spec: string) => {
    const target = resolver.resolve(n.absPath, spec);
    return target === undefined ? undefined : byAbs.get(target);
  };
  resolveLater = resolveIdx;
  const runner = runnerEarly ?? await makeRunner(nodes, opts, engineFactory, resolveIdx, stats, early);
  const p: Project = { nodes, runner, stats, resolveIdx };
  // With workers: enough files in flight that each has TASKS_PER_WORKER queued, and one spare.
  const parallel = stats.workers > 0 ? stats.workers * TASKS_PER_WORKER + 1 : 1;
  try {
    await inRankOrder(nodes, order, parallel, (n) => firstRun(n, p));
    // Later rounds re-run what saw stale exports; files outside cycles are re-checked in the same
    // pass after their dependencies, so only cycle members can be left stale by the round cap.
    let rounds = 1;
    while (rounds < MAX_CYCLE_ROUNDS && nodes.some((n) => n.hasBackEdge && isStale(n, nodes))) {
      rounds++;
      await inRankOrder(nodes, order, parallel, async (n) => {
        if (isStale(n, nodes)) await analyse(n, p);
      });
    }
    stats.cycleRounds = rounds;
  } finally {
    await runner.close();
  }

  const hits: TaintHit[] = [];
  const customHits: FileResult['customHits'] = [];
  const perFile = new Map<string, unknown>();
  for (const n of nodes) {
    const o = n.outcome;
    if (!o) continue;
    for (const i of o.issues) opts.issue(i);
    if (o.ok) {
      hits.push(...o.result.hits);
      customHits.push(...o.result.customHits);
    }
    if (n.extra !== undefined) perFile.set(n.path, n.extra);
    // Reused with the same stat print and links: the entry is the cached one as it was (its
    // consumed exports and links are then never decoded unless the base file is rewritten).
    const from = n.reused;
    if (from && n.consumed === CONSUMED_AS_CACHED && n.linksFromEntry && n.stat === from.stat) {
      cache.put(n.path, from, false);
      continue;
    }
    // Properties set one by one rather than spread in: this runs for every file of every scan.
    const entry: CacheEntry = { hash: n.hash, imports: n.imports, deps: consumedOf(n), exportsHash: n.exportsHash, issues: o.issues };
    if (n.stat !== undefined) entry.stat = n.stat;
    const links = n.linksFromEntry ? n.cached?.links : n.links;
    if (links !== undefined) entry.links = links;
    if (o.ok) {
      entry.result = o.result;
      if (o.exportsJson !== undefined) entry.exportsJson = o.exportsJson;
    }
    if (n.extra !== undefined) entry.extra = n.extra;
    cache.put(n.path, entry, !n.reused);
  }
  cache.save();
  return { hits, customHits, perFile };
}

/**
 * Resolves every file's imports to project files. A relative specifier's target depends only on
 * the importer's folder and on which files exist, so while the file list is the one the cache was
 * saved with, an unchanged file's relative links are taken from its entry instead of probed again
 * (bare specifiers also depend on tsconfig and package.json files and are always resolved).
 */
function linkAll(nodes: Node[], root: string, resolver: ModuleResolver, byAbs: Map<string, number>, cache: TaintCache): void {
  const digest = sha256(root + '\0' + nodes.map((n) => n.path).sort().join('\0'));
  const sameFiles = cache.filesDigest === digest;
  const byPath = byPathOf(nodes);
  cache.setFilesDigest(digest);
  for (const n of nodes) {
    const entry = sameFiles ? n.cached : undefined;
    // Built only once a link differs from the entry's (most files keep theirs: no list per file).
    let links: (string | null)[] | undefined = entry ? undefined : [];
    const targets: number[] = [];
    for (let k = 0; k < n.imports.length; k++) {
      const spec = n.imports[k]!;
      const relative = spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
      let t: number | undefined;
      const stored = entry ? linkOf(entry, k) : undefined;
      if (relative && typeof stored === 'string') {
        t = stored === '' ? undefined : byPath.get(stored);
      } else {
        const target = resolver.resolve(n.absPath, spec);
        t = target === undefined ? undefined : byAbs.get(target);
      }
      const link = relative ? (t === undefined ? '' : nodes[t]!.path) : null;
      if (!links && link !== stored) {
        links = [];
        for (let j = 0; j < k; j++) links.push(linkOf(entry!, j) ?? null);
      }
      links?.push(link);
      if (t === undefined) continue;
      n.deps.set(spec, t);
      if (t === n.idx) n.hasBackEdge = true; // imports itself
      else if (!targets.includes(t)) targets.push(t);
    }
    // Unchanged links stay the entry's, so saving keeps their encoding.
    if (links) n.links = links;
    else n.linksFromEntry = true;
    n.targets = targets;
  }
}

/** A cached entry's stored link for import k. */
function linkOf(entry: CacheEntry, k: number): string | null | undefined {
  return entry.linkAt ? entry.linkAt(k) : entry.links?.[k];
}


function deriveRoot(files: TaintFileInput[]): string {
  for (const f of files) {
    const abs = resolvePath(f.absPath);
    const rel = f.path.split('/').join(sep);
    if (abs.endsWith(sep + rel)) return abs.slice(0, abs.length - rel.length - 1) || sep;
  }
  return process.cwd();
}

/** Everything that changes the engine's output for the same file; undefined disables caching. */
function cacheVersion(opts: ProjectOptions): string | undefined {
  if (opts.hooks && opts.hooksKey === undefined) return undefined;
  const labels = [...opts.labels].sort().join(',');
  // The release version too: an upgrade may change the engine without anyone bumping ENGINE_VERSION.
  const parts = [ENGINE_VERSION, VERSION, sha256(JSON.stringify(opts.models)), labels, opts.hooksKey ?? '', !!opts.includeMinified, opts.perFile?.key ?? ''];
  return sha256(JSON.stringify(parts));
}

const NONE = (): undefined => undefined;
/** A node's consumed exports until it runs or is reused (never written to: both replace it). */
const NO_DEPS: ReadonlyMap<string, string> = new Map();
/** A reused node's consumed exports are its cached entry's `deps`, decoded only if read (consumedOf). */
const CONSUMED_AS_CACHED: ReadonlyMap<string, string> = new Map();

function consumedOf(n: Node): ReadonlyMap<string, string> {
  return n.consumed === CONSUMED_AS_CACHED ? n.reused!.deps : n.consumed;
}

/**
 * `p` as path.resolve gives it. The walker's paths are absolute and normalised already, and
 * resolving 7,000 of them cost 50 ms, so only paths that might change are resolved.
 */
function absolute(p: string): string {
  const plain = sep === '/' && p.startsWith('/') && !p.includes('//') && !p.includes('/./') && !p.includes('/../')
    && !p.endsWith('/.') && !p.endsWith('/..') && (p.length === 1 || !p.endsWith('/'));
  return plain ? p : resolvePath(p);
}

/** Files read between two turns of the event loop once workers run (their replies are handled there). */
const READ_SLICE = 64;

/**
 * Reads, hashes and lexes every file (into `nodes`; `onNode` sees each, and says whether workers
 * run). Synchronous reads: for thousands of small files they are several times faster than the
 * thread-pool round trips of fs/promises.
 */

async function readAll(
  files: TaintFileInput[], opts: ProjectOptions, cache: TaintCache, nodes: Node[],
  onNode: (n: Node, uncachedBytes: number) => boolean,
): Promise<void> {
  let uncached = 0;
  let yieldAt = -1;
  const now = Date.now();
  for (const f of files) {
    // An unchanged file (same stat print as when cached) is neither read nor hashed.
    let stat: string | undefined;
    try {
      stat = statPrint(f.stat ?? statSync(f.absPath), now);
    } catch {
      // Unreadable: the read below reports it.
    }
    const known = stat === undefined ? undefined : cache.lookupByStat(f.path, stat);
    if (known) {
      const size = Number(stat!.slice(0, stat!.indexOf(':')));
      opts.fileRead?.(f.path, size);
      nodes.push({
        idx: nodes.length, path: f.path, absPath: absolute(f.absPath), bytes: size, hash: known.hash, cached: known, stat,
        imports: known.imports, deps: new Map(), exportsOf: NONE, exportsJson: NONE, exportsHash: '', consumed: NO_DEPS, targets: [], rank: 0, hasBackEdge: false, linksFromEntry: false, reused: undefined,
      });
      continue;
    }
    let buf: Buffer;
    try {
      buf = readFileSync(f.absPath);
    } catch (e) {
      opts.issue({ path: f.path, kind: 'unreadable', message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, scanner: 'sast' });
      continue;
    }
    opts.fileRead?.(f.path, buf.length);
    const hash = sha256(buf);
    const cached = cache.lookup(f.path, hash);
    const node: Node = {
      idx: nodes.length, path: f.path, absPath: absolute(f.absPath), buf, bytes: buf.length, hash, cached, stat,
      imports: [], deps: new Map(), exportsOf: NONE, exportsJson: NONE, exportsHash: '', consumed: NO_DEPS, targets: [], rank: 0, hasBackEdge: false, linksFromEntry: false, reused: undefined,
    };
    // A .vue / .svelte file's imports are in its script blocks: the lexer reads only those (vue/sfc.ts).
    node.imports = cached ? cached.imports : extractImports(componentCode(node.path, sourceOf(node))?.code ?? sourceOf(node));
    if (!cached) uncached += buf.length;
    nodes.push(node);
    // With workers running, a worker's answer is only seen (and its next task sent) when the event
    // loop turns: let it turn now and then, or workers would idle until the whole read is done.
    if (onNode(node, uncached)) {
      if (yieldAt < 0) yieldAt = nodes.length + READ_SLICE;
      else if (nodes.length >= yieldAt) {
        yieldAt = nodes.length + READ_SLICE;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Running files.

interface Runner {
  run(n: Node, extra: boolean): Promise<FileOutcome>;
  /** `n` came from the cache: it will not ask for its dependencies' exports this round. */
  skip(n: Node): void;
  close(): Promise<void>;
}

interface Project {
  nodes: Node[];
  runner: Runner;
  stats: ProjectStats;
  resolveIdx(n: Node, spec: string): number | undefined;
}

/**
 * Tasks a worker holds at once: it never idles waiting on this thread, even through a pause here
 * (a major GC, a burst of replies); with 2 the workers of a cold 500k-line scan idled mid-run.
 */
const TASKS_PER_WORKER = 6;

/** The worker pool, created on the first `start` (workers are allowed and the build has them). */
class EarlyPool {
  private pool?: TaintPool;
  constructor(readonly threads: number, private readonly opts: ProjectOptions) {}
  get started(): boolean {
    return this.pool !== undefined;
  }
  start(): TaintPool {
    if (!this.pool) {
      const o = this.opts;
      const init: WorkerInit = {
        sastTaintWorker: true, models: o.models, labels: [...o.labels], includeMinified: !!o.includeMinified,
        ...(o.perFile ? { perFile: o.perFile } : {}),
      };
      this.pool = new TaintPool(WORKER_URL, this.threads, init, TASKS_PER_WORKER);
    }
    return this.pool;
  }
  async close(): Promise<void> {
    await this.pool?.close();
  }
}

async function makeRunner(
  nodes: Node[],
  opts: ProjectOptions,
  engineFactory: EngineFactory | undefined,
  resolveIdx: Project['resolveIdx'],
  stats: ProjectStats,
  early: EarlyPool | undefined,
): Promise<Runner> {
  const toAnalyse = nodes.reduce((s, n) => s + (n.cached ? 0 : n.bytes), 0);
  if (early && toAnalyse >= WORKER_MIN_BYTES) {
    return workerRunner(early, nodes, opts, stats, () => localRunner(nodes, opts, engineFactory, resolveIdx));
  }
  await early?.close();
  // Made on the first file to analyse: when every file comes from the cache, the engine never loads.
  let local: Promise<Runner> | undefined;
  return {
    run: (n, extra) => (local ??= localRunner(nodes, opts, engineFactory, resolveIdx)).then((r) => r.run(n, extra)),
    skip: () => undefined,
    close: async () => {
      await (await local)?.close();
    },
  };
}

/** Parse + analyse on this thread. */
async function localRunner(nodes: Node[], opts: ProjectOptions, engineFactory: EngineFactory | undefined, resolveIdx: Project['resolveIdx']): Promise<Runner> {
  const { analyzeOne, defaultEngineFactory, loadPerFile } = await engineModule();
  const engine = (engineFactory ?? defaultEngineFactory)(opts.models);
  const perFile = opts.perFile ? await loadPerFile(opts.perFile) : undefined;
  return {
    run: async (n, extra) => {
      const imported = importedFor(n, nodes);
      const ctx: FileContext = {
        labels: opts.labels,
        hooks: opts.hooks,
        importedExports: (spec) => {
          if (imported.has(spec)) return imported.get(spec);
          // A specifier the lexer missed (a computed-looking require it could not see): resolve now.
          const t = resolveIdx(n, spec);
          const dep = t === undefined ? undefined : nodes[t];
          if (dep && dep !== n) addConsumed(n, dep.path, dep.exportsHash);
          return dep?.exportsOf();
        },
      };
      return analyzeOne(engine, n.path, sourceOf(n), ctx, !!opts.includeMinified, extra ? perFile : undefined);
    },
    skip: () => undefined,
    close: async () => undefined,
  };
}

/**
 * Parse + analyse in worker threads. If a worker dies (out of memory, a crash in native code),
 * the files in flight and all later ones run on this thread instead, with one warning: a task
 * queued for a dead worker would otherwise never finish.
 */
function workerRunner(early: EarlyPool, nodes: Node[], opts: ProjectOptions, stats: ProjectStats, local: () => Promise<Runner>): Runner {
  const pool = early.start();
  stats.workers = early.threads;
  let fallback: Promise<Runner> | undefined;
  interface Flight { n: Node; extra: boolean; done: boolean; settle(o: Promise<FileOutcome>): void }
  const inFlight = new Set<Flight>();
  // Importers per file still to be sent (or skipped): at zero the workers forget its exports.
  // Counted on first need: files that import nothing run while the rest is still being read.
  let pending: Int32Array | undefined;
  const settled = (n: Node) => {
    if (n.targets.length === 0) return;
    if (!pending) {
      pending = new Int32Array(nodes.length);
      for (const m of nodes) for (const t of m.targets) pending[t]!++;
      // Files run before the links were known were kept by their worker: those nobody imports go.
      for (let i = 0; i < nodes.length; i++) if (pending[i] === 0) pool.forget(nodes[i]!.path);
    }
    for (const t of n.targets) if (--pending[t]! <= 0) pool.forget(nodes[t]!.path);
  };
  // Each task's mark in its worker's `known` until the reply says which exports version it made.
  let ownSeq = 0;
  const runLocally = (f: Flight) => {
    f.done = true;
    inFlight.delete(f);
    fallback ??= local();
    f.settle(fallback.then((r) => r.run(f.n, f.extra)));
  };
  return {
    run: (n, extra) => {
      if (fallback) return fallback.then((r) => r.run(n, extra));
      return new Promise<FileOutcome>((resolve, reject) => {
        const f: Flight = { n, extra, done: false, settle: (o) => o.then(resolve, reject) };
        inFlight.add(f);
        let ownSlot: Slot | undefined;
        const own = `\0own ${ownSeq++}`;
        pool.run((slot) => {
          const task = taskFor(n, nodes, slot, extra);
          // The worker keeps the exports it makes while a task still to be built imports them
          // (unknown before the links: kept, and forgotten once they show no importer).
          task.keep = !pending || pending[n.idx]! > 0;
          if (task.keep) {
            ownSlot = slot;
            slot.known.set(n.path, own);
            slot.drops.delete(n.path);
          } else if (slot.known.delete(n.path)) slot.drops.delete(n.path);
          // Files this task was the last importer of are forgotten after it (the pool adds them).
          settled(n);
          // The text went to the worker; a re-run (import cycle) decodes the bytes again.
          if (n.buf) n.source = undefined;
          return task;
        }).then((reply) => {
          const o = outcomeOf(reply);
          // Unless a later task sent it other exports of this file meanwhile, the worker holds the ones it made.
          if (ownSlot && ownSlot.known.get(n.path) === own) {
            if (o.ok && o.exportsJson !== undefined) ownSlot.known.set(n.path, o.exportsHash || o.exportsJson);
            else ownSlot.known.delete(n.path);
          }
          if (f.done) return;
          f.done = true;
          inFlight.delete(f);
          resolve(o);
        }, (e: unknown) => {
          if (!fallback) {
            opts.issue({ path: n.path, kind: 'other', message: `a taint worker thread failed (${e instanceof Error ? e.message : String(e)}); the rest of the scan runs on one thread`, scanner: 'sast' });
          }
          for (const other of [...inFlight]) if (!other.done) runLocally(other);
        });
      });
    },
    skip: settled,
    close: () => pool.close(),
  };
}

/**
 * The task for `n` on the worker `slot`: its dependencies by path, plus the exports of those the
 * worker does not hold in their current version. An exports version is known by its hash (empty
 * exports, whose hash is '', by their text).
 */
function taskFor(n: Node, nodes: Node[], slot: Slot, extra: boolean): WorkerTask {
  const deps: [string, string][] = [];
  const send: [string, string][] = [];
  for (const [spec, t] of n.deps) {
    const d = nodes[t]!;
    const json = d.exportsJson();
    if (json === undefined) continue;
    deps.push([spec, d.path]);
    const version = d.exportsHash || json;
    if (slot.known.get(d.path) !== version) {
      send.push([d.path, json]);
      slot.known.set(d.path, version);
      slot.drops.delete(d.path);
    }
  }
  return { path: n.path, source: sourceOf(n), deps, send, extra };
}

function importedFor(n: Node, nodes: Node[]): Map<string, FileExports> {
  const m = new Map<string, FileExports>();
  for (const [spec, t] of n.deps) {
    const e = nodes[t]!.exportsOf();
    if (e) m.set(spec, e);
  }
  return m;
}

/**
 * Relative path → current exports hash of each project file `n` imports (not itself), plus any
 * extra paths already in `also` (imports the engine found that the lexer did not).
 */
function consumedNow(n: Node, nodes: Node[], also?: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of n.targets) out.set(nodes[t]!.path, nodes[t]!.exportsHash);
  if (also) {
    for (const path of also.keys()) {
      if (out.has(path)) continue;
      const t = byPathOf(nodes).get(path);
      out.set(path, t === undefined ? '\0gone' : nodes[t]!.exportsHash);
    }
  }
  return out;
}

const pathIndex = new WeakMap<Node[], Map<string, number>>();
function byPathOf(nodes: Node[]): Map<string, number> {
  let m = pathIndex.get(nodes);
  if (!m) pathIndex.set(nodes, (m = new Map(nodes.map((n) => [n.path, n.idx]))));
  return m;
}

/**
 * `rec` (what the file consumed) names exactly the project files it imports now, each with its
 * current exports hash, plus engine-found imports that still hash the same. No allocation: this
 * runs for every file on every re-scan.
 */
function stillMatches(n: Node, nodes: Node[], rec: ReadonlyMap<string, string>): boolean {
  let seen = 0;
  for (const t of n.targets) {
    const d = nodes[t]!;
    if (rec.get(d.path) !== d.exportsHash) return false;
    seen++;
  }
  if (rec.size === seen) return true;
  const byPath = byPathOf(nodes);
  for (const [k, h] of rec) {
    const t = byPath.get(k);
    if (t === undefined) return false; // a file it consumed is gone
    if (!n.targets.includes(t) && h !== nodes[t]!.exportsHash) return false;
  }
  return true;
}

/** Per file list, a mark per file and the last mark used (entryMatches counts each file once). */
const markIndex = new WeakMap<Node[], { marks: Uint32Array; last: number }>();
function marksOf(nodes: Node[]): { marks: Uint32Array; last: number } {
  let m = markIndex.get(nodes);
  if (!m || m.last === 0xffffffff) markIndex.set(nodes, (m = { marks: new Uint32Array(nodes.length), last: 0 }));
  return m;
}

/**
 * stillMatches on a cached entry's consumed exports, read in place when the entry can (no map per
 * file on a re-scan). The same test: every recorded file exists and hashes as recorded, and every
 * file imported now is among them: the imported ones are counted, each once, since a damaged entry
 * can repeat a pair and a repeat must not stand in for an import it lacks.
 */
function entryMatches(n: Node, nodes: Node[], entry: CacheEntry): boolean {
  if (!entry.eachDep) return stillMatches(n, nodes, entry.deps);
  const byPath = byPathOf(nodes);
  const m = marksOf(nodes);
  const mark = ++m.last;
  let seen = 0;
  const ok = entry.eachDep((path, hash) => {
    const t = byPath.get(path);
    if (t === undefined || nodes[t]!.exportsHash !== hash) return false;
    if (m.marks[t] !== mark && n.targets.includes(t)) {
      m.marks[t] = mark;
      seen++;
    }
    return true;
  });
  return ok && seen === n.targets.length;
}

function reuse(n: Node, entry: CacheEntry, stats: ProjectStats): void {
  n.outcome = entry.result ? { ok: true, result: entry.result, issues: entry.issues } : { ok: false, issues: entry.issues };
  n.consumed = CONSUMED_AS_CACHED;
  n.extra = entry.extra;
  const result = entry.result;
  n.exportsOf = () => result?.exports;
  n.exportsJson = () => (result ? entry.exportsText?.() : undefined);
  n.exportsHash = entry.exportsHash;
  n.reused = entry;
  stats.reused++;
}

function settle(n: Node): void {
  const o = n.outcome;
  if (o?.ok && o.exportsJson !== undefined && o.exportsHash !== undefined) {
    // From a worker: text and hash came with the reply; the object is parsed only if read here.
    const r = o.result;
    const json = o.exportsJson;
    n.exportsOf = () => r.exports;
    n.exportsJson = () => json;
    n.exportsHash = o.exportsHash;
    return;
  }
  const e = o?.ok ? o.result.exports : undefined;
  // Encoded once: the hash and the workers' copies (and the cache) use the same text.
  const json = e === undefined ? undefined : JSON.stringify(e);
  n.exportsOf = () => e;
  n.exportsJson = () => json;
  n.exportsHash = exportsHash(e, json);
}

/** The file's text, decoded when first needed (files reused from the cache never are). */
function sourceOf(n: Node): string {
  if (n.source === undefined) {
    // A file trusted by its stat print is read only now, when a dependency's change re-runs it.
    let buf = n.buf;
    if (!buf) {
      try {
        buf = readFileSync(n.absPath);
      } catch {
        buf = Buffer.alloc(0); // gone since the scan started: analysed as empty
      }
    }
    n.source = buf.toString('utf8');
  }
  return n.source;
}

/** Records an input of a file being analysed (its consumed map is its own: made by consumedNow or for its early run). */
function addConsumed(n: Node, path: string, hash: string): void {
  if (n.consumed === NO_DEPS) n.consumed = new Map();
  (n.consumed as Map<string, string>).set(path, hash);
}

/** Specifiers the engine saw that the lexer did not: they count as consumed inputs too. */
function noteEngineImports(n: Node, p: Project): void {
  if (!n.outcome?.ok) return;
  for (const spec of n.outcome.result.imports) {
    if (n.deps.has(spec)) continue;
    const t = p.resolveIdx(n, spec);
    if (t !== undefined && t !== n.idx) addConsumed(n, p.nodes[t]!.path, p.nodes[t]!.exportsHash);
  }
}

async function analyse(n: Node, p: Project): Promise<void> {
  n.consumed = consumedNow(n, p.nodes);
  const first = n.outcome === undefined;
  // An unchanged file re-run because exports it imports changed keeps its cached per-file result:
  // that comes from its text alone (the per-file options are part of the cache's version).
  const kept = first ? n.cached?.extra : undefined;
  n.outcome = await p.runner.run(n, first && kept === undefined);
  if (first) n.extra = kept ?? n.outcome.extra;
  noteEngineImports(n, p);
  settle(n);
  n.reused = undefined;
  p.stats.analysed++;
}

/** Undefined when the file was reused from the cache (synchronously). */
function firstRun(n: Node, p: Project): Promise<void> | undefined {
  if (n.early) {
    return n.early.then(() => noteEngineImports(n, p));
  }
  const entry = n.cached;
  if (entry && entryMatches(n, p.nodes, entry)) {
    reuse(n, entry, p.stats);
    p.runner.skip(n);
    return undefined;
  }
  return analyse(n, p);
}

/** The file consumed exports that have changed since. */
function isStale(n: Node, nodes: Node[]): boolean {
  return n.consumed === CONSUMED_AS_CACHED ? !entryMatches(n, nodes, n.reused!) : !stillMatches(n, nodes, n.consumed);
}

// ---------------------------------------------------------------------------------------------
// Ordering.

/**
 * Tarjan's strongly connected components, iteratively (a long import chain must not overflow the
 * stack). With edges file → dependency, components come out dependencies first.
 */
export function stronglyConnected(count: number, edges: (i: number) => Iterable<number>): number[][] {
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  const work: { v: number; it: Iterator<number> }[] = [];
  for (let s = 0; s < count; s++) {
    if (index[s] !== -1) continue;
    index[s] = low[s] = counter++;
    stack.push(s);
    onStack[s] = 1;
    work.push({ v: s, it: edges(s)[Symbol.iterator]() });
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.it.next();
      if (!step.done) {
        const w = step.value;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push({ v: w, it: edges(w)[Symbol.iterator]() });
        } else if (onStack[w]) {
          low[top.v] = Math.min(low[top.v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      const v = top.v;
      if (work.length > 0) {
        const parent = work[work.length - 1]!.v;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        // Pop order puts later-discovered files (mostly the ones imported) first: fewer cycle rounds.
        out.push(comp);
      }
    }
  }
  return out;
}

/**
 * Runs `fn` on every file once all its lower-ranked dependencies are done, up to `parallel` at
 * once; back edges (cycles) are not waited for.
 */
async function inRankOrder(nodes: Node[], order: number[], parallel: number, fn: (n: Node) => Promise<void> | undefined): Promise<void> {
  const waiting = new Int32Array(nodes.length);
  const dependents: number[][] = nodes.map(() => []);
  for (const n of nodes) {
    // `targets` holds each imported file once (itself left out: its rank is not lower).
    let on = 0;
    for (const t of n.targets) {
      if (nodes[t]!.rank >= n.rank) continue;
      on++;
      dependents[t]!.push(n.idx);
    }
    waiting[n.idx] = on;
  }
  // Seeded in rank order, so with one lane files run exactly dependencies first.
  const ready = order.filter((i) => waiting[i] === 0);
  let head = 0;
  let active = 0;
  await new Promise<void>((resolveAll, rejectAll) => {
    let failed = false;
    const pump = () => {
      if (failed) return;
      while (active < parallel && head < ready.length) {
        const i = ready[head++]!;
        let running: Promise<void> | undefined;
        try {
          running = fn(nodes[i]!);
        } catch (e) {
          failed = true;
          rejectAll(e);
          return;
        }
        // Done at once (reused from the cache): no promise round trip for each of thousands of files.
        if (!running) {
          for (const d of dependents[i]!) if (--waiting[d]! === 0) ready.push(d);
          continue;
        }
        active++;
        running.then(() => {
          active--;
          for (const d of dependents[i]!) if (--waiting[d]! === 0) ready.push(d);
          pump();
        }, (e: unknown) => {
          failed = true;
          rejectAll(e);
        });
      }
      if (!failed && head >= ready.length && active === 0) resolveAll();
    };
    pump();
  });
}
