import RE2 from 're2';
import type { Finding } from '../../core/finding.js';
import { builtWorkerExists, WorkerPool } from '../../core/pool.js';
import type { ScanContext, Scanner, SourceFile } from '../../core/scanner.js';
import type { Detector } from './detector.js';
import { ALL_DETECTORS } from './detectors/index.js';
import { SecretEngine } from './engine.js';
import { scanBuffer, scanFile, type FileScanResult, type PositionedMatch } from './file-scan.js';
import type { SecretHit } from './hit.js';
import { secretsOptionsSchema, type SecretsOptions } from './options.js';
import { findingAt } from './to-finding.js';
import type { WorkerInit, WorkerTask } from './worker.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);
/** Files per message to a worker: enough to amortise messaging, small enough to balance load. */
const BATCH_FILES = 32;
const BATCH_BYTES = 4 * 1024 * 1024;

export function enabledDetectors(opts: Pick<SecretsOptions, 'disable'>): Detector[] {
  const off = opts.disable;
  return ALL_DETECTORS.filter(
    (d) => !off.some((p) => p === d.id || (p.endsWith('*') && d.id.startsWith(p.slice(0, -1)))),
  );
}

export const secretsScanner: Scanner = {
  id: 'secrets',
  rules: () => ALL_DETECTORS,
  accepts: (_f: SourceFile) => true,
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const opts = secretsOptionsSchema.parse(ctx.options);
    const detectors = enabledDetectors(opts);
    const byId = new Map(detectors.map((d) => [d.id, d]));
    const allow = opts.allow.map((p) => new RE2(p));
    const keep = (secret: string) => !allow.some((re) => re.test(secret));

    let hits: SecretHit[];
    if (opts.history) {
      hits = await historyHits(ctx, opts, detectors, byId);
    } else if (opts.staged) {
      hits = await stagedHits(ctx, detectors, byId);
    } else {
      hits = await fileHits(files, ctx, detectors, byId);
    }
    hits = hits.filter((h) => keep(h.match.secret));
    if (opts.verify.enabled && hits.length > 0) {
      const { verifyHits } = await import('./verify/index.js');
      await verifyHits(hits, { endpoints: opts.verify.endpoints, timeoutMs: opts.verify.timeoutMs });
    }
    for (const h of hits) yield h.finding;
  },
};

function toHits(r: FileScanResult, byId: Map<string, Detector>, showSecrets: boolean): SecretHit[] {
  const out: SecretHit[] = [];
  for (const m of r.matches) {
    const det = byId.get(m.detectorId);
    if (!det) continue;
    out.push({ detector: det, match: m, finding: findingAt(det, m, r.path, spanOf(m), showSecrets), context: m.context });
  }
  return out;
}

const spanOf = (m: PositionedMatch) => ({
  start: { line: m.startLine, column: m.startColumn },
  end: { line: m.endLine, column: m.endColumn },
});

function collect(r: FileScanResult, ctx: ScanContext, byId: Map<string, Detector>, into: SecretHit[]): void {
  if (r.error) {
    ctx.issue({ path: r.path, kind: 'unreadable', message: `cannot read file: ${r.error}`, scanner: 'secrets' });
    return;
  }
  if (r.binary) {
    ctx.fileRead(0, true, r.path);
    return;
  }
  ctx.fileRead(r.bytes, false, r.path);
  if (r.directives.length) ctx.directives(r.path, r.directives);
  for (const d of r.malformedDirectives) ctx.issue({ path: r.path, line: d.line, kind: 'other', message: d.message });
  into.push(...toHits(r, byId, ctx.showSecrets));
}

async function fileHits(
  files: SourceFile[],
  ctx: ScanContext,
  detectors: Detector[],
  byId: Map<string, Detector>,
): Promise<SecretHit[]> {
  const hits: SecretHit[] = [];
  const threads = Math.max(1, Math.min(ctx.threads, Math.ceil(files.length / BATCH_FILES)));
  if (threads <= 1 || !builtWorkerExists(WORKER_URL) || files.length < BATCH_FILES) {
    const engine = new SecretEngine(detectors);
    for (const f of files) collect(scanFile(engine, f.absPath, f.path), ctx, byId, hits);
    return hits;
  }
  const init: WorkerInit = { enabled: detectors.map((d) => d.id) };
  const pool = new WorkerPool<WorkerTask, FileScanResult[]>(WORKER_URL, threads, init);
  try {
    const batches: WorkerTask[] = [];
    let cur: WorkerTask = { files: [] };
    let curBytes = 0;
    for (const f of files) {
      cur.files.push({ absPath: f.absPath, path: f.path });
      curBytes += f.size;
      if (cur.files.length >= BATCH_FILES || curBytes >= BATCH_BYTES) {
        batches.push(cur);
        cur = { files: [] };
        curBytes = 0;
      }
    }
    if (cur.files.length) batches.push(cur);
    await Promise.all(
      batches.map(async (b) => {
        const results = await pool.run(b);
        for (const r of results) collect(r, ctx, byId, hits);
      }),
    );
  } finally {
    await pool.close();
  }
  // Workers finish in any order; keep output deterministic.
  hits.sort((a, b) =>
    a.finding.location.path < b.finding.location.path ? -1 : a.finding.location.path > b.finding.location.path ? 1 : a.match.start - b.match.start,
  );
  return hits;
}

async function historyHits(
  ctx: ScanContext,
  opts: SecretsOptions,
  detectors: Detector[],
  byId: Map<string, Detector>,
): Promise<SecretHit[]> {
  const { scanHistory } = await import('./git/history.js');
  const r = await scanHistory({
    root: ctx.root,
    engine: new SecretEngine(detectors),
    detectors: byId,
    since: opts.since,
    range: opts.range,
    showSecrets: ctx.showSecrets,
    issue: ctx.issue,
    threads: ctx.threads,
    onProgress: (done, _total, bytes) => ctx.historyProgress?.(0, done, bytes),
  });
  ctx.historyProgress?.(r.stats.commitsScanned, r.stats.blobsScanned, r.stats.bytesScanned);
  if (r.stats.blobsSkippedBinary > 0) {
    ctx.issue({ path: '.', kind: 'skipped-binary', message: `${r.stats.blobsSkippedBinary} binary blob(s) in history skipped` });
  }
  return r.hits;
}

/** What the next commit would add: index content, scanned in-process (a commit is small). */
async function stagedHits(ctx: ScanContext, detectors: Detector[], byId: Map<string, Detector>): Promise<SecretHit[]> {
  const { stagedFiles } = await import('./git/staged.js');
  const engine = new SecretEngine(detectors);
  const hits: SecretHit[] = [];
  for (const f of await stagedFiles(ctx.root)) {
    collect(scanBuffer(engine, f.content, f.path), ctx, byId, hits);
  }
  return hits;
}

export type { Detector };
