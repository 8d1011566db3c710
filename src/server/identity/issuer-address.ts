import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Where the server may fetch an OIDC issuer's discovery document and keys from (review L2). A
 * trust policy's issuer is chosen by whoever holds oidc:write, and anyone can make the server
 * fetch it through the public token exchange: without this check that is a blind GET to any host
 * the server can reach (cloud metadata at 169.254.169.254, admin ports on loopback, the private
 * network), with 503 against 401 telling open ports from closed ones.
 *
 * Addresses are checked after DNS resolution, at connect time (the lookup the HTTP client uses),
 * so a name that resolves to a public address when checked and a private one when fetched (DNS
 * rebinding) is refused too. `rampart server --oidc-allow-private-issuers` turns it off for an
 * issuer on the private network (a self-hosted GitLab).
 */

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (ULA; AWS metadata fd00:ec2::254)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address an IPv6 one carries (::ffff:a.b.c.d mapped, 64:ff9b::/96 NAT64, ::a.b.c.d compatible), or null. */
function embeddedV4(v6: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::|::)(?:(\d{1,3}(?:\.\d{1,3}){3})|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(v6);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Is this literal address loopback, link-local, private, unique-local, multicast or otherwise not a public host? */
export function isPrivateAddress(address: string): boolean {
  const a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const kind = isIP(a);
  if (kind === 4) return BLOCKED.check(a, 'ipv4');
  if (kind === 6) {
    const v4 = embeddedV4(a);
    if (v4 !== null && isIP(v4) === 4) return BLOCKED.check(v4, 'ipv4');
    return BLOCKED.check(a, 'ipv6');
  }
  return true; // not an address at all: never treated as public
}

/** The refusal, naming the host and address (both come from a trust policy or its issuer's documents, never from a secret). */
export class PrivateAddressError extends Error {
  readonly code = 'E_OIDC_PRIVATE_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a loopback, link-local or private address: refused (start the server with --oidc-allow-private-issuers to allow issuers on the private network)`);
    this.name = 'PrivateAddressError';
  }
}

/** Throws PrivateAddressError when a literal IP host is private (names are checked by guardedLookup). */
export function checkLiteralHost(hostname: string): void {
  const h = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(h) !== 0 && isPrivateAddress(h)) throw new PrivateAddressError(hostname, h);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request: resolves like dns.lookup and refuses the connection when any
 * address of the name is private (a name with one public and one private address is refused: the
 * client might connect to either).
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(Object.assign(new PrivateAddressError(hostname, bad.address), { errno: undefined }), []);
    if (list.length === 0) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

/**
 * GET `url` as text: no redirects followed, a total timeout, at most `maxBytes` of body, and
 * (unless `allowPrivate`) only to public addresses, checked at connect time.
 */
export function getText(
  url: string,
  o: { timeoutMs: number; maxBytes: number; allowPrivate: boolean; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<{ status: number; text: string }> {
  let u: URL;
  try {
    u = new URL(url);
    if (!o.allowPrivate) checkLiteralHost(u.hostname);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
  if (!mod) return Promise.reject(new Error(`${u.protocol} URLs are not fetched`));
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  return new Promise((resolve, reject) => {
    const req = mod.request(u, { method: 'GET', headers: o.headers ?? {}, signal, ...(o.allowPrivate ? {} : { lookup: guardedLookup }) }, (res) => {
      const fail = (e: Error) => {
        res.destroy();
        reject(e);
      };
      if (Number(res.headers['content-length'] ?? '0') > o.maxBytes) return fail(new Error('document too large'));
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (c: Buffer) => {
        total += c.length;
        if (total > o.maxBytes) return fail(new Error('document too large'));
        chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (e) => reject(signal.aborted && timeout.aborted ? new Error(`timed out after ${o.timeoutMs} ms`) : e));
    req.end();
  });
}
