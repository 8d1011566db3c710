import type { Resource } from '../../model/resource.js';
import { isUnknown, type Value } from '../../model/value.js';
import { blocks, isAbsent, isOpenToWorld, isTrue, num, str, strings } from '../cloud/attr.js';
import { ADMIN_PORTS, DATABASE_PORTS } from '../cloud/ports.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

/** Firewall policy rules (hierarchical, global and regional network policies): `match` + `layer4_configs`. */
const POLICY_RULES = ['google_compute_firewall_policy_rule', 'google_compute_network_firewall_policy_rule', 'google_compute_region_network_firewall_policy_rule'];
const TYPES = ['google_compute_firewall', ...POLICY_RULES];
const REF = [docs('google_compute_firewall'), docs('google_compute_network_firewall_policy_rule'), 'https://cloud.google.com/firewall/docs/firewalls'];

/** Port span of one `ports` entry: `22`, `8000-8080`; undefined when unknown or malformed. */
function span(p: Value | undefined): [number, number] | undefined {
  const n = num(p);
  if (n !== undefined) return [n, n];
  const m = typeof p === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(p) : null;
  return m?.[1] && m[2] ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Protocols whose rules carry ports (the API takes names or IANA numbers). */
const PORTED = new Set(['tcp', 'udp', 'sctp', '6', '17', '132']);

interface OpenAllow {
  /** `all` (every protocol, or a ported protocol without ports / spanning every port), else the known spans. */
  all: boolean;
  protocol: string;
  spans: [number, number][];
}

/**
 * The `allow` blocks of an active ingress rule whose sources include the whole internet, with
 * the path to report at (source_ranges, or null for a rule without any source). Undefined for
 * egress, disabled, non-public or unknown rules: nothing reaches the instances from the
 * internet through them (or we cannot tell).
 */
function openIngress(r: Resource): { at: string | null; allows: OpenAllow[] } | undefined {
  if (POLICY_RULES.includes(r.type)) return openPolicyIngress(r);
  const a = r.attrs;
  const direction = a.direction;
  if (isUnknown(direction) || (!isAbsent(direction) && str(direction)?.toUpperCase() !== 'INGRESS')) return undefined;
  if (isUnknown(a.disabled) || isTrue(a.disabled)) return undefined;
  let at: string | null = 'source_ranges';
  if (!strings(a.source_ranges).some(isOpenToWorld)) {
    // An ingress rule with no source at all gets 0.0.0.0/0 from the API; report at the block.
    const noSource = ['source_ranges', 'source_tags', 'source_service_accounts'].every((k) => isAbsent(a[k]) || (Array.isArray(a[k]) && a[k].length === 0));
    if (!noSource) return undefined;
    at = null;
  }
  return { at, allows: allowsOf(blocks(a, 'allow').map((b) => ({ protocol: b.block.protocol, ports: b.block.ports }))) };
}

/** Protocol/ports pairs (`allow` blocks, or a policy rule's `layer4_configs`) as open allows. */
function allowsOf(specs: { protocol: Value | undefined; ports: Value | undefined }[]): OpenAllow[] {
  const allows: OpenAllow[] = [];
  for (const spec of specs) {
    const protocol = str(spec.protocol)?.trim().toLowerCase();
    if (protocol === undefined) continue;
    if (protocol === 'all') {
      allows.push({ all: true, protocol, spans: [] });
      continue;
    }
    if (!PORTED.has(protocol)) continue;
    const ports = spec.ports;
    if (isUnknown(ports)) continue;
    // No ports on tcp/udp/sctp means every port of that protocol.
    if (isAbsent(ports) || (Array.isArray(ports) && ports.length === 0)) {
      allows.push({ all: true, protocol, spans: [] });
      continue;
    }
    const spans = (Array.isArray(ports) ? ports : [ports]).map(span).filter((s): s is [number, number] => s !== undefined);
    const everything = spans.some(([lo, hi]) => lo <= 1 && hi >= 65535);
    allows.push({ all: everything, protocol, spans });
  }
  return allows;
}

/**
 * A firewall policy rule that allows ingress from the whole internet: `action = "allow"`,
 * `direction = "INGRESS"`, not disabled, with 0.0.0.0/0 or ::/0 in `match.src_ip_ranges`.
 * A rule matching on other sources only (secure tags, address groups, FQDNs, regions) is not open.
 */
function openPolicyIngress(r: Resource): { at: string | null; allows: OpenAllow[] } | undefined {
  const a = r.attrs;
  if (str(a.action)?.trim().toLowerCase() !== 'allow') return undefined;
  if (str(a.direction)?.trim().toUpperCase() !== 'INGRESS') return undefined;
  if (isUnknown(a.disabled) || isTrue(a.disabled)) return undefined;
  for (const m of blocks(a, 'match')) {
    if (!strings(m.block.src_ip_ranges).some(isOpenToWorld)) continue;
    const l4 = blocks(m.block, 'layer4_configs').map((b) => ({ protocol: b.block.ip_protocol, ports: b.block.ports }));
    return { at: `${m.path}.src_ip_ranges`, allows: allowsOf(l4) };
  }
  return undefined;
}

const isTcp = (p: string): boolean => p === 'tcp' || p === '6';
const isTcpOrUdp = (p: string): boolean => isTcp(p) || p === 'udp' || p === '17';

/**
 * A rule for one set of ports opened to the internet by explicit port lists (all-port rules are
 * the all-ports rule's); TCP only unless `proto` says otherwise.
 */
function tcpPortRule(id: string, title: string, severity: CloudRule['severity'], ports: Record<number, string>, why: string, proto: (p: string) => boolean = isTcp): CloudRule {
  return {
    id: `${GCP}${id}`,
    title,
    severity,
    cwe: [284],
    description: why,
    remediation: 'Restrict `source_ranges` to the addresses that need access (a bastion, a VPN range, or 35.235.240.0/20 for Identity-Aware Proxy TCP forwarding) instead of 0.0.0.0/0 or ::/0.',
    references: REF,
    provider: 'gcp',
    types: TYPES,
    check(r, report) {
      const open = openIngress(r);
      if (!open) return;
      const hit = new Set<string>();
      for (const a of open.allows) {
        if (a.all || !proto(a.protocol)) continue;
        for (const [p, name] of Object.entries(ports)) {
          if (a.spans.some(([lo, hi]) => lo <= Number(p) && Number(p) <= hi)) hit.add(`${name} (${p})`);
        }
      }
      if (hit.size > 0) report(open.at, `firewall allows ${[...hit].join(', ')} from the whole internet`);
    },
  };
}

export const firewallSsh = tcpPortRule(
  'compute-firewall-ssh-open',
  'Firewall allows SSH from the internet',
  'high',
  { 22: 'SSH' },
  'An ingress firewall rule opens TCP 22 to 0.0.0.0/0 or ::/0, exposing SSH on every targeted instance to internet-wide brute force and exploit scanning.',
);

export const firewallRdp = tcpPortRule(
  'compute-firewall-rdp-open',
  'Firewall allows RDP from the internet',
  'high',
  { 3389: 'RDP' },
  'An ingress firewall rule opens port 3389 (TCP, or UDP, which RDP 8 and later also listen on) to 0.0.0.0/0 or ::/0; internet-facing RDP is one of the most attacked services (credential stuffing, BlueKeep-class bugs, UDP reflection).',
  isTcpOrUdp,
);

export const firewallDatabase = tcpPortRule(
  'compute-firewall-database-open',
  'Firewall allows database ports from the internet',
  'high',
  DATABASE_PORTS,

  'An ingress firewall rule opens a database port to 0.0.0.0/0 or ::/0; databases reachable from the internet are routinely found and brute-forced or dumped.',
);

export const firewallAdminPorts = tcpPortRule(
  'compute-firewall-admin-port-open',
  'Firewall allows a plaintext or remote-administration service from the internet',
  'high',
  ADMIN_PORTS,

  'An ingress firewall rule opens a remote-administration or plaintext service port (Telnet, FTP, SMB, RPC, VNC, WinRM, Docker or kubelet API) to 0.0.0.0/0 or ::/0; these are prime targets for remote takeover.',
);

export const firewallAllPorts: CloudRule = {
  id: `${GCP}compute-firewall-all-ports-open`,
  title: 'Firewall allows all ports from the internet',
  severity: 'critical',
  cwe: [284],
  description: 'An ingress firewall rule allows every protocol, or every port of a protocol, from 0.0.0.0/0 or ::/0: every service listening on the targeted instances is exposed to the internet.',
  remediation: 'List only the needed `allow { protocol, ports }` and restrict `source_ranges` to known addresses.',
  references: REF,
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    const open = openIngress(r);
    if (!open) return;
    const all = open.allows.filter((a) => a.all);
    if (all.length > 0) report(open.at, `firewall allows all ${all.map((a) => (a.protocol === 'all' ? 'traffic' : `${a.protocol} ports`)).join(' and ')} from the whole internet`);
  },
};

