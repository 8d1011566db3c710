import type { CloudRule } from '../cloud/types.js';

/** AWS rules: data-containers (one file per service beside this list). */
export const awsDataContainersRules: CloudRule[] = [];
