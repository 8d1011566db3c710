import type { Scanner, ScannerEntry } from '../core/scanner.js';

/** One registry entry; the module is imported on the first `load` and shared after that. */
function entry(id: string, importer: () => Promise<Scanner>): ScannerEntry {
  let loaded: Promise<Scanner> | undefined;
  return { id, load: () => (loaded ??= importer()) };
}

/**
 * Every scanner, in the order they run. Only ids are known up front: each scanner's module is
 * imported when a scan selects it, so `--scanners sast` never loads the IaC rules or the secret
 * detectors.
 */
export const SCANNER_ENTRIES: readonly ScannerEntry[] = [
  entry('secrets', async () => (await import('./secrets/index.js')).secretsScanner),
  entry('deps', async () => (await import('./deps/index.js')).depsScanner),
  entry('iac', async () => (await import('./iac/index.js')).iacScanner),
  entry('pipelines', async () => (await import('./pipelines/index.js')).pipelinesScanner),
  entry('sast', async () => (await import('./sast/index.js')).sastScanner),
];

export const SCANNER_IDS: readonly string[] = SCANNER_ENTRIES.map((e) => e.id);

export function scannerEntry(id: string): ScannerEntry | undefined {
  return SCANNER_ENTRIES.find((e) => e.id === id);
}

/** Loads the scanners with these ids (all of them, in run order, when ids is undefined), in parallel. */
export async function loadScanners(ids?: readonly string[]): Promise<Scanner[]> {
  const entries = ids === undefined ? SCANNER_ENTRIES : ids.map((id) => {
    const e = scannerEntry(id);
    if (!e) throw new Error(`unknown scanner "${id}"`);
    return e;
  });
  return Promise.all(entries.map((e) => e.load()));
}
