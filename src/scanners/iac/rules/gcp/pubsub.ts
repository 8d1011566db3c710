import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, reportPublicGrants } from './util.js';

export const pubsubPublic: CloudRule = {
  id: `${GCP}pubsub-public`,
  title: 'Pub/Sub topic or subscription open to anyone',
  severity: 'high',
  cwe: [284],
  description: 'An IAM grant to allUsers or allAuthenticatedUsers on a topic or subscription lets anyone publish messages into it or read what flows through it.',
  remediation: 'Remove allUsers/allAuthenticatedUsers from the topic and subscription IAM; grant specific service accounts.',
  references: [docs('google_pubsub_topic_iam'), 'https://cloud.google.com/pubsub/docs/access-control'],
  provider: 'gcp',
  types: [...iamTypes('google_pubsub_topic'), ...iamTypes('google_pubsub_subscription')],
  check(r, report) {
    reportPublicGrants(r, report, r.type.includes('subscription') ? 'subscription' : 'topic');
  },
};

export const pubsubRules: CloudRule[] = [pubsubPublic];
