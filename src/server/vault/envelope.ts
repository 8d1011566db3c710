import { createCipheriv, createDecipheriv, randomBytes, randomFillSync } from 'node:crypto';
import { RampartError } from '../../core/errors.js';

/**
 * Envelope encryption for the secrets vault (issue 7).
 *
 * Each secret version gets a fresh random 256-bit data key. The value is sealed with it under
 * AES-256-GCM, and the data key is sealed ("wrapped") under the master key, also AES-256-GCM.
 * Both blobs share one layout: format byte (1) || nonce (12) || ciphertext || tag (16).
 *
 * Associated data (authenticated, not stored) binds each blob to where it belongs:
 * - the value to (project, path, version), so a ciphertext copied to another row fails to open;
 * - the wrapped key to the master key id, so a wrapped key is never tried under the wrong key and a
 *   row whose key_id was edited fails instead of decrypting garbage.
 */

const FORMAT_V1 = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;
const OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;

/** Where a value lives: bound into its ciphertext. */
export interface SealContext {
  project: string;
  path: string;
  version: number;
}

/** A loaded master key and its id (see masterKeyIdOf in master-key.ts). */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface Sealed {
  ciphertext: Buffer;
  wrappedKey: Buffer;
  /** The master key that wrapped the data key. */
  keyId: string;
}

/** Gives the master key for an id, or undefined when that key is not loaded. */
export type KeyLookup = (keyId: string) => Buffer | undefined;

/** Encrypts a value for one (project, path, version) under a fresh data key wrapped by `master`. */
export function seal(value: Buffer | string, ctx: SealContext, master: MasterKey): Sealed {
  const dk = newDataKey(master);
  try {
    return { ciphertext: sealValue(value, ctx, dk.dataKey), wrappedKey: dk.wrappedKey, keyId: dk.keyId };
  } finally {
    dk.dataKey.fill(0);
  }
}

/** A fresh data key and its wrapped form. The caller zeroes `dataKey` once the value is sealed. */
export interface DataKey {
  dataKey: Buffer;
  wrappedKey: Buffer;
  keyId: string;
}

/**
 * The first half of seal(): a fresh data key, wrapped under `master`. Split from sealValue so a
 * writer that learns the version only inside its transaction (store/writer) can seal the value
 * there with a one-time data key, without ever holding the master key.
 */
export function newDataKey(master: MasterKey): DataKey {
  checkKey(master.key);
  // Buffer.alloc is never taken from the shared pool, so zeroing it wipes the only copy we made.
  const dataKey = Buffer.alloc(KEY_BYTES);
  randomFillSync(dataKey);
  try {
    return { dataKey, wrappedKey: wrapDataKey(dataKey, master), keyId: master.id };
  } catch (e) {
    dataKey.fill(0);
    throw e;
  }
}

/** The second half of seal(): the value under a data key, bound to its (project, path, version). */
export function sealValue(value: Buffer | string, ctx: SealContext, dataKey: Buffer): Buffer {
  if (!Buffer.isBuffer(dataKey) || dataKey.length !== KEY_BYTES) throw new RampartError('E_VAULT_KEY', `a data key is ${KEY_BYTES} bytes`);
  const plain = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  try {
    return gcmSeal(dataKey, plain, valueAad(ctx));
  } finally {
    // A string argument became a buffer here: wipe that copy too (the caller owns a Buffer value).
    if (typeof value === 'string') plain.fill(0);
  }
}

/**
 * Decrypts a sealed value. `keys` is the master key (checked against `sealed.keyId`) or a lookup by
 * key id (a keyring during rotation). Any tampering with the ciphertext, nonce, tag, wrapped key,
 * key id or context fails with E_VAULT_DECRYPT.
 */
export function open(sealed: Sealed, ctx: SealContext, keys: MasterKey | KeyLookup): Buffer {
  const master = typeof keys === 'function' ? keys(sealed.keyId) : keys.id === sealed.keyId ? keys.key : undefined;
  if (!master) throw new RampartError('E_VAULT_KEY_UNAVAILABLE', `master key ${sealed.keyId} is not loaded`);
  const dataKey = unwrapDataKey(sealed.wrappedKey, { id: sealed.keyId, key: master });
  try {
    return openValue(sealed.ciphertext, ctx, dataKey);
  } finally {
    dataKey.fill(0);
  }
}

