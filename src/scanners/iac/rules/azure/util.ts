import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type Value } from '../../model/value.js';
import { isFalse, isTrue, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

/** The azurerm provider's page for a resource type (`storage_account`). */
export const docs = (resource: string): string =>
  `https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/${resource}`;

/** A value found at an attribute path, with the path spelled the way Resource.lines keys it. */
export interface Found {
  path: string;
  value: Value;
}

/**
 * Reads `site_config.minimum_tls_version` and returns it with list indexes made explicit
 * (`site_config.0.minimum_tls_version`) so findings land on the attribute's line. Undefined
 * when absent; an Unknown on the way comes back as the value (callers stay silent on it).
 */
export function find(r: Resource, path: string): Found | undefined {
  let cur: Value | undefined = r.attrs;
  const out: string[] = [];
  for (const seg of path.split('.')) {
    if (cur === undefined || cur === null) return undefined;
    if (isUnknown(cur)) return { path: out.join('.'), value: cur };
    if (Array.isArray(cur) && !/^\d+$/.test(seg)) {
      cur = cur[0];
      out.push('0');
      if (cur === undefined || cur === null) return undefined;
      if (isUnknown(cur)) return { path: out.join('.'), value: cur };
    }
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else return undefined;
    out.push(seg);
  }
  return cur === undefined || cur === null ? undefined : { path: out.join('.'), value: cur };
}

/**
 * The first of several spellings that is written: azurerm renamed many attributes between
 * major versions (`enable_https_traffic_only` in v3, `https_traffic_only_enabled` in v4).
 */
export function findAny(r: Resource, paths: readonly string[]): Found | undefined {
  for (const p of paths) {
    const f = find(r, p);
    if (f) return f;
  }
  return undefined;
}

/** Known true at the first written spelling. */
export function trueAt(r: Resource, paths: readonly string[]): Found | undefined {
  const f = findAny(r, paths);
  return f && isTrue(f.value) ? f : undefined;
}

/** Known false at the first written spelling. */
export function falseAt(r: Resource, paths: readonly string[]): Found | undefined {
  const f = findAny(r, paths);
  return f && isFalse(f.value) ? f : undefined;
}

/**
 * For rules about a value that equals the provider default (`public_network_access_enabled = true`):
 * only a value written in the configuration is a finding. A plan spells out every default, so
 * there the same value says nothing about what the author chose and these rules stay silent.
 */
export function explicitTrue(r: Resource, paths: readonly string[]): Found | undefined {
  return r.source === 'plan' ? undefined : trueAt(r, paths);
}

/** The false counterpart of explicitTrue (`local_account_disabled = false`). */
export function explicitFalse(r: Resource, paths: readonly string[]): Found | undefined {
  return r.source === 'plan' ? undefined : falseAt(r, paths);
}

/** Case-insensitive equality with a known string. */
export const eqi = (v: Value | undefined, want: string): boolean => str(v)?.toLowerCase() === want.toLowerCase();

/**
 * True for TLS versions older than 1.2 in any of the spellings azurerm uses: `1.0`, `1.1`,
 * `TLS1_0`, `TLS1_1`, `TLSv1_0`, `Tls10`, `Tls11` (or a bare number). Unknown or other values are not old.
 */
export function isOldTls(v: Value | undefined): boolean {
  // HCL lets `minimum_tls_version = 1.0` through as a number; the provider stringifies it.
  if (typeof v === 'number') return v >= 1 && v < 1.2;
  const s = str(v);
  if (s === undefined) return false;
  return /^(tls)?v?1(\.|_)?[01]$/i.test(s.trim());
}

/** A destination port spec (`22`, `20-25`, `*`) parsed into a range; undefined when not a port spec. */
export function portRange(spec: string): { from: number; to: number } | undefined {
  const t = spec.trim();
  if (t === '*') return { from: 0, to: 65535 };
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(t);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to ? { from, to } : undefined;
}

/**
 * Every range in a port specification that may list several, comma-separated
 * (`"3389, 5000-5100"`), as the portal writes them; undefined when any part is unparsable.
 */
export function portRanges(spec: string): { from: number; to: number }[] | undefined {
  const out: { from: number; to: number }[] = [];
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const p = portRange(part);
    if (!p) return undefined;
    out.push(p);
  }
  return out.length > 0 ? out : undefined;
}