export const firewallLogging: CloudRule = {
  id: `${GCP}compute-firewall-logging-disabled`,
  title: 'Firewall rule logging disabled',
  severity: 'low',
  cwe: [778],
  description: 'Without `log_config`, connections matched by the firewall rule are not logged, so there is no record to investigate scans or intrusions with.',
  remediation: 'Add `log_config { metadata = "INCLUDE_ALL_METADATA" }` (or EXCLUDE_ALL_METADATA) to the rule.',
  references: [docs('google_compute_firewall'), 'https://cloud.google.com/firewall/docs/firewall-rules-logging'],
  provider: 'gcp',
  types: ['google_compute_firewall'],
  check(r, report) {
    const a = r.attrs;
    if (isUnknown(a.disabled) || isTrue(a.disabled)) return;
    // Only allow rules let traffic in; logging deny rules is useful but not the accepted baseline.
    if (blocks(a, 'allow').length === 0) return;
    // Provider versions before 4.0 took `enable_logging = true` instead.
    if (isTrue(a.enable_logging) || isUnknown(a.enable_logging)) return;
    if (noBlock(a, 'log_config')) report(null, 'firewall rule has no log_config: matched connections are not logged');
  },
};

export const firewallRules: CloudRule[] = [firewallSsh, firewallRdp, firewallDatabase, firewallAdminPorts, firewallAllPorts, firewallLogging];
