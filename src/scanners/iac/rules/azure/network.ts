import type { Resource } from '../../model/resource.js';
import { isUnknown, type ObjectValue, type Value } from '../../model/value.js';
import { blocks, isOpenToWorld, num, str, strings } from '../cloud/attr.js';
import { ADMIN_PORTS, DATABASE_PORTS } from '../cloud/ports.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import { docs, eqi, falseAt, find, isAllPorts, portRanges } from './util.js';

const NSG = 'azurerm_network_security_group';
const NSG_RULE = 'azurerm_network_security_rule';

/** One NSG rule wherever it is written: inline `security_rule` blocks or a separate resource. */
interface NsgRule {
  rule: ObjectValue;
  /** Path prefix for findings: `security_rule.0.` inline, empty for the separate resource. */
  base: string;
}

function nsgRules(r: Resource): NsgRule[] {
  if (r.type === NSG_RULE) return [{ rule: r.attrs, base: '' }];
  return blocks(r.attrs, 'security_rule').map((b) => ({ rule: b.block, base: `${b.path}.` }));
}

/**
 * An NSG source that admits the whole internet. A bare `0.0.0.0` is the single address
 * 0.0.0.0/32 in an NSG prefix (unlike the database firewalls' start/end pairs), not "any".
 */
const worldSource = (s: string): boolean => s.trim() !== '0.0.0.0' && isOpenToWorld(s);

/** Path of the source attribute that opens the rule to the internet, if it is open. */
function openSource(x: NsgRule): string | undefined {
  if (worldSource(str(x.rule.source_address_prefix) ?? '')) return `${x.base}source_address_prefix`;
  if (strings(x.rule.source_address_prefixes).some(worldSource)) return `${x.base}source_address_prefixes`;
  return undefined;
}

/** Destination port ranges, or undefined when any of them is unknown or unparsable (stay silent). */
function destRanges(x: NsgRule): { from: number; to: number }[] | undefined {
  const specs: Value[] = [];
  const one = x.rule.destination_port_range;
  const many = x.rule.destination_port_ranges;
  if (isUnknown(one) || isUnknown(many)) return undefined;
  if (one !== undefined && one !== null) specs.push(one);
  if (Array.isArray(many)) specs.push(...many);
  const out: { from: number; to: number }[] = [];
  for (const s of specs) {
    const p = typeof s === 'number' ? [{ from: s, to: s }] : typeof s === 'string' ? portRanges(s) : undefined;
    if (!p) return undefined;
    out.push(...p);
  }
  return out;
}

/** Inbound Allow rules open to the internet, with their known port ranges and protocol. */
function eachOpenInbound(r: Resource, fn: (x: NsgRule, src: string, ranges: { from: number; to: number }[], protocol: string) => void): void {
  for (const x of nsgRules(r)) {
    if (!eqi(x.rule.direction, 'Inbound') || !eqi(x.rule.access, 'Allow')) continue;
    const src = openSource(x);
    const ranges = destRanges(x);
    const protocol = str(x.rule.protocol);
    if (src && ranges && protocol !== undefined) fn(x, src, ranges, protocol.toLowerCase());
  }
}

const label = (x: NsgRule): string => (typeof x.rule.name === 'string' ? `rule "${x.rule.name}"` : 'rule');

/** Rule for specific ports; a rule opening every port is left to the all-ports rule. */
function portRule(o: { id: string; title: string; what: string; ports: number[]; protocols: string[]; severity: 'critical' | 'high' }): CloudRule {
  return {
    id: `iac/azure/${o.id}`,
    title: o.title,
    severity: o.severity,
    cwe: [284],
    description: `An inbound Allow rule from any address (\`*\`, \`Internet\`, \`0.0.0.0/0\`) exposes ${o.what} to the whole internet, where it is scanned and brute-forced continuously.`,
    remediation: 'Restrict `source_address_prefix(es)` to known address ranges, or reach the service through Azure Bastion, a VPN or a private endpoint.',
    references: [docs('network_security_group'), docs('network_security_rule')],
    provider: 'azure',
    types: [NSG, NSG_RULE],
    check(r, report: CloudReport) {
      eachOpenInbound(r, (x, src, ranges, protocol) => {
        if (protocol !== '*' && !o.protocols.includes(protocol)) return;
        if (ranges.some(isAllPorts)) return;
        const hit = o.ports.filter((p) => ranges.some((g) => g.from <= p && p <= g.to));
        if (hit.length > 0) report(src, `${label(x)} allows inbound port ${hit.join(', ')} from the internet`);
      });
    },
  };
}

