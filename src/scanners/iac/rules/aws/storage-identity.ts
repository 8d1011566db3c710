import type { CloudRule } from '../cloud/types.js';

/** AWS rules: storage-identity (one file per service beside this list). */
export const awsStorageIdentityRules: CloudRule[] = [];
