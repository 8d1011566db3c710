import type { Extractor } from '../../package.js';
import { extractor as cargoLock } from './cargo-lock.js';

export { cargoLock };
/** Every crates.io lockfile format Rampart reads. */
export const cargoExtractors: Extractor[] = [cargoLock];
