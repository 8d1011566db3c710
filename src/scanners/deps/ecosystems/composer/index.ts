import type { Extractor } from '../../package.js';
import { applyManifest, extractor as composerLock } from './composer-lock.js';

export { applyManifest, composerLock };
/** Every Packagist lockfile format Rampart reads. */
export const extractors: Extractor[] = [composerLock];
