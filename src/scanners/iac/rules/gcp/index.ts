import type { CloudRule } from '../cloud/types.js';

/** Every Google Cloud rule (google provider schema; one file per service beside this list). */
export const gcpRules: CloudRule[] = [];
