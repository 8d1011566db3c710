import type { CloudRule } from '../cloud/types.js';
import { awsDataContainersRules } from './data-containers.js';
import { awsNetworkComputeRules } from './network-compute.js';
import { awsStorageIdentityRules } from './storage-identity.js';

/** Every AWS rule; they read the Terraform schema, so CloudFormation templates get them too. */
export const awsRules: CloudRule[] = [...awsStorageIdentityRules, ...awsNetworkComputeRules, ...awsDataContainersRules];
