import type { CloudRule } from '../cloud/types.js';
import { accountRules } from './account.js';
import { backupRules } from './backup.js';
import { cloudtrailRules } from './cloudtrail.js';
import { cloudwatchRules } from './cloudwatch.js';
import { configRules } from './config.js';
import { glacierRules } from './glacier.js';
import { guarddutyRules } from './guardduty.js';
import { iamAccessKeyRules } from './iam-access-key.js';
import { iamAttachmentRules } from './iam-attachment.js';
import { iamPasswordPolicyRules } from './iam-password-policy.js';
import { iamPolicyRules } from './iam-policy.js';
import { iamTrustRules } from './iam-trust.js';
import { kmsRules } from './kms.js';
import { logsRules } from './logs.js';
import { s3PublicAccessBlockRules } from './s3-public-access-block.js';
import { s3Rules } from './s3.js';
import { secretsManagerRules } from './secretsmanager.js';
import { snsRules } from './sns.js';
import { sqsRules } from './sqs.js';
import { ssmRules } from './ssm.js';

/** AWS rules: storage, identity, encryption keys, audit logging and messaging (one file per service beside this list). */
export const awsStorageIdentityRules: CloudRule[] = [
  ...s3Rules,
  ...s3PublicAccessBlockRules,
  ...accountRules,
  ...iamPolicyRules,
  ...iamTrustRules,
  ...iamAttachmentRules,
  ...iamPasswordPolicyRules,
  ...iamAccessKeyRules,
  ...kmsRules,
  ...cloudtrailRules,
  ...configRules,
  ...snsRules,
  ...sqsRules,
  ...secretsManagerRules,
  ...logsRules,
  ...ssmRules,
  ...guarddutyRules,
  ...backupRules,
  ...glacierRules,
  ...cloudwatchRules,
];
