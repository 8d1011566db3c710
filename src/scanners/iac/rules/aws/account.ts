import type { CloudRule } from '../cloud/types.js';
import { checkFlag } from './s3-public-access-block.js';

/** Account-wide settings. */

const FLAGS: [string, string][] = [
  ['block_public_acls', 'new public ACLs are accepted in every bucket'],
  ['block_public_policy', 'public bucket policies can be attached in every bucket'],
  ['ignore_public_acls', 'existing public ACLs stay in effect in every bucket'],
  ['restrict_public_buckets', 'public bucket policies keep granting access'],
];

export const accountS3PublicAccessBlock: CloudRule = {
  id: 'iac/aws/account-s3-public-access-block-disabled',
  title: 'Account-level S3 public access block leaves a setting off',
  severity: 'medium',
  cwe: [732],
  description: 'The account-wide S3 Block Public Access guard has a setting off (the provider default for each is false), so buckets across the account can become public through ACLs or policies.',
  remediation: 'Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true on the aws_s3_account_public_access_block.',
  references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_account_public_access_block', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html'],
  provider: 'aws',
  types: ['aws_s3_account_public_access_block'],
  check(r, report) {
    for (const [flag, effect] of FLAGS) checkFlag(r, flag, report, effect);
  },
};

export const accountRules: CloudRule[] = [accountS3PublicAccessBlock];
