/** OpenSearch Service and legacy Elasticsearch Service domains and their access policies. */
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { blocks, get, isFalse, isTrue } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { openStatement } from './opensearch-policy.js';
import { awsRule, field, flagExplicitFalse, flagFalse, flagTrue, isGiven, isOneOf, jsonDoc, requireTrue } from './rds-util.js';

const DOMAINS = ['aws_opensearch_domain', 'aws_elasticsearch_domain'];
const POLICIES = ['aws_opensearch_domain_policy', 'aws_elasticsearch_domain_policy'];

export const opensearchAtRestDisabled = awsRule({
  id: 'opensearch-encryption-at-rest-disabled',
  title: 'OpenSearch domain is not encrypted at rest',
  severity: 'medium',
  cwe: [311],
  description: 'Indices, logs, swap and automated snapshots stay unencrypted on the data nodes unless encryption at rest is enabled (the provider default is off).',
  remediation: 'Add `encrypt_at_rest { enabled = true }`.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    requireTrue(r, 'encrypt_at_rest.0.enabled', report, `${r.address} does not encrypt data at rest`);
  },
});

export const opensearchNodeToNodeDisabled = awsRule({
  id: 'opensearch-node-to-node-encryption-disabled',
  title: 'OpenSearch node-to-node encryption is off',
  severity: 'medium',
  cwe: [319],
  description: 'Without node-to-node encryption, shard data and search traffic between the nodes of the domain travel unencrypted inside the VPC.',
  remediation: 'Add `node_to_node_encryption { enabled = true }`.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    requireTrue(r, 'node_to_node_encryption.0.enabled', report, `${r.address} does not encrypt traffic between nodes`);
  },
});

export const opensearchHttpsNotEnforced = awsRule({
  id: 'opensearch-https-not-enforced',
  title: 'OpenSearch domain accepts plain HTTP',
  severity: 'medium',
  cwe: [319],
  description: 'With `enforce_https = false` the endpoint also answers plain HTTP, so requests, documents and credentials can cross the network unencrypted.',
  remediation: 'Set `domain_endpoint_options { enforce_https = true }`.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    flagFalse(r, 'domain_endpoint_options.0.enforce_https', report, `${r.address} does not enforce HTTPS`);
  },
});

export const opensearchOldTls = awsRule({
  id: 'opensearch-outdated-tls-policy',
  title: 'OpenSearch domain allows TLS 1.0 and 1.1',
  severity: 'medium',
  cwe: [327],
  description: 'The `Policy-Min-TLS-1-0-2019-07` security policy still negotiates TLS 1.0 and 1.1, which have known weaknesses and are deprecated.',
  remediation: 'Set `tls_security_policy = "Policy-Min-TLS-1-2-2019-07"` (or the PFS 2023 policy).',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    if (isOneOf(get(r.attrs, 'domain_endpoint_options.0.tls_security_policy'), 'Policy-Min-TLS-1-0-2019-07')) {
      report('domain_endpoint_options.0.tls_security_policy', `${r.address} allows TLS versions below 1.2`);
    }
  },
});

/** A domain outside any VPC and without fine-grained access control: its policy alone guards a public endpoint. */
function publicAndUnguarded(d: Resource): boolean {
  // Unknown VPC options might place the domain in a VPC.
  if (isUnknown(d.attrs['vpc_options']) || isGiven(get(d.attrs, 'vpc_options.0.subnet_ids'))) return false;
  const fgac = get(d.attrs, 'advanced_security_options.0.enabled');
  return fgac === undefined || fgac === null || isFalse(fgac);
}

export const opensearchOpenPolicy = awsRule({
  id: 'opensearch-public-access-policy',
  title: 'Public OpenSearch domain allows anyone',
  severity: 'critical',
  cwe: [284],
  description: 'The domain has a public endpoint (no VPC), no fine-grained access control, and an access policy allowing principal "*" with no IP condition: anyone on the internet can read and write its indices.',
  remediation: 'Place the domain in a VPC (`vpc_options`), enable fine-grained access control, or restrict the policy to IAM principals or an `aws:SourceIp` condition.',
  types: [...DOMAINS, ...POLICIES],
  doc: 'opensearch_domain_policy',
  check(r, report, { graph }) {
    let domain: Resource | undefined = r;
    if (POLICIES.includes(r.type)) domain = graph.targets(r, 'domain_name', DOMAINS)[0];
    // A policy whose domain is not in view could be guarded by a VPC: stay silent.
    if (!domain || !publicAndUnguarded(domain)) return;
    const i = openStatement(r.attrs['access_policies'])?.index;
    if (i !== undefined) report('access_policies', `${r.address}: statement ${i} allows every principal on a public endpoint with no condition that narrows it`);
  },
});

