import type { Extractor } from '../../package.js';
import { extractor as gemfileLock } from './gemfile-lock.js';

export { gemfileLock };
/** Every RubyGems lockfile format Rampart reads. */
export const rubygemsExtractors: Extractor[] = [gemfileLock];
