import { awsRules } from '../aws/index.js';
import { azureRules } from '../azure/index.js';
import { gcpRules } from '../gcp/index.js';
import type { CloudRule } from './types.js';

/** Built-in rules over the provider-neutral model (Terraform, plans, CloudFormation). */
export const cloudRules: CloudRule[] = [...awsRules, ...azureRules, ...gcpRules];
