import type { CloudRule } from '../cloud/types.js';
import { apiKeyRules } from './apikeys.js';
import { bigqueryRules } from './bigquery.js';
import { diskRules } from './compute-disk.js';
import { firewallRules } from './compute-firewall.js';
import { instanceRules } from './compute-instance.js';
import { dataprocRules } from './dataproc.js';
import { dnsRules } from './dns.js';
import { functionRules } from './functions.js';
import { gkeRules } from './gke.js';
import { iamRules } from './iam.js';
import { kmsRules } from './kms.js';
import { networkRules } from './network.js';
import { pubsubRules } from './pubsub.js';
import { redisRules } from './redis.js';
import { runRules } from './run.js';
import { sqlRules } from './sql.js';
import { storageRules } from './storage.js';
import { vertexRules } from './vertex.js';

/** Every Google Cloud rule (google provider schema; one file per service beside this list). */
export const gcpRules: CloudRule[] = [
  ...firewallRules,
  ...instanceRules,
  ...diskRules,
  ...networkRules,
  ...storageRules,
  ...iamRules,
  ...sqlRules,
  ...gkeRules,
  ...bigqueryRules,
  ...kmsRules,
  ...dnsRules,
  ...functionRules,
  ...runRules,
  ...pubsubRules,
  ...dataprocRules,
  ...redisRules,
  ...vertexRules,
  ...apiKeyRules,
];
