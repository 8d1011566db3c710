import type { Extractor } from '../../package.js';
import { extractor as packagesLock } from './packages-lock.js';

export { packagesLock };
/** Every NuGet lockfile format Rampart reads. */
export const nugetExtractors: Extractor[] = [packagesLock];
