import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type ObjectValue, type Value } from '../../model/value.js';
import { blocks, isOpenToWorld, isTrue, num, str } from '../cloud/attr.js';
import { matchingElementPath } from './ec2-list-path.js';

/**
 * Ingress permissions of security groups, NACLs and Lightsail port rules, normalised so the
 * port rules can ask one question: which known ports does a world-open permission expose.
 */
export interface Permission {
  /** `all` (protocol -1), `tcp`, `udp`, or `other` (ICMP, ESP, …: no ports). */
  protocol: 'all' | 'tcp' | 'udp' | 'other';
  /** Inclusive port range; undefined when a bound is not known. */
  from?: number;
  to?: number;
  /** Attribute paths holding a world-open CIDR (`ingress.0.cidr_blocks`, `cidr_ipv4`). */
  openPaths: string[];
}

/** Protocol as written (`-1`, `all`, `tcp`, `6`, `udp`, `17`, `icmp`), or undefined when unknown. */
export function protocolOf(v: Value | undefined): Permission['protocol'] | undefined {
  if (v === undefined || v === null || isUnknown(v)) return undefined;
  const p = String(v).trim().toLowerCase();
  if (p === '-1' || p === 'all') return 'all';
  if (p === 'tcp' || p === '6') return 'tcp';
  if (p === 'udp' || p === '17') return 'udp';
  return 'other';
}

/** True when every port of 0–65535 (or 1–65535) is reachable through the permission. */
export function coversAllPorts(p: Permission): boolean {
  if (p.protocol === 'all') return true;
  if (p.protocol === 'other' || p.from === undefined || p.to === undefined) return false;
  return p.from <= 1 && p.to >= 65535;
}

/** The given ports inside the permission's known range (never for all-ports permissions: another rule owns those). */
export function exposedPorts(p: Permission, ports: readonly number[]): number[] {
  if (coversAllPorts(p) || p.protocol === 'other' || p.from === undefined || p.to === undefined) return [];
  const lo = Math.min(p.from, p.to);
  const hi = Math.max(p.from, p.to);
  return ports.filter((x) => x >= lo && x <= hi);
}

/** For each CIDR attribute holding a world-open range, the path of that range (one per attribute). */
function openPaths(block: ObjectValue, base: string, attrs: readonly string[]): string[] {
  const pre = base ? `${base}.` : '';
  return attrs.flatMap((a) => matchingElementPath(block[a], pre + a, isOpenToWorld) ?? []);
}

function permission(block: ObjectValue, base: string, protoAttr: string, cidrAttrs: readonly string[]): Permission | undefined {
  const protocol = protocolOf(block[protoAttr]);
  if (protocol === undefined) return undefined;
  const paths = openPaths(block, base, cidrAttrs);
  if (paths.length === 0) return undefined;
  return { protocol, from: num(block['from_port']), to: num(block['to_port']), openPaths: paths };
}

const SG_CIDRS = ['cidr_blocks', 'ipv6_cidr_blocks'] as const;

/**
 * World-open ingress permissions of a security group resource in any of its three Terraform
 * forms: inline `ingress` blocks (aws_security_group, aws_default_security_group),
 * aws_security_group_rule with type = ingress, and aws_vpc_security_group_ingress_rule.
 */
export function openIngress(r: Resource): Permission[] {
  const out: Permission[] = [];
  const push = (p: Permission | undefined) => {
    if (p) out.push(p);
  };
  switch (r.type) {
    case 'aws_security_group':
    case 'aws_default_security_group':
      for (const { block, path } of blocks(r.attrs, 'ingress')) push(permission(block, path, 'protocol', SG_CIDRS));
      break;
    case 'aws_security_group_rule':
      if (str(r.attrs['type']) === 'ingress') push(permission(r.attrs, '', 'protocol', SG_CIDRS));
      break;
    case 'aws_vpc_security_group_ingress_rule':
      push(permission(r.attrs, '', 'ip_protocol', ['cidr_ipv4', 'cidr_ipv6']));
      break;
  }
  return out;
}

export const SECURITY_GROUP_TYPES = [
  'aws_security_group',
  'aws_default_security_group',
  'aws_security_group_rule',
  'aws_vpc_security_group_ingress_rule',
] as const;

const NACL_CIDRS = ['cidr_block', 'ipv6_cidr_block'] as const;

/** Allowing, world-open ingress entries of aws_network_acl / aws_default_network_acl / aws_network_acl_rule. */
export function openNaclIngress(r: Resource): Permission[] {
  const out: Permission[] = [];
  const consider = (block: ObjectValue, base: string, actionAttr: string) => {
    if (str(block[actionAttr])?.toLowerCase() !== 'allow') return;
    const p = permission(block, base, 'protocol', NACL_CIDRS);
    if (p) out.push(p);
  };
  if (r.type === 'aws_network_acl_rule') {
    // `egress` defaults to false: a rule without it is an ingress rule. Unknown → not known ingress.
    const egress = r.attrs['egress'];
    if (egress === undefined || egress === null || (!isUnknown(egress) && !isTrue(egress))) consider(r.attrs, '', 'rule_action');
  } else {
    for (const { block, path } of blocks(r.attrs, 'ingress')) consider(block, path, 'action');
  }
  return out;
}

export const NACL_TYPES = ['aws_network_acl', 'aws_default_network_acl', 'aws_network_acl_rule'] as const;

/** `22` or `1024-65535` for messages. */
export function portLabel(p: Permission): string {
  if (p.protocol === 'all') return 'all protocols';
  if (p.from === p.to) return `port ${p.from}`;
  return `ports ${p.from}-${p.to}`;
}

/** True when v is a non-empty object or list (a written block). */
export function hasBlock(v: Value | undefined): boolean {
  if (Array.isArray(v)) return v.some((b) => isObject(b));
  return isObject(v);
}
