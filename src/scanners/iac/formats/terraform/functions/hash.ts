/** Hash and UUID functions. Random results (uuid, bcrypt) are Unknown: they change on every run. */
import { createHash } from 'node:crypto';
import { Unknown, type Value } from '../../../model/value.js';
import { FunctionError, arity, str, type Impl } from './common.js';

const digest = (alg: string, s: string, enc: 'hex' | 'base64'): string => createHash(alg).update(s, 'utf8').digest(enc);

const hashFn = (name: string, alg: string, enc: 'hex' | 'base64'): Impl => (a) => (arity(name, a, 1), digest(alg, str(name, a[0]), enc));

/** RFC 4122 name spaces Terraform accepts by name. */
const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

const UUID = /^(?:urn:uuid:)?\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;

/** UUID version 5: SHA-1 of namespace bytes + name, with version and variant bits set. */
function uuidv5(a: Value[]): Value {
  arity('uuidv5', a, 2);
  const ns = str('uuidv5', a[0], 'namespace');
  const m = UUID.exec(NAMESPACES[ns] ?? ns);
  if (!m) throw new FunctionError(`uuidv5(): ${JSON.stringify(ns)} is neither a UUID nor one of dns, url, oid, x500`);
  const h = createHash('sha1').update(Buffer.from(m.slice(1).join(''), 'hex')).update(str('uuidv5', a[1], 'name'), 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const HASH_FUNCTIONS: Record<string, Impl> = {
  md5: hashFn('md5', 'md5', 'hex'),
  sha1: hashFn('sha1', 'sha1', 'hex'),
  sha256: hashFn('sha256', 'sha256', 'hex'),
  sha512: hashFn('sha512', 'sha512', 'hex'),
  base64sha256: hashFn('base64sha256', 'sha256', 'base64'),
  base64sha512: hashFn('base64sha512', 'sha512', 'base64'),
  uuid: (a) => (arity('uuid', a, 0), new Unknown('uuid() is random on every run')),
  uuidv5,
  bcrypt: (a) => (arity('bcrypt', a, 1, 2), new Unknown('bcrypt() uses a random salt')),
};
