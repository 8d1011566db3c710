import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { blocks, get, isAbsent, isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'] as const;
const LBS = ['aws_lb', 'aws_alb'] as const;

/** The load balancers a listener belongs to (empty when load_balancer_arn is not a reference we can follow). */
function parentLbs(r: Resource, graph: ResourceGraph): Resource[] {
  return graph.targets(r, 'load_balancer_arn', LBS);
}

const lbType = (lb: Resource): string | undefined => {
  const t = lb.attrs['load_balancer_type'];
  if (isAbsent(t)) return 'application';
  return str(t);
};

/**
 * TLS negotiation policies that still accept TLS 1.0 or 1.1. Modern ones all carry `TLS-1-2`,
 * `TLS13-1-2`, `TLS13-1-3` or `FS-1-2` in their names; anything else from the ELBSecurityPolicy
 * family (2016-08, 2015-05, TLS-1-0/1-1, FS-2018-06, FS-1-1, TLS13-1-0/1-1, the 2011 originals) is outdated.
 */
export function isOutdatedElbPolicy(name: string): boolean {
  if (!name.startsWith('ELBSecurityPolicy') && !name.startsWith('ELBSample')) return false;
  return !['TLS-1-2', 'TLS13-1-2', 'TLS13-1-3', 'FS-1-2'].some((m) => name.includes(m));
}

/** Classic ELB SSL negotiation attributes that enable pre-TLS 1.2 protocols. */
const OLD_PROTOCOL_ATTRS = new Set(['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1']);

/**
 * Cipher-name components (OpenSSL `DES-CBC3-SHA`, IANA `TLS_RSA_WITH_RC4_128_SHA` spellings) that
 * mark a broken or unauthenticated suite: RC4/ARCFOUR, RC2, single and triple DES, export-grade,
 * NULL encryption, MD5 MACs and anonymous key exchange.
 */
const WEAK_CIPHER_PARTS = new Set(['RC4', 'ARCFOUR', 'RC2', 'DES', 'DES40', '3DES', 'CBC3', 'EXP', 'EXPORT', 'EXPORT40', 'EXPORT1024', 'NULL', 'MD5', 'ADH', 'AECDH', 'ANON']);

/** True when a classic ELB SSL negotiation attribute names a weak cipher suite. */
export function isWeakCipherName(name: string): boolean {
  if (name.startsWith('Protocol-') || name === 'Reference-Security-Policy' || name === 'Server-Defined-Cipher-Order') return false;
  return name
    .toUpperCase()
    .split(/[-_]/)
    .some((part) => WEAK_CIPHER_PARTS.has(part));
}

export const elbRules: CloudRule[] = [
  {
    id: 'iac/aws/elb-http-listener',
    title: 'Load balancer serves plain HTTP',
    severity: 'medium',
    cwe: [319],
    description: 'An internet-facing listener accepts HTTP and forwards it instead of redirecting to HTTPS, so requests, cookies and credentials cross the network in cleartext.',
    remediation: 'Use `protocol = "HTTPS"` with a certificate, or make the HTTP listener\'s `default_action` a `redirect` with `protocol = "HTTPS"`.',
    references: [doc('lb_listener'), doc('elb')],
    provider: 'aws',
    types: [...LISTENERS, 'aws_elb'],
    check(r, report, { graph }) {
      if (r.type === 'aws_elb') {
        if (isTrue(r.attrs['internal']) || isUnknown(r.attrs['internal'])) return;
        for (const { block, path } of blocks(r.attrs, 'listener')) {
          if (str(block['lb_protocol'])?.toLowerCase() === 'http') report(`${path}.lb_protocol`, 'the classic load balancer listens on plain HTTP');
        }
        return;
      }
      const lbs = parentLbs(r, graph);
      // Internal load balancers and network/gateway ones are out of scope; unknown internal-ness counts as internal.
      if (lbs.some((lb) => !isFalse(lb.attrs['internal']) && !isAbsent(lb.attrs['internal']))) return;
      if (lbs.some((lb) => lbType(lb) !== 'application')) return;
      const protocol = r.attrs['protocol'];
      if (isUnknown(protocol)) return;
      if (isAbsent(protocol)) {
        // ALB listeners default to HTTP; a certificate means the author meant HTTPS (the provider would reject it).
        if (!isAbsent(r.attrs['certificate_arn']) || lbs.length === 0) return;
      } else if (str(protocol)?.toUpperCase() !== 'HTTP') return;
      const actions = r.attrs['default_action'];
      if (isUnknown(actions)) return;
      const acts = blocks(r.attrs, 'default_action');
      if (acts.length === 0) return;
      const safe = acts.some(({ block }) => {
        const type = str(block['type']);
        if (type === 'fixed-response') return true;
        if (type !== 'redirect') return isUnknown(block['type']);
        const proto = get(block, 'redirect.protocol');
        return isUnknown(proto) || str(proto)?.toUpperCase() === 'HTTPS';
      });
      if (safe) return;
      report(isAbsent(protocol) ? null : 'protocol', 'the listener serves HTTP without redirecting to HTTPS');
    },
  },
  {
    id: 'iac/aws/elb-outdated-tls-policy',
    title: 'Load balancer TLS policy allows TLS 1.0/1.1 or weak ciphers',
    severity: 'medium',
    cwe: [326, 327],
    description: 'The listener\'s security policy still negotiates TLS 1.0 or 1.1 (ELBSecurityPolicy-2016-08 and older), which are deprecated and allow downgrade attacks, or a classic load balancer\'s custom SSL negotiation policy enables a broken cipher suite (RC4, DES/3DES, export-grade, NULL, MD5, anonymous key exchange).',
    remediation: 'Set `ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"` (or another TLS 1.2+ policy); on a classic load balancer, reference such a policy with `Reference-Security-Policy` instead of enabling individual protocols and ciphers.',
    references: [doc('lb_listener#ssl_policy'), doc('load_balancer_policy'), 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html'],
    provider: 'aws',
    types: [...LISTENERS, 'aws_load_balancer_policy'],
    check(r, report) {
      if (r.type !== 'aws_load_balancer_policy') {
        const policy = str(r.attrs['ssl_policy']);
        if (policy !== undefined && isOutdatedElbPolicy(policy)) report('ssl_policy', `${policy} accepts TLS 1.0/1.1`);
        return;
      }
      // Classic load balancers: an SSLNegotiationPolicyType policy names a predefined policy or switches protocols on.
      for (const { block, path } of blocks(r.attrs, 'policy_attribute')) {
        const name = str(block['name']);
        const value = str(block['value']);
        if (name === undefined || value === undefined) continue;
        if (name === 'Reference-Security-Policy' && isOutdatedElbPolicy(value)) report(`${path}.value`, `${value} accepts TLS 1.0/1.1`);
        else if (OLD_PROTOCOL_ATTRS.has(name) && value.toLowerCase() === 'true') report(`${path}.value`, `${name.slice('Protocol-'.length)} is enabled`);
        else if (isWeakCipherName(name) && value.toLowerCase() === 'true') report(`${path}.value`, `the weak cipher ${name} is enabled`);
      }
    },
  },
  {
    id: 'iac/aws/alb-drop-invalid-headers-disabled',
    title: 'Application load balancer keeps invalid HTTP headers',
    severity: 'medium',
    cwe: [444],
    description: 'Unless `drop_invalid_header_fields` is true (default false), the ALB forwards malformed header fields, which enables request smuggling and header-injection against the targets.',
    remediation: 'Set `drop_invalid_header_fields = true` on the application load balancer.',
    references: [doc('lb#drop_invalid_header_fields')],
    provider: 'aws',
    types: LBS,
    check(r, report) {
      if (lbType(r) !== 'application') return;
      const v = r.attrs['drop_invalid_header_fields'];
      if (isFalse(v)) report('drop_invalid_header_fields', 'invalid header fields are forwarded to targets');
      else if (isAbsent(v)) report(null, 'drop_invalid_header_fields is not set (defaults to false)');
    },
  },
  {
    id: 'iac/aws/elb-access-logs-disabled',
    title: 'Load balancer access logs disabled',
    severity: 'low',
    cwe: [778],
    description: 'The load balancer declares access logging but leaves it off; without request logs there is no record of who called what during an incident.',
    remediation: 'Set `access_logs { enabled = true, bucket = ... }` (for aws_lb the block defaults to disabled even when a bucket is given).',
    references: [doc('lb#access_logs'), doc('elb#access_logs')],
    provider: 'aws',
    types: [...LBS, 'aws_elb'],
    check(r, report) {
      const b = blocks(r.attrs, 'access_logs')[0];
      if (!b) return;
      const enabled = b.block['enabled'];
      if (isFalse(enabled)) report(`${b.path}.enabled`, 'access logging is disabled');
      // aws_lb's access_logs.enabled defaults to false; aws_elb's to true.
      else if (isAbsent(enabled) && r.type !== 'aws_elb') report(b.path, 'access_logs does not set enabled = true (defaults to false)');
    },
  },
  {
    id: 'iac/aws/elb-desync-monitor-mode',
    title: 'Load balancer desync mitigation in monitor mode',
    severity: 'low',
    cwe: [444],
    description: 'In "monitor" mode the load balancer forwards requests it classifies as HTTP desync risks, leaving targets open to request smuggling.',
    remediation: 'Set `desync_mitigation_mode = "defensive"` (the default) or "strictest".',
    references: [doc('lb#desync_mitigation_mode')],
    provider: 'aws',
    types: [...LBS, 'aws_elb'],
    check(r, report) {
      if (str(r.attrs['desync_mitigation_mode']) === 'monitor') report('desync_mitigation_mode', 'desync mitigation only monitors');
    },
  },
];
