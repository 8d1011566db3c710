import type { CloudRule } from '../cloud/types.js';
import { aksRules } from './aks.js';
import { apiManagementRules } from './api-management.js';
import { appServiceRules } from './app-service.js';
import { computeRules } from './compute.js';
import { containerRegistryRules } from './container-registry.js';
import { cosmosDbRules } from './cosmosdb.js';
import { dataAnalyticsRules } from './data-analytics.js';
import { iamRules } from './iam.js';
import { keyVaultRules } from './key-vault.js';
import { messagingRules } from './messaging.js';
import { monitorRules } from './monitor.js';
import { networkRules } from './network.js';
import { openSourceDatabaseRules } from './open-source-databases.js';
import { redisRules } from './redis.js';
import { securityCenterRules } from './security-center.js';
import { sqlRules } from './sql.js';
import { storageRules } from './storage.js';
import { webGatewayRules } from './web-gateways.js';

/** Every Azure rule (azurerm provider schema; one file per service beside this list). */
export const azureRules: CloudRule[] = [
  ...storageRules,
  ...networkRules,
  ...keyVaultRules,
  ...sqlRules,
  ...openSourceDatabaseRules,
  ...cosmosDbRules,
  ...aksRules,
  ...appServiceRules,
  ...containerRegistryRules,
  ...computeRules,
  ...monitorRules,
  ...securityCenterRules,
  ...redisRules,
  ...messagingRules,
  ...dataAnalyticsRules,
  ...webGatewayRules,
  ...iamRules,
  ...apiManagementRules,
];