/** The second half of open(): a value under its (already unwrapped) data key, checked against its context. */
export function openValue(ciphertext: Buffer, ctx: SealContext, dataKey: Buffer): Buffer {
  if (!Buffer.isBuffer(dataKey) || dataKey.length !== KEY_BYTES) throw new RampartError('E_VAULT_KEY', `a data key is ${KEY_BYTES} bytes`);
  return gcmOpen(dataKey, ciphertext, valueAad(ctx), 'secret value');
}

/** Wraps a data key under a master key (AAD = the master key id). */
export function wrapDataKey(dataKey: Buffer, master: MasterKey): Buffer {
  checkKey(master.key);
  if (dataKey.length !== KEY_BYTES) throw new RampartError('E_VAULT_KEY', `a data key is ${KEY_BYTES} bytes`);
  return gcmSeal(master.key, dataKey, keyAad(master.id));
}

/** Unwraps a data key; the caller zeroes the result after use. */
export function unwrapDataKey(wrapped: Buffer, master: MasterKey): Buffer {
  checkKey(master.key);
  const dk = gcmOpen(master.key, wrapped, keyAad(master.id), 'wrapped data key');
  if (dk.length !== KEY_BYTES) {
    dk.fill(0);
    throw new RampartError('E_VAULT_DECRYPT', 'wrapped data key has the wrong length');
  }
  return dk;
}

/** Re-wraps a data key from one master key to another without exposing it beyond this call. */
export function rewrapDataKey(wrapped: Buffer, from: MasterKey, to: MasterKey): Buffer {
  const dk = unwrapDataKey(wrapped, from);
  try {
    return wrapDataKey(dk, to);
  } finally {
    dk.fill(0);
  }
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new RampartError('E_VAULT_KEY', `a master key is ${KEY_BYTES} bytes`);
}

function gcmSeal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), nonce, body, c.getAuthTag()]);
}

function gcmOpen(key: Buffer, blob: Buffer, aad: Buffer, what: string): Buffer {
  if (!Buffer.isBuffer(blob) || blob.length < OVERHEAD) throw new RampartError('E_VAULT_DECRYPT', `${what} is truncated`);
  if (blob[0] !== FORMAT_V1) throw new RampartError('E_VAULT_DECRYPT', `${what} has an unknown format (${blob[0]})`);
  const nonce = blob.subarray(1, 1 + NONCE_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    d.setAAD(aad);
    d.setAuthTag(tag);
    const head = d.update(blob.subarray(1 + NONCE_BYTES, blob.length - TAG_BYTES));
    let tail: Buffer;
    try {
      tail = d.final();
    } catch (e) {
      // The tag did not verify: wipe the unauthenticated output.
      head.fill(0);
      throw e;
    }
    // GCM is a stream mode: final() returns nothing, and the output is update()'s buffer as is.
    if (tail.length === 0) return head;
    const out = Buffer.concat([head, tail]);
    head.fill(0);
    tail.fill(0);
    return out;
  } catch {
    throw new RampartError('E_VAULT_DECRYPT', `${what} failed authentication (tampered, moved, or the wrong key)`);
  }
}

/** Length-prefixed fields, so ("a/b", "c") and ("a", "b/c") can never encode alike. */
function encodeFields(label: string, fields: (string | number)[]): Buffer {
  // One buffer, sized first and written in place: label NUL, then (u32 length, bytes) per field;
  // a number is 8 bytes, big-endian unsigned.
  let size = Buffer.byteLength(label, 'utf8') + 1;
  for (const f of fields) {
    if (typeof f === 'number') {
      if (!Number.isSafeInteger(f) || f < 0) throw new RampartError('E_VAULT_KEY', `bad version ${f}`);
      size += 4 + 8;
    } else {
      size += 4 + Buffer.byteLength(f, 'utf8');
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(label, 0, 'utf8');
  out[at++] = 0;
  for (const f of fields) {
    if (typeof f === 'number') {
      at = out.writeUInt32BE(8, at);
      // Two 32-bit halves: safe integers fit in 53 bits, no BigInt needed.
      at = out.writeUInt32BE(Math.floor(f / 0x1_0000_0000), at);
      at = out.writeUInt32BE(f >>> 0, at);
    } else {
      const n = Buffer.byteLength(f, 'utf8');
      at = out.writeUInt32BE(n, at);
      at += out.write(f, at, 'utf8');
    }
  }
  return out;
}

function valueAad(ctx: SealContext): Buffer {
  return encodeFields('rampart vault value v1', [ctx.project, ctx.path, ctx.version]);
}

function keyAad(keyId: string): Buffer {
  return encodeFields('rampart vault data key v1', [keyId]);
}
