import { str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isUnset, whereSet } from './kms-util.js';
import { policiesOf, reportPublicStatements } from './iam-policy-util.js';

/** SNS topics and subscriptions. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const snsTopicNotEncrypted: CloudRule = {
  id: 'iac/aws/sns-topic-not-encrypted',
  title: 'SNS topic is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'Without a KMS key SNS applies no server-side encryption to the messages it stores, and access to message contents cannot be governed by a key policy.',
  remediation: 'Set `kms_master_key_id` on the aws_sns_topic (a customer managed key, or `alias/aws/sns`).',
  references: [`${DOCS}sns_topic`, 'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html'],
  provider: 'aws',
  types: ['aws_sns_topic'],
  check(r, report) {
    if (isUnset(r.attrs['kms_master_key_id'])) report(whereSet(r, 'kms_master_key_id'), 'The topic has no kms_master_key_id');
  },
};

export const snsTopicPolicyPublic: CloudRule = {
  id: 'iac/aws/sns-topic-policy-public',
  title: 'SNS topic policy allows any principal',
  severity: 'high',
  cwe: [732],
  description: 'A topic policy statement allowing `Principal: "*"` with no condition such as aws:SourceOwner or aws:SourceAccount lets anyone publish to or subscribe to the topic.',
  remediation: 'Name the allowed principals, or add a condition (`aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalOrgID`) to the statement.',
  references: [`${DOCS}sns_topic_policy`, 'https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html'],
  provider: 'aws',
  types: ['aws_sns_topic_policy', 'aws_sns_topic', 'AWS::SNS::TopicInlinePolicy'],
  check(r, report) {
    reportPublicStatements(policiesOf(r, ['policy']), report, 'The topic policy');
  },
};

export const snsSubscriptionHttp: CloudRule = {
  id: 'iac/aws/sns-subscription-http',
  title: 'SNS subscription delivers over plain HTTP',
  severity: 'medium',
  cwe: [319],
  description: 'An http subscription sends every message unencrypted over the internet, where it can be read or altered in transit.',
  remediation: 'Use `protocol = "https"` with an https:// endpoint on the aws_sns_topic_subscription.',
  references: [`${DOCS}sns_topic_subscription`],
  provider: 'aws',
  types: ['aws_sns_topic_subscription'],
  check(r, report) {
    if (str(r.attrs['protocol'])?.trim().toLowerCase() === 'http') report('protocol', 'The subscription uses plain HTTP');
  },
};

export const snsRules: CloudRule[] = [snsTopicNotEncrypted, snsTopicPolicyPublic, snsSubscriptionHttp];
