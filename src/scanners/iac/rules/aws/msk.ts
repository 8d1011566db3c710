/** MSK (managed Kafka) provisioned clusters. */
import { get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagFalse, flagTrue, isOneOf } from './rds-util.js';

const CLUSTER = ['aws_msk_cluster'];
const TRANSIT = 'encryption_info.0.encryption_in_transit.0';

export const mskPlaintextClients = awsRule({
  id: 'msk-client-plaintext-allowed',
  title: 'MSK cluster accepts plaintext client connections',
  severity: 'medium',
  cwe: [319],
  description: 'With `client_broker` set to PLAINTEXT or TLS_PLAINTEXT, producers and consumers may send messages and SASL credentials unencrypted.',
  remediation: 'Set `encryption_in_transit { client_broker = "TLS" }` (the default).',
  types: CLUSTER,
  check(r, report) {
    const v = get(r.attrs, `${TRANSIT}.client_broker`);
    if (isOneOf(v, 'PLAINTEXT', 'TLS_PLAINTEXT')) report(`${TRANSIT}.client_broker`, `${r.address} allows ${String(v)} client connections`);
  },
});

export const mskInClusterPlaintext = awsRule({
  id: 'msk-in-cluster-encryption-disabled',
  title: 'MSK brokers replicate without encryption',
  severity: 'medium',
  cwe: [319],
  description: 'With `in_cluster = false`, replication traffic between brokers, which carries every message, is sent unencrypted.',
  remediation: 'Set `encryption_in_transit { in_cluster = true }` (the default; only settable at creation).',
  types: CLUSTER,
  check(r, report) {
    flagFalse(r, `${TRANSIT}.in_cluster`, report, `${r.address} does not encrypt traffic between brokers`);
  },
});

export const mskPublicAccess = awsRule({
  id: 'msk-public-access',
  title: 'MSK cluster is reachable from the internet',
  severity: 'high',
  cwe: [284],
  description: 'Public access (`SERVICE_PROVIDED_EIPS`) gives every broker a public IP address, exposing Kafka to the internet.',
  remediation: 'Set `connectivity_info { public_access { type = "DISABLED" } }` and connect through the VPC or PrivateLink.',
  types: CLUSTER,
  check(r, report) {
    const path = 'broker_node_group_info.0.connectivity_info.0.public_access.0.type';
    if (isOneOf(get(r.attrs, path), 'SERVICE_PROVIDED_EIPS')) report(path, `${r.address} gives its brokers public IP addresses`);
  },
});

export const mskUnauthenticated = awsRule({
  id: 'msk-unauthenticated-access',
  title: 'MSK cluster allows unauthenticated clients',
  severity: 'medium',
  cwe: [306],
  description: 'With unauthenticated access on, any client that reaches a broker can produce and consume on every topic, as no identity is available for ACLs.',
  remediation: 'Set `client_authentication { unauthenticated = false }` and use IAM, SASL/SCRAM or mutual TLS.',
  types: CLUSTER,
  check(r, report) {
    flagTrue(r, 'client_authentication.0.unauthenticated', report, `${r.address} accepts unauthenticated clients`);
  },
});

export const mskLoggingDisabled = awsRule({
  id: 'msk-broker-logging-disabled',
  title: 'MSK broker logs are not delivered',
  severity: 'low',
  cwe: [778],
  description: 'Without broker log delivery there is no record of authentication failures and broker errors to investigate misuse.',
  remediation: 'Add `logging_info { broker_logs { cloudwatch_logs { enabled = true, log_group = ... } } }` (or S3 / Firehose).',
  types: CLUSTER,
  check(r, report) {
    const v = r.attrs['logging_info'];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) report(null, `${r.address} delivers no broker logs`);
  },
});

export const mskRules: CloudRule[] = [mskPlaintextClients, mskInClusterPlaintext, mskPublicAccess, mskUnauthenticated, mskLoggingDisabled];
