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

/**
 * Every Azure rule (azurerm provider schema; one file per service beside this list).
 *
 * They report known bad values. A missing attribute is reported only where the provider default
 * is insecure and the control is widely accepted: Key Vault purge protection, secret and key
 * expiry, the AKS API server and network policy, the Cosmos DB network filter, the SQL Entra
 * admin and App Service managed identity. Rules about a value equal to the default
 * (`public_network_access_enabled = true`) fire only when it is written, never on a plan's
 * filled-in defaults. Renamed attributes are read in their v2/v3/v4 spellings.
 */
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
