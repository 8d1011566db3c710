import type { Extractor } from '../../package.js';
import { applyManifest, extractor as composerLock } from './composer-lock.js';

export { applyManifest, composerLock };
export type { ManifestOptions } from './composer-lock.js';
/** Every Packagist lockfile format Rampart reads. */
export const composerExtractors: Extractor[] = [composerLock];
