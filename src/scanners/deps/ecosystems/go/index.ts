import type { Extractor } from '../../package.js';
import { extractor as goMod } from './go-mod.js';
import { extractor as goSum } from './go-sum.js';

/**
 * Go text extractors. Binaries take bytes, not text, so they are not an `Extractor`: use
 * `isGoBinaryCandidate` and `extractGoBinary` from binary.ts. Combine go.mod and go.sum of one
 * module with `combineGoModSum` (go-sum.ts explains the rule).
 */
export const goExtractors: Extractor[] = [goMod, goSum];

export { extractGoMod, type GoModResult, type GoPackage } from './go-mod.js';
export { extractGoSum, combineGoModSum, goModIsComplete } from './go-sum.js';
export { extractGoBinary, isGoBinaryCandidate, type GoBinaryResult } from './binary.js';
