import type { CloudRule } from '../cloud/types.js';

/** AWS rules: network-compute (one file per service beside this list). */
export const awsNetworkComputeRules: CloudRule[] = [];