export const opensearchAuditLogsDisabled = awsRule({
  id: 'opensearch-audit-logs-disabled',
  title: 'OpenSearch audit logs are not published',
  severity: 'low',
  cwe: [778],
  description: 'Fine-grained access control is on but audit logs are not published, so access to indices and failed logins leave no trail.',
  remediation: 'Add `log_publishing_options { log_type = "AUDIT_LOGS", cloudwatch_log_group_arn = ... }`.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    // Audit logs require fine-grained access control; without it there is nothing to turn on.
    if (!isTrue(get(r.attrs, 'advanced_security_options.0.enabled'))) return;
    const opts = r.attrs['log_publishing_options'];
    if (opts !== undefined && opts !== null && !Array.isArray(opts)) return; // unknown (dynamic block)
    const all = blocks(r.attrs, 'log_publishing_options');
    // Any block we cannot read might be the audit one.
    if ((opts?.length ?? 0) !== all.length || all.some((b) => typeof b.block['log_type'] !== 'string')) return;
    const audit = all.find((b) => b.block['log_type'] === 'AUDIT_LOGS');
    if (!audit) report(null, `${r.address} does not publish audit logs`);
    else if (isFalse(audit.block['enabled'])) report(`${audit.path}.enabled`, `${r.address} turns audit log publishing off`);
  },
});

export const opensearchFgacDisabled = awsRule({
  id: 'opensearch-fine-grained-access-disabled',
  title: 'OpenSearch fine-grained access control is turned off',
  severity: 'low',
  cwe: [285],
  description: 'Without fine-grained access control every authorised principal gets the same access to all indices, documents and fields.',
  remediation: 'Set `advanced_security_options { enabled = true }` with a master user or IAM master role.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    flagExplicitFalse(r, 'advanced_security_options.0.enabled', report, `${r.address} turns fine-grained access control off`);
  },
});

export const opensearchAnonymousAuth = awsRule({
  id: 'opensearch-anonymous-auth-enabled',
  title: 'OpenSearch allows anonymous access',
  severity: 'high',
  cwe: [306],
  description: 'With anonymous authentication on, requests without credentials are served with the anonymous role, so anyone who reaches the endpoint can read what that role allows.',
  remediation: 'Set `advanced_security_options { anonymous_auth_enabled = false }`.',
  types: DOMAINS,
  doc: 'opensearch_domain',
  check(r, report) {
    flagTrue(r, 'advanced_security_options.0.anonymous_auth_enabled', report, `${r.address} serves unauthenticated requests`);
  },
});

export const opensearchServerlessPublic = awsRule({
  id: 'opensearch-serverless-public-network',
  title: 'OpenSearch Serverless collection is reachable from the internet',
  severity: 'medium',
  cwe: [284],
  description: 'A network policy rule with `AllowFromPublic: true` exposes the collection or dashboards endpoint to the internet; only the data access policy then protects it.',
  remediation: 'Set `"AllowFromPublic": false` and list `SourceVPCEs` (VPC endpoints) in the network policy.',
  types: ['aws_opensearchserverless_security_policy'],
  check(r, report) {
    if (!isOneOf(r.attrs['type'], 'network')) return;
    const doc = jsonDoc(r.attrs['policy']);
    const rules = Array.isArray(doc) ? doc : [doc];
    const i = rules.findIndex((x) => {
      const v = field(x, 'AllowFromPublic');
      return v === true || v === 'true';
    });
    if (i >= 0) report('policy', `${r.address}: network rule ${i} allows access from the public internet`);
  },
});

export const opensearchRules: CloudRule[] = [
  opensearchAnonymousAuth,
  opensearchServerlessPublic,
  opensearchAtRestDisabled,
  opensearchNodeToNodeDisabled,
  opensearchHttpsNotEnforced,
  opensearchOldTls,
  opensearchOpenPolicy,
  opensearchAuditLogsDisabled,
  opensearchFgacDisabled,
];
