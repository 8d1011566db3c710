import { parentPort, workerData } from 'node:worker_threads';
import { SecretEngine } from './engine.js';
import { scanFile, type FileScanResult } from './file-scan.js';
import { ALL_DETECTORS } from './detectors/index.js';

/** Worker thread: compiles the detectors once, then scans batches of files it is sent. */
export interface WorkerTask {
  files: { absPath: string; path: string }[];
}
export interface WorkerInit {
  enabled: string[];
}

const init = workerData as WorkerInit;
const enabled = new Set(init.enabled);
const engine = new SecretEngine(ALL_DETECTORS.filter((d) => enabled.has(d.id)));

parentPort!.on('message', (task: WorkerTask) => {
  try {
    const out: FileScanResult[] = [];
    for (const f of task.files) out.push(scanFile(engine, f.absPath, f.path));
    parentPort!.postMessage({ ok: true, result: out });
  } catch (e) {
    parentPort!.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
