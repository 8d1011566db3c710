import type { Detector } from '../detector.js';
import { detectors as github } from './github.js';

/** Every detector family; a family is one module in this folder. */
export const FAMILIES: Record<string, Detector[]> = {
  github,
};

export const ALL_DETECTORS: Detector[] = Object.values(FAMILIES).flat();
