import type { Extractor } from '../../package.js';
import { extractor as gradleLockfile } from './gradle-lockfile.js';
import { extractor as pom } from './pom.js';

export { gradleLockfile, pom };
/** Every Maven manifest and lockfile format Rampart reads. */
export const mavenExtractors: Extractor[] = [pom, gradleLockfile];
