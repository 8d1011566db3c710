/**
 * cidrhost, cidrnetmask, cidrsubnet, cidrsubnets for IPv4 and IPv6. Hand-written on BigInt
 * because no small library reproduces Terraform's exact semantics (host bits of the prefix
 * ignored, negative host numbers counting from the end, cidrsubnets' aligned sequential
 * allocation, Go's IPv6 text form).
 */
import type { Value } from '../../../model/value.js';
import { FunctionError, arity, int, str, type Impl } from './common.js';

interface Net {
  /** 32 or 128. */
  bits: number;
  /** Network address (host bits cleared). */
  addr: bigint;
  prefix: number;
}

function parseV4(fn: string, s: string): bigint {
  const parts = s.split('.');
  if (parts.length !== 4) throw new FunctionError(`${fn}(): invalid IP address ${JSON.stringify(s)}`);
  let n = 0n;
  for (const p of parts) {
    // Terraform still accepts octets with leading zeros, read as decimal.
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new FunctionError(`${fn}(): invalid IP address ${JSON.stringify(s)}`);
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(fn: string, s: string): bigint {
  const bad = (): never => {
    throw new FunctionError(`${fn}(): invalid IP address ${JSON.stringify(s)}`);
  };
  const halves = s.split('::');
  if (halves.length > 2) bad();
  const groups = (h: string): bigint[] => {
    if (h === '') return [];
    const out: bigint[] = [];
    const parts = h.split(':');
    parts.forEach((p, i) => {
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseV4(fn, p);
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(BigInt('0x' + p));
      else bad();
    });
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || (halves.length === 2 && fill < 1)) bad();
  let n = 0n;
  for (const g of [...head, ...Array<bigint>(Math.max(fill, 0)).fill(0n), ...tail]) n = (n << 16n) | g;
  return n;
}

function parseCidr(fn: string, v: Value | undefined): Net {
  const s = str(fn, v, 'prefix');
  const slash = s.indexOf('/');
  if (slash < 0) throw new FunctionError(`${fn}(): invalid CIDR prefix ${JSON.stringify(s)}`);
  const ip = s.slice(0, slash);
  const len = s.slice(slash + 1);
  const bits = ip.includes(':') ? 128 : 32;
  if (!/^\d{1,3}$/.test(len) || Number(len) > bits) throw new FunctionError(`${fn}(): invalid CIDR prefix ${JSON.stringify(s)}`);
  const prefix = Number(len);
  const raw = bits === 32 ? parseV4(fn, ip) : parseV6(fn, ip);
  const hostBits = BigInt(bits - prefix);
  return { bits, prefix, addr: (raw >> hostBits) << hostBits };
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((n >> s) & 0xffn).toString()).join('.');
}

/** Go's IPv6 form: lower-case hex, the longest run of two or more zero groups (the first on a tie) as `::`. */
function formatV6(n: bigint): string {
  const g: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) g.push(Number((n >> s) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return hex(g.slice(0, best)) + '::' + hex(g.slice(best + bestLen));
}

const formatIp = (n: bigint, bits: number): string => (bits === 32 ? formatV4(n) : formatV6(n));

function cidrhost(a: Value[]): Value {
  arity('cidrhost', a, 2);
  const net = parseCidr('cidrhost', a[0]);
  const host = BigInt(int('cidrhost', a[1], 'hostnum'));
  const size = 1n << BigInt(net.bits - net.prefix);
  // Negative host numbers count back from the end of the range: -1 is the last address.
  const h = host < 0n ? size + host : host;
  if (h < 0n || h >= size) throw new FunctionError(`cidrhost(): prefix of ${net.prefix} bits has no host number ${host}`);
  return formatIp(net.addr + h, net.bits);
}

function cidrnetmask(a: Value[]): Value {
  arity('cidrnetmask', a, 1);
  const net = parseCidr('cidrnetmask', a[0]);
  if (net.bits !== 32) throw new FunctionError('cidrnetmask(): only IPv4 prefixes have a netmask');
  const mask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - net.prefix)) - 1n);
  return formatV4(mask);
}

function subnet(fn: string, net: Net, newbits: number, netnum: bigint): Net {
  if (newbits < 0) throw new FunctionError(`${fn}(): newbits must not be negative`);
  const prefix = net.prefix + newbits;
  if (prefix > net.bits) throw new FunctionError(`${fn}(): not enough remaining address space for a subnet with a prefix of ${prefix} bits`);
  if (netnum < 0n || netnum >= 1n << BigInt(newbits)) throw new FunctionError(`${fn}(): prefix extension of ${newbits} bits has no network number ${netnum}`);
  return { bits: net.bits, prefix, addr: net.addr | (netnum << BigInt(net.bits - prefix)) };
}

const formatNet = (n: Net): string => `${formatIp(n.addr, n.bits)}/${n.prefix}`;

function cidrsubnet(a: Value[]): Value {
  arity('cidrsubnet', a, 3);
  const net = parseCidr('cidrsubnet', a[0]);
  return formatNet(subnet('cidrsubnet', net, int('cidrsubnet', a[1], 'newbits'), BigInt(int('cidrsubnet', a[2], 'netnum'))));
}

/** Consecutive subnets, each aligned to its own size, none overlapping the one before. */
function cidrsubnets(a: Value[]): Value {
  arity('cidrsubnets', a, 1, Infinity);
  const net = parseCidr('cidrsubnets', a[0]);
  const end = net.addr + (1n << BigInt(net.bits - net.prefix));
  let next = net.addr;
  const out: string[] = [];
  for (const v of a.slice(1)) {
    const newbits = int('cidrsubnets', v, 'newbits');
    const first = subnet('cidrsubnets', net, newbits, 0n);
    const size = 1n << BigInt(net.bits - first.prefix);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end) throw new FunctionError(`cidrsubnets(): not enough remaining address space for a subnet with a prefix of ${first.prefix} bits`);
    out.push(formatNet({ bits: net.bits, prefix: first.prefix, addr: start }));
    next = start + size;
  }
  return out;
}

export const CIDR_FUNCTIONS: Record<string, Impl> = { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets };
