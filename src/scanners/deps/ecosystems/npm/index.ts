import type { Extractor } from '../../package.js';
import { extractor as bunLock } from './bun-lock.js';
import { extractor as packageLock } from './package-lock.js';
import { extractor as pnpmLock } from './pnpm-lock.js';
import { extractor as yarnLock } from './yarn-lock.js';

/** JavaScript lockfile extractors (ecosystem npm). */
export const npmExtractors: Extractor[] = [packageLock, yarnLock, pnpmLock, bunLock];

/** Marks direct/dev from package.json for lockfiles that do not record them (yarn.lock, package-lock v1). */
export { applyManifest } from './manifest.js';
export type { ManifestOptions } from './manifest.js';