const ssh = portRule({ id: 'nsg-ssh-open-to-internet', title: 'NSG allows SSH from the internet', what: 'SSH (port 22)', ports: [22], protocols: ['tcp'], severity: 'critical' });
const rdp = portRule({ id: 'nsg-rdp-open-to-internet', title: 'NSG allows RDP from the internet', what: 'RDP (port 3389)', ports: [3389], protocols: ['tcp', 'udp'], severity: 'critical' });
const DB_PORTS = Object.keys(DATABASE_PORTS).map(Number);
const db = portRule({ id: 'nsg-database-port-open-to-internet', title: 'NSG allows a database port from the internet', what: 'a database port', ports: DB_PORTS, protocols: ['tcp'], severity: 'high' });

const ADMIN = Object.keys(ADMIN_PORTS).map(Number);
const admin = portRule({
  id: 'nsg-admin-port-open-to-internet',
  title: 'NSG allows a plaintext or remote-administration port from the internet',
  what: 'a plaintext or remote-administration service (FTP, Telnet, RPC, NetBIOS, SMB, NFS, Docker API, etcd, VNC, WinRM, the Kubernetes API or kubelet)',
  ports: ADMIN,
  protocols: ['tcp'],
  severity: 'high',
});

const allPorts: CloudRule = {
  id: 'iac/azure/nsg-all-ports-open-to-internet',
  title: 'NSG allows all ports from the internet',
  severity: 'critical',
  cwe: [284],
  description: 'An inbound Allow rule from any address to every destination port exposes every service on the attached subnets and NICs, including management and database ports.',
  remediation: 'Replace `destination_port_range = "*"` with the specific ports the workload serves, and restrict `source_address_prefix(es)`.',
  references: [docs('network_security_group'), docs('network_security_rule')],
  provider: 'azure',
  types: [NSG, NSG_RULE],
  check(r, report) {
    eachOpenInbound(r, (x, src, ranges, protocol) => {
      // ICMP, ESP and AH carry no ports; only TCP/UDP (or any protocol) open services.
      if (!['*', 'tcp', 'udp'].includes(protocol)) return;
      if (ranges.some(isAllPorts)) report(src, `${label(x)} allows every port from the internet`);
    });
  },
};

const FLOW_LOG = 'azurerm_network_watcher_flow_log';

const flowLogDisabled: CloudRule = {
  id: 'iac/azure/network-watcher-flow-log-disabled',
  title: 'NSG flow log is disabled',
  severity: 'low',
  cwe: [778],
  description: 'A disabled flow log records no traffic through the security group, leaving nothing to investigate an intrusion or exfiltration with.',
  remediation: 'Set `enabled = true` on the `azurerm_network_watcher_flow_log`.',
  references: [docs('network_watcher_flow_log')],
  provider: 'azure',
  types: [FLOW_LOG],
  check(r, report) {
    const f = falseAt(r, ['enabled']);
    if (f) report(f.path, 'flow logging is disabled');
  },
};

const flowLogRetention: CloudRule = {
  id: 'iac/azure/network-watcher-flow-log-retention-short',
  title: 'NSG flow log retention is shorter than 90 days',
  severity: 'low',
  cwe: [778],
  description: 'Flow logs deleted within days are gone before most intrusions are noticed; CIS Azure asks for at least 90 days.',
  remediation: 'Set `retention_policy.days` to 90 or more (0, or a disabled policy, keeps logs forever).',
  references: [docs('network_watcher_flow_log')],
  provider: 'azure',
  types: [FLOW_LOG],
  check(r, report) {
    // A disabled retention policy keeps logs forever, which is not the problem here.
    if (falseAt(r, ['retention_policy.enabled'])) return;
    const days = find(r, 'retention_policy.days');
    const n = num(days?.value);
    if (days && n !== undefined && n > 0 && n < 90) report(days.path, `flow logs are kept for ${n} days`);
  },
};

export const networkRules: CloudRule[] = [ssh, rdp, db, admin, allPorts, flowLogDisabled, flowLogRetention];
