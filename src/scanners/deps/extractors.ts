import type { Extractor } from './package.js';
import { npmExtractors } from './ecosystems/npm/index.js';
import { pypiExtractors } from './ecosystems/pypi/index.js';
import { goExtractors } from './ecosystems/go/index.js';
import { cargoExtractors } from './ecosystems/cargo/index.js';
import { rubygemsExtractors } from './ecosystems/rubygems/index.js';
import { composerExtractors } from './ecosystems/composer/index.js';
import { mavenExtractors } from './ecosystems/maven/index.js';
import { nugetExtractors } from './ecosystems/nuget/index.js';

/** Every lockfile and manifest format, by ecosystem. */
export const EXTRACTORS: Extractor[] = [
  ...npmExtractors,
  ...pypiExtractors,
  ...goExtractors,
  ...cargoExtractors,
  ...rubygemsExtractors,
  ...composerExtractors,
  ...mavenExtractors,
  ...nugetExtractors,
];

export function extractorFor(path: string): Extractor | undefined {
  return EXTRACTORS.find((e) => e.accepts(path));
}