/** A range spanning (nearly) every port: `*`, `0-65535`, `1-65535`. */
export const isAllPorts = (r: { from: number; to: number }): boolean => r.from <= 1 && r.to >= 65535;

/** Firewall rule bounds covering the whole IPv4 internet. */
export function isWholeInternetRange(start: Value | undefined, end: Value | undefined): boolean {
  return str(start)?.trim() === '0.0.0.0' && str(end)?.trim() === '255.255.255.255';
}

/** Dotted-quad IPv4 address as a number; undefined for anything else. */
export function ipv4(v: Value | undefined): number | undefined {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s*$/.exec(str(v) ?? '');
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  if (o.some((x) => x > 255)) return undefined;
  return ((o[0]! * 256 + o[1]!) * 256 + o[2]!) * 256 + o[3]!;
}

/** IPv4 blocks that are not routable on the public internet (RFC 6890), as [first address, size]. */
const NON_PUBLIC: [number, number][] = (
  [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['224.0.0.0', 3],
  ] as const
).map(([a, bits]) => [ipv4(a)!, 2 ** (32 - bits)]);

/** How many publicly routable IPv4 addresses lie in [from, to]. */
export function publicAddressCount(from: number, to: number): number {
  let n = to - from + 1;
  for (const [first, size] of NON_PUBLIC) {
    const lo = Math.max(from, first);
    const hi = Math.min(to, first + size - 1);
    if (hi >= lo) n -= hi - lo + 1;
  }
  return Math.max(n, 0);
}

/** A firewall range admitting at least this many public addresses (a /8 worth) is as good as open to the internet. */
export const WIDE_PUBLIC_RANGE = 2 ** 24;

/**
 * A server-level firewall rule spanning 0.0.0.0–255.255.255.255, or any range admitting at least
 * a /8 worth of public addresses (the same shape for SQL, PostgreSQL, MySQL, MariaDB, Synapse and
 * Redis firewall rule resources).
 */
export function openFirewallRule(o: { id: string; service: string; types: string[]; doc: string }): CloudRule {
  return {
    id: `iac/azure/${o.id}`,
    title: `${o.service} firewall rule allows the whole internet`,
    severity: 'high',
    cwe: [284],
    description: `A firewall rule from 0.0.0.0 to 255.255.255.255, or any range spanning millions of public addresses (such as 0.0.0.0–9.255.255.255), lets practically anyone connect to the ${o.service} endpoint; only its credentials remain between the internet and the data.`,
    remediation: 'Narrow `start_ip_address` / `end_ip_address` to the client ranges that need access, or use a private endpoint.',
    references: [docs(o.doc)],
    provider: 'azure',
    types: o.types,
    check(r, report) {
      const start = find(r, 'start_ip_address') ?? find(r, 'start_ip');
      const end = find(r, 'end_ip_address') ?? find(r, 'end_ip');
      if (!start || !end) return;
      if (isWholeInternetRange(start.value, end.value)) {
        report(end.path, 'firewall rule covers every IPv4 address');
        return;
      }
      const from = ipv4(start.value);
      const to = ipv4(end.value);
      if (from === undefined || to === undefined || to < from) return;
      const n = publicAddressCount(from, to);
      if (n >= WIDE_PUBLIC_RANGE) report(end.path, `firewall rule ${String(start.value).trim()}–${String(end.value).trim()} admits ${Math.round(n / 1e6)} million public IPv4 addresses`);
    },
  };
}
