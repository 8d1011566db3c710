/**
 * A taint worker's answer and its decoding on the driver's thread. Apart from worker.ts so the
 * driver can read replies without importing the engine (parser, analysis, models, the warm-up
 * sample): on a cold scan with workers the main thread never analyses a file itself.
 */
import { exportsTextHash } from './cache.js';
import type { FileExports } from './summary.js';
import type { FileOutcome } from './worker.js';

/**
 * A worker's answer: the outcome as JSON text without `result.exports` (a string crosses threads far
 * cheaper than a structured clone of an object graph), the exports' own JSON text and hash.
 */
export interface WorkerReply {
  outcome: string;
  exports?: string;
  /** '' for exports that hash so (cache.ts hashesEmpty); absent when `exports` is to be hashed by the reader. */
  exportsHash?: string;
}

/** Reads a worker's reply; `result.exports` is parsed only if someone on this thread reads it. */
export function outcomeOf(reply: WorkerReply): FileOutcome {
  const o = JSON.parse(reply.outcome) as FileOutcome;
  if (o.ok) {
    const json = reply.exports ?? '{"functions":{}}';
    let parsed: FileExports | undefined;
    Object.defineProperty(o.result, 'exports', { enumerable: true, configurable: true, get: () => (parsed ??= JSON.parse(json) as FileExports) });
    o.exportsJson = json;
    // Absent: the worker left the hash to this thread (not to its own critical path).
    o.exportsHash = reply.exportsHash ?? exportsTextHash(json);
  }
  return o;
}
