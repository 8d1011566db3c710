import { parentPort, workerData } from 'node:worker_threads';
import { ALL_DETECTORS } from '../detectors/index.js';
import { SecretEngine, type RawMatch } from '../engine.js';

/** Worker thread for history scans: runs the engine over regions of blobs the main thread sends. */
export interface HistoryWorkerInit {
  /** Detector ids, all from ALL_DETECTORS. */
  enabled: string[];
}
export interface HistoryWorkerTask {
  regions: Uint8Array[];
}
/** Matches per region, offsets relative to the region. */
export type HistoryWorkerResult = RawMatch[][];

const init = workerData as HistoryWorkerInit;
const enabled = new Set(init.enabled);
const engine = new SecretEngine(ALL_DETECTORS.filter((d) => enabled.has(d.id)));

parentPort!.on('message', (task: HistoryWorkerTask) => {
  try {
    const result: HistoryWorkerResult = task.regions.map((r) => engine.scan(Buffer.from(r.buffer, r.byteOffset, r.byteLength)));
    parentPort!.postMessage({ ok: true, result });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
