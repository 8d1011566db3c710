import type { Extractor } from '../../package.js';
import { extractor as requirements } from './requirements.js';
import { extractor as poetryLock } from './poetry-lock.js';
import { extractor as pipfileLock } from './pipfile-lock.js';
import { extractor as uvLock } from './uv-lock.js';
import { extractor as pdmLock } from './pdm-lock.js';
import { extractor as pylock } from './pylock.js';

/** Python lockfile and manifest extractors (dist-info METADATA is a helper: see dist-info.ts). */
export const pypiExtractors: Extractor[] = [requirements, poetryLock, pipfileLock, uvLock, pdmLock, pylock];

export { collectRequirements, type RequirementInclude, type RequirementsResult, type RequirementPackage } from './requirements.js';
export { readDistInfoMetadata, distInfoPackage, isDistInfoMetadataPath, type DistInfo } from './dist-info.js';
export { normalizeName } from './common.js';
