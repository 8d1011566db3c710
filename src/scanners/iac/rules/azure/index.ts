import type { CloudRule } from '../cloud/types.js';

/** Every Azure rule (azurerm provider schema; one file per service beside this list). */
export const azureRules: CloudRule[] = [];
