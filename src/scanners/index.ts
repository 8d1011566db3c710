import type { Scanner } from '../core/scanner.js';
import { secretsScanner } from './secrets/index.js';
import { depsScanner } from './deps/index.js';
import { iacScanner } from './iac/index.js';
import { pipelinesScanner } from './pipelines/index.js';
import { sastScanner } from './sast/index.js';

/** Every scanner, in the order they run. */
export const SCANNERS: Scanner[] = [secretsScanner, depsScanner, iacScanner, pipelinesScanner, sastScanner];

export function scannerById(id: string): Scanner | undefined {
  return SCANNERS.find((s) => s.id === id);
}
