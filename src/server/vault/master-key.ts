import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { RampartError } from '../../core/errors.js';
import { writeTx, type Store } from '../../store/db.js';
import { isoNow, type Schema } from '../../store/schema.js';
import { DataKeyCache } from './data-key-cache.js';
import { KEY_BYTES, rewrapDataKey, unwrapDataKey, type MasterKey } from './envelope.js';

/**
 * Master key sources and state (issue 7): a 0600 key file, the RAMPART_MASTER_KEY environment
 * variable, or Shamir shares typed in by key holders (`rampart server unseal`). The Keyring holds the
 * loaded keys: the current one (new writes) and older ones still needed to read rows during a
 * master-key rotation. Key ids and check values live here too: `server init` imports them, so init
 * and the vault agree on both and the vault owns every use of the master key.
 */

export const MASTER_KEY_ENV = 'RAMPART_MASTER_KEY';
export const MASTER_KEY_FILE = 'master.key';
const CHECK_PLAINTEXT = Buffer.from('rampart master key check v1', 'utf8');

/** A stable, non-secret id for a key (a hash of it under a fixed label). */
export function masterKeyIdOf(key: Buffer): string {
  return 'mk_' + createHash('sha256').update('rampart master key id\0').update(key).digest('hex').slice(0, 16);
}

/** AES-256-GCM of a fixed text under the key: iv(12) || ciphertext || tag(16). Stored per key to verify it later. */
export function masterKeyCheck(key: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([c.update(CHECK_PLAINTEXT), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

/** True when `check` was made by masterKeyCheck with this key. */
export function verifyMasterKeyCheck(key: Buffer, check: Buffer): boolean {
  if (check.length !== 12 + CHECK_PLAINTEXT.length + 16) return false;
  try {
    const d = createDecipheriv('aes-256-gcm', key, check.subarray(0, 12));
    d.setAuthTag(check.subarray(check.length - 16));
    const pt = Buffer.concat([d.update(check.subarray(12, check.length - 16)), d.final()]);
    return pt.equals(CHECK_PLAINTEXT);
  } catch {
    return false;
  }
}

/** The next key while a key-file rotation runs; renamed over master.key when it is done. */
export const NEXT_KEY_FILE = 'master.key.next';

// ---------------------------------------------------------------------------------------------
// Key file and environment

/**
 * Reads a 32-byte key file, refusing one that group or others may access (mode must be 0600 or
 * stricter) or that is not a regular file. The mode is checked on the opened descriptor, so a file
 * swapped after the check cannot slip through.
 */
export function readKeyFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RampartError('E_NOT_INITIALIZED', `master key file ${path} not found`);
    throw new RampartError('E_KEY_INVALID', `cannot open master key file ${path} (${code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new RampartError('E_KEY_INVALID', `${path} is not a regular file`);
    if ((st.mode & 0o077) !== 0) {
      throw new RampartError('E_KEY_PERMISSIONS', `${path} has mode ${(st.mode & 0o777).toString(8)}: group and others must have no access (run \`chmod 600 ${path}\`)`);
    }
    if (st.size !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `${path} must hold exactly ${KEY_BYTES} bytes`);
    const key = Buffer.alloc(KEY_BYTES);
    // One byte more than needed, so a file that grew since fstat is noticed.
    const probe = Buffer.alloc(KEY_BYTES + 1);
    let n = 0;
    for (let r; n < probe.length && (r = readSync(fd, probe, n, probe.length - n, n)) > 0; ) n += r;
    if (n !== KEY_BYTES) {
      probe.fill(0);
      throw new RampartError('E_KEY_INVALID', `${path} must hold exactly ${KEY_BYTES} bytes`);
    }
    probe.copy(key, 0, 0, KEY_BYTES);
    probe.fill(0);
    return key;
  } finally {
    closeSync(fd);
  }
}

/** Writes a key to a new file, 0600, fsynced; never overwrites (rotation writes the next key first). */
export function writeKeyFile(path: string, key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `a master key is ${KEY_BYTES} bytes`);
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new RampartError('E_KEY_EXISTS', `${path} exists; refusing to overwrite it`);
    throw e;
  }
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A fresh random master key. */
export function generateMasterKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/**
 * The key in RAMPART_MASTER_KEY (base64 or base64url of 32 bytes), or undefined when unset.
 * Strict: Node's base64 decoder skips junk characters, so the text is checked before decoding.
 */
export function keyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const raw = env[MASTER_KEY_ENV];
  if (raw === undefined || raw === '') return undefined;
  const text = raw.trim();
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    throw new RampartError('E_KEY_INVALID', `${MASTER_KEY_ENV} must be the base64 encoding of ${KEY_BYTES} bytes`);
  }
  const key = Buffer.from(text.replace(/=$/, '').replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `${MASTER_KEY_ENV} must be the base64 encoding of ${KEY_BYTES} bytes`);
  return key;
}

// ---------------------------------------------------------------------------------------------
// Shamir shares
//
// A share as typed by a person: `rampart-share-v1:` then lowercase RFC 4648 base32 of
//   format (1) || threshold (1) || set id (4) || raw share (key bytes + x coordinate) || checksum (4)
// in dash-separated groups. The checksum (SHA-256 over the label and body) catches a mistyped or
// truncated share before it can poison the combination; the set id tells shares of different splits
// apart; the threshold lets unseal know when it has enough.

const SHARE_PREFIX = 'rampart-share-v1:';
const SHARE_FORMAT = 1;
const SET_ID_BYTES = 4;
const CHECKSUM_BYTES = 4;
const RAW_SHARE_BYTES = KEY_BYTES + 1;
const SHARE_BODY_BYTES = 2 + SET_ID_BYTES + RAW_SHARE_BYTES + CHECKSUM_BYTES;
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

export interface DecodedShare {
  threshold: number;
  /** Hex id of the split this share belongs to. */
  setId: string;
  /** The shamir-secret-sharing share (y bytes then x). Zero it after use. */
  raw: Buffer;
}

/** Splits a master key into `shares` encoded shares, any `threshold` of which rebuild it. */
export async function split(key: Buffer, shares: number, threshold: number): Promise<string[]> {
  if (key.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `a master key is ${KEY_BYTES} bytes`);
  if (!Number.isInteger(shares) || !Number.isInteger(threshold) || threshold < 2 || shares < threshold || shares > 255) {
    throw new RampartError('E_USAGE', 'shares: need 2 <= threshold <= shares <= 255');
  }
  const { split: shamirSplit } = await import('shamir-secret-sharing');
  const raws = await shamirSplit(new Uint8Array(key), shares, threshold);
  const setId = randomBytes(SET_ID_BYTES);
  return raws.map((raw) => {
    const s = encodeShare(threshold, setId, raw);
    raw.fill(0);
    return s;
  });
}

/** Rebuilds a key from encoded shares (at least the threshold, all from one split). */
export async function combine(encoded: string[]): Promise<Buffer> {
  const decoded = encoded.map((s, i) => decodeShare(s, i + 1));
  try {
    return await combineDecoded(decoded);
  } finally {
    for (const d of decoded) d.raw.fill(0);
  }
}

async function combineDecoded(decoded: DecodedShare[]): Promise<Buffer> {
  const first = decoded[0];
  if (!first) throw new RampartError('E_SHARE_INVALID', 'no shares given');
  for (const d of decoded) {
    if (d.setId !== first.setId || d.threshold !== first.threshold) {
      throw new RampartError('E_SHARE_INVALID', 'the shares come from different splits of the key');
    }
  }
  const xs = new Set(decoded.map((d) => d.raw[RAW_SHARE_BYTES - 1]));
  if (xs.size !== decoded.length) throw new RampartError('E_SHARE_INVALID', 'the same share was given twice');
  if (decoded.length < first.threshold) {
    throw new RampartError('E_SHARE_INVALID', `${decoded.length} of the ${first.threshold} shares needed`);
  }
  const { combine: shamirCombine } = await import('shamir-secret-sharing');
  const out = await shamirCombine(decoded.slice(0, first.threshold).map((d) => new Uint8Array(d.raw)));
  const key = Buffer.from(out);
  out.fill(0);
  return key;
}

function encodeShare(threshold: number, setId: Buffer, raw: Uint8Array): string {
  const body = Buffer.alloc(SHARE_BODY_BYTES);
  body[0] = SHARE_FORMAT;
  body[1] = threshold;
  setId.copy(body, 2);
  Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).copy(body, 2 + SET_ID_BYTES);
  shareChecksum(body.subarray(0, SHARE_BODY_BYTES - CHECKSUM_BYTES)).copy(body, SHARE_BODY_BYTES - CHECKSUM_BYTES);
  const text = base32(body);
  body.fill(0);
  return SHARE_PREFIX + (text.match(/.{1,6}/g) ?? []).join('-');
}

/**
 * Decodes one typed share. Errors name the share by its position (`n`), never quote it: a share is a
 * secret and error messages end up in logs.
 */
export function decodeShare(text: string, n = 1): DecodedShare {
  const which = `share ${n}`;
  if (typeof text !== 'string' || text.length > 512) throw new RampartError('E_SHARE_INVALID', `${which} is not a Rampart key share`);
  const t = text.trim().toLowerCase();
  if (!t.startsWith(SHARE_PREFIX)) throw new RampartError('E_SHARE_INVALID', `${which} is not a Rampart key share (it should start with ${SHARE_PREFIX})`);
  const letters = t.slice(SHARE_PREFIX.length).replace(/[-\s]/g, '');
  const body = unbase32(letters);
  if (!body) throw new RampartError('E_SHARE_INVALID', `${which} holds a character that cannot appear in a share: check for a typo`);
  try {
    if (body.length !== SHARE_BODY_BYTES) throw new RampartError('E_SHARE_INVALID', `${which} has the wrong length: check that it was copied whole`);
    const want = shareChecksum(body.subarray(0, SHARE_BODY_BYTES - CHECKSUM_BYTES));
    if (!timingSafeEqual(want, body.subarray(SHARE_BODY_BYTES - CHECKSUM_BYTES))) {
      throw new RampartError('E_SHARE_INVALID', `${which} is mistyped (its checksum does not match): check it and enter it again`);
    }
    if (body[0] !== SHARE_FORMAT) throw new RampartError('E_SHARE_INVALID', `${which} has an unknown format version`);
    const threshold = body[1]!;
    if (threshold < 2) throw new RampartError('E_SHARE_INVALID', `${which} has an invalid threshold`);
    const raw = Buffer.from(body.subarray(2 + SET_ID_BYTES, 2 + SET_ID_BYTES + RAW_SHARE_BYTES));
    return { threshold, setId: body.subarray(2, 2 + SET_ID_BYTES).toString('hex'), raw };
  } finally {
    body.fill(0);
  }
}

function shareChecksum(data: Buffer): Buffer {
  return createHash('sha256').update(SHARE_PREFIX).update(data).digest().subarray(0, CHECKSUM_BYTES);
}

function base32(b: Buffer): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of b) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
}

/** Undefined on a character outside the alphabet. */
function unbase32(s: string): Buffer | undefined {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of s) {
    const v = B32.indexOf(ch);
    if (v < 0) return undefined;
    acc = ((acc << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  const buf = Buffer.from(out);
  out.fill(0);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Keyring

/** A master_keys row: what a loaded key is verified against. */
export interface KnownKey {
  id: string;
  checkValue: Buffer;
  createdAt: string;
  retiredAt: string | null;
  /**
   * How the key was split at init (0011); absent for a key file. A split made before 0011 has its
   * threshold recorded the first time its shares unseal (Keyring.learnThreshold); its share count
   * stays unknown (null): shares do not carry it.
   */
  split?: { shares: number | null; threshold: number } | null;
}

/** What GET sys/seal-status says (Vault's names: t of n shares, progress so far). */
export interface SealStatus {
  sealed: boolean;
  /**
   * Shares needed and made, for a split recorded at init; null for a key file. A split made before
   * 0011: t from its first unseal on (recorded), or from a share given now; n stays null.
   */
  t: number | null;
  n: number | null;
  /** Shares given so far towards the threshold (0 once unsealed). */
  progress: number;
}

export interface UnsealProgress {
  sealed: boolean;
  /** Shares accepted so far for this share's split (0 once unsealed). */
  have: number;
  /** Shares needed; undefined until the first share arrives. */
  threshold?: number;
  /** The key that was loaded, when this share completed one. */
  keyId?: string;
}

/**
 * The loaded master keys. Sealed until the current key (the newest unretired master_keys row) is
 * loaded. Older unretired keys may be loaded too: during a rotation, rows not yet rewrapped still
 * need them. Keys are verified against their stored check value before they are accepted.
 */
/**
 * How long a key retired by a rotation stays usable for reads and writes already under way (a row
 * read just before its rewrap committed); it is zeroed after that, or at seal.
 */
const RETIRE_GRACE_MS = 30_000;

/** An unseal attempt nobody has added a share to for this long is forgotten. */
export const UNSEAL_ATTEMPT_TTL_MS = 15 * 60_000;
/** Shares held by all unseal attempts together, at most (about 100 bytes each). */
export const UNSEAL_MAX_PENDING_SHARES = 4096;

interface UnsealAttempt {
  shares: DecodedShare[];
  /** When a share was last added (ms). */
  touched: number;
}

export interface KeyringOptions {
  /** Clock for unseal attempt timeouts (tests). */
  now?: () => number;
  /** Shares kept across unseal attempts (default UNSEAL_MAX_PENDING_SHARES). */
  maxPendingShares?: number;
}

export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  private readonly retiring = new Map<string, Buffer>();
  private readonly graceTimers = new Set<NodeJS.Timeout>();
  private known: KnownKey[];
  /** Unseal attempts by split (`setId/threshold`), least recently advanced first. */
  private readonly pending = new Map<string, UnsealAttempt>();
  private pendingCount = 0;
  private readonly maxPendingShares: number;
  private readonly now: () => number;
  /** Recently unwrapped data keys (data-key-cache.ts: why that is acceptable); wiped on seal and rotation. */
  readonly dataKeys = new DataKeyCache();

  constructor(known: KnownKey[], opts: KeyringOptions = {}) {
    this.known = sortKnown(known);
    this.now = opts.now ?? Date.now;
    this.maxPendingShares = opts.maxPendingShares ?? UNSEAL_MAX_PENDING_SHARES;
  }

  /** A keyring for this store, with nothing loaded yet. */
  static async load(store: Store): Promise<Keyring> {
    return new Keyring(await readKnown(store.db));
  }

  /**
   * Re-reads master_keys (another process rotated, or rotateMaster added a key) and forgets keys
   * that have been retired since: no row needs them any more.
   */
  async refresh(store: Store): Promise<void> {
    this.known = sortKnown(await readKnown(store.db));
    // A rotation rewraps every data key: none cached under the old wrapping is kept.
    this.dataKeys.clear();
    for (const k of this.known) {
      const held = this.keys.get(k.id);
      if (k.retiredAt !== null && held) {
        this.keys.delete(k.id);
        this.retiring.set(k.id, held);
        const t = setTimeout(() => {
          this.graceTimers.delete(t);
          if (this.retiring.get(k.id) === held) this.retiring.delete(k.id);
          held.fill(0);
        }, RETIRE_GRACE_MS);
        t.unref();
        this.graceTimers.add(t);
      }
    }
  }

  /** The id new secret versions are wrapped under. */
  get currentId(): string {
    const cur = this.known.find((k) => k.retiredAt === null);
    if (!cur) throw new RampartError('E_NOT_INITIALIZED', 'no master key is registered: run `rampart server init` first');
    return cur.id;
  }

  get sealed(): boolean {
    const cur = this.known.find((k) => k.retiredAt === null);
    return !cur || !this.keys.has(cur.id);
  }

  /** Ids of the unretired keys that are not loaded (the keys an interrupted rotation still needs). */
  missing(): string[] {
    return this.known.filter((k) => k.retiredAt === null && !this.keys.has(k.id)).map((k) => k.id);
  }

  /**
   * Loads a key after checking it against its stored check value. Keeps its own copy: the caller
   * may zero its buffer. Returns the key id.
   */
  add(key: Buffer): string {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `a master key is ${KEY_BYTES} bytes`);
    const id = masterKeyIdOf(key);
    const row = this.known.find((k) => k.id === id);
    if (!row || !verifyMasterKeyCheck(key, row.checkValue)) {
      throw new RampartError('E_KEY_MISMATCH', 'this master key does not belong to this database (wrong key file, variable or shares?)');
    }
    if (row.retiredAt !== null && !this.keys.has(id)) {
      throw new RampartError('E_KEY_RETIRED', `master key ${id} was retired by a rotation; load the current key`);
    }
    if (!this.keys.has(id)) this.keys.set(id, Buffer.from(key));
    return id;
  }

  /**
   * Takes one typed share. Shares are kept per split (set id and threshold) until their threshold;
   * then that split's shares rebuild a key, which is verified against the stored check value and
   * loaded. A repeated share is refused without losing progress; a rebuilt key the database does
   * not know drops only that split's attempt.
   *
   * Why per split: the route is public and a share's checksum is a public hash, so anyone can mint
   * a well-formed share of a split of their own. Were one pending attempt reset by a share of
   * another split, one anonymous request between two holders' shares would keep the vault sealed.
   * Now a foreign share only starts an attempt of its own. Attempts are bounded in memory: one
   * nobody adds to for UNSEAL_ATTEMPT_TTL_MS is forgotten, and past `maxPendingShares` shares in
   * all, the least recently advanced attempts are dropped first (to push a holder's attempt out,
   * a flood must post that many well-formed shares between two of its shares, through the route's
   * per-client rate limit). Joining a holder's attempt needs its 32-bit set id, which only the
   * holders' shares carry and no answer or audit entry shows.
   */
  async unseal(share: string): Promise<UnsealProgress> {
    this.expireUnseal();
    const d = decodeShare(share, 1);
    const group = `${d.setId}/${d.threshold}`;
    let attempt = this.pending.get(group);
    if (attempt?.shares.some((p) => p.raw[RAW_SHARE_BYTES - 1] === d.raw[RAW_SHARE_BYTES - 1])) {
      d.raw.fill(0);
      throw new RampartError('E_SHARE_INVALID', 'this share was already given; enter a different one');
    }
    if (attempt) this.pending.delete(group); // re-inserted below: Map order = least recently advanced first
    else attempt = { shares: [], touched: 0 };
    attempt.shares.push(d);
    attempt.touched = this.now();
    this.pending.set(group, attempt);
    this.pendingCount++;
    this.trimUnseal(group);
    if (attempt.shares.length < d.threshold) return { sealed: this.sealed, have: attempt.shares.length, threshold: d.threshold };
    const shares = attempt.shares;
    this.pending.delete(group);
    this.pendingCount -= shares.length;
    let key: Buffer | undefined;
    try {
      key = await combineDecoded(shares);
      const keyId = this.add(key);
      // Unsealed: the other attempts are moot (a later one would only load the same key again).
      if (!this.sealed) this.resetUnseal();
      return { sealed: this.sealed, have: 0, threshold: d.threshold, keyId };
    } catch (e) {
      if (e instanceof RampartError && e.code === 'E_KEY_MISMATCH') {
        throw new RampartError('E_UNSEAL_FAILED', 'the shares do not rebuild a master key of this database; that attempt starts over (other attempts are kept)');
      }
      throw e;
    } finally {
      key?.fill(0);
      for (const s of shares) s.raw.fill(0);
    }
  }

  /**
   * Threshold, share count and progress for seal-status. Progress is that of the attempt with the
   * most shares among those of the recorded threshold (any attempt when none is recorded): a
   * foreign split's attempt of another threshold does not show. It reveals no set id.
   */
  sealStatus(): SealStatus {
    this.expireUnseal();
    const sealed = this.sealed;
    const split = this.known.find((k) => k.retiredAt === null)?.split ?? null;
    let progress = 0;
    let t = split?.threshold ?? null;
    if (sealed) {
      for (const [group, a] of this.pending) {
        const threshold = Number(group.slice(group.lastIndexOf('/') + 1));
        if (split && threshold !== split.threshold) continue;
        if (a.shares.length > progress) {
          progress = a.shares.length;
          if (!split) t = threshold;
        }
      }
    }
    return { sealed, t, n: split?.shares ?? null, progress };
  }

  /**
   * Whether `keyId`'s split threshold is unrecorded (a split made before migration 0011): the
   * caller that has just unsealed with its shares records it (recordSplitThreshold) and tells
   * the keyring (learnThreshold), so seal-status knows t before any share from then on.
   */
  thresholdUnknown(keyId: string): boolean {
    const k = this.known.find((x) => x.id === keyId);
    return k !== undefined && !k.split;
  }

  /** The threshold of `keyId`'s split, learnt from the shares that unsealed it (n stays unknown). */
  learnThreshold(keyId: string, threshold: number): void {
    this.known = this.known.map((k) => (k.id === keyId && !k.split ? { ...k, split: { shares: null, threshold } } : k));
  }

  /** Unseal attempts in progress (one per split that shares were given for). */
  get pendingAttempts(): number {
    return this.pending.size;
  }

  /** Shares held by unseal attempts in progress (all splits). */
  get pendingShares(): number {
    return this.pendingCount;
  }

  /** Forgets attempts nobody has added to for UNSEAL_ATTEMPT_TTL_MS. */
  private expireUnseal(): void {
    const t = this.now();
    for (const [group, a] of this.pending) {
      // Least recently advanced first: the first one still fresh ends the scan.
      if (t - a.touched < UNSEAL_ATTEMPT_TTL_MS) break;
      this.dropAttempt(group, a);
    }
  }

  /** Drops the least recently advanced attempts (never `keep`) while over the share budget. */
  private trimUnseal(keep: string): void {
    for (const [group, a] of this.pending) {
      if (this.pendingCount <= this.maxPendingShares) return;
      if (group !== keep) this.dropAttempt(group, a);
    }
  }

  private dropAttempt(group: string, a: UnsealAttempt): void {
    for (const s of a.shares) s.raw.fill(0);
    this.pendingCount -= a.shares.length;
    this.pending.delete(group);
  }

  /** Forgets the shares given so far (every attempt). */
  resetUnseal(): void {
    for (const a of this.pending.values()) for (const s of a.shares) s.raw.fill(0);
    this.pending.clear();
    this.pendingCount = 0;
  }

  /** The current key; E_SEALED while it is not loaded. */
  current(): MasterKey {
    const id = this.currentId;
    const key = this.keys.get(id);
    if (!key) throw new RampartError('E_SEALED', 'the vault is sealed: unseal it (`rampart server unseal`) first');
    return { id, key };
  }

  /** A loaded key by id (lookup for envelope.open), or undefined. */
  get(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  /** For envelope.open: loaded keys, and keys retired within the grace period. */
  readonly lookup = (id: string): Buffer | undefined => this.keys.get(id) ?? this.retiring.get(id);

  /**
   * Runs `fn` with the data key of one secret version, unwrapped from `wrapped` under master key
   * `keyId` (loaded, or retired within the grace period) or taken from the data key cache. `fn`
   * must use the key synchronously and never keep it: it is zeroed or cached after.
   */
  /** `stamp`: dataKeys.stamp taken before the row was read (a key from a row read before a change is not kept). */
  withDataKey<T>(secret: string, version: number, keyId: string, wrapped: Buffer, fn: (dataKey: Buffer) => T, stamp?: number): T {
    const master = this.lookup(keyId);
    if (!master) throw new RampartError('E_VAULT_KEY_UNAVAILABLE', `master key ${keyId} is not loaded`);
    const hit = this.dataKeys.get(secret, version, keyId, wrapped);
    if (hit !== undefined) return fn(hit);
    const dk = unwrapDataKey(wrapped, { id: keyId, key: master });
    try {
      const out = fn(dk);
      // Cached only once it has opened a value: a key that fails to is never kept.
      this.dataKeys.set(secret, version, keyId, wrapped, dk, stamp);
      return out;
    } finally {
      dk.fill(0);
    }
  }

  /**
   * A secret version's value: the copy kept from opening exactly this ciphertext a moment ago
   * (data-key-cache.ts), or `open` with its data key (withDataKey), kept for the next read. The
   * master key must be loaded either way (a sealed or retired key opens nothing). The caller owns
   * the result and zeroes it.
   */
  openValue(secret: string, version: number, keyId: string, wrapped: Buffer, ciphertext: Buffer, open: (dataKey: Buffer) => Buffer, stamp?: number): Buffer {
    if (!this.lookup(keyId)) throw new RampartError('E_VAULT_KEY_UNAVAILABLE', `master key ${keyId} is not loaded`);
    const kept = this.dataKeys.openedValue(secret, version, keyId, wrapped, ciphertext);
    if (kept !== undefined) return kept;
    const value = this.withDataKey(secret, version, keyId, wrapped, open, stamp);
    this.dataKeys.keepOpened(secret, version, keyId, wrapped, ciphertext, value, stamp);
    return value;
  }

  /** Forgets every key and share (zeroing them). */
  seal(): void {
    this.dataKeys.clear();
    for (const k of this.keys.values()) k.fill(0);
    this.keys.clear();
    for (const t of this.graceTimers) clearTimeout(t);
    this.graceTimers.clear();
    for (const k of this.retiring.values()) k.fill(0);
    this.retiring.clear();
    this.resetUnseal();
  }
}

function sortKnown(rows: KnownKey[]): KnownKey[] {
  // Newest first: the first unretired key is the current one.
  return [...rows].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
}

/**
 * Records the threshold of a split made before migration 0011, learnt when its shares unsealed
 * `keyId` (only where none is recorded: init's t and n are never overwritten).
 */
export async function recordSplitThreshold(db: Kysely<Schema>, keyId: string, threshold: number): Promise<void> {
  await db.updateTable('master_keys').set({ key_threshold: threshold }).where('id', '=', keyId).where('key_threshold', 'is', null).execute();
}

async function readKnown(db: Kysely<Schema> | Transaction<Schema>): Promise<KnownKey[]> {
  const rows = await db.selectFrom('master_keys').select(['id', 'check_value', 'created_at', 'retired_at', 'key_shares', 'key_threshold']).execute();
  return rows.map((r) => ({
    id: r.id,
    checkValue: r.check_value,
    createdAt: r.created_at,
    retiredAt: r.retired_at,
    split: r.key_threshold !== null ? { shares: r.key_shares, threshold: r.key_threshold } : null,
  }));
}

/**
 * Loads the key from the environment or the key file, whichever is set (environment first).
 * Returns undefined when neither is: the server then starts sealed and waits for shares.
 */
export function loadConfiguredKey(o: { keyFile?: string; env?: NodeJS.ProcessEnv }): { source: 'env' | 'file'; key: Buffer } | undefined {
  const fromEnv = keyFromEnv(o.env ?? process.env);
  if (fromEnv) return { source: 'env', key: fromEnv };
  if (!o.keyFile) return undefined;
  try {
    return { source: 'file', key: readKeyFile(o.keyFile) };
  } catch (e) {
    if (e instanceof RampartError && e.code === 'E_NOT_INITIALIZED') return undefined;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Rotation

export interface RotateOptions {
  /** Rows rewrapped per transaction (default 200). */
  batchSize?: number;
  /** Called after each committed batch (progress reporting, tests). */
  onBatch?: (done: number) => void | Promise<void>;
  /**
   * Called once the new key is current, before rows are rewrapped: an online rotation waits here
   * for writes that took the old key before the switch to commit (see rotateOnline).
   */
  drain?: () => Promise<void>;
}

export interface RotateResult {
  newKeyId: string;
  rewrapped: number;
  batches: number;
  /** Keys retired at the end (no row uses them any more). */
  retired: string[];
}

/**
 * Makes `newKey` the current master key and rewraps every data key under it. Batched: each batch is
 * one transaction that rewraps rows still under an older key, each row updated only if it is
 * unchanged since it was read. A crash between batches leaves every row wrapped under either the
 * old or the new key (both stay registered), so calling rotateMaster again with the same new key and
 * the old key loaded resumes. Old keys are retired once no row uses them.
 *
 * Persist the new key (key file, shares) BEFORE calling this: rows rewrapped under a key nobody
 * kept are lost.
 */
export async function rotateMaster(store: Store, keyring: Keyring, newKey: Buffer, o: RotateOptions = {}): Promise<RotateResult> {
  const batchSize = o.batchSize ?? 200;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RampartError('E_USAGE', 'batchSize must be a positive integer');
  if (newKey.length !== KEY_BYTES) throw new RampartError('E_KEY_INVALID', `a master key is ${KEY_BYTES} bytes`);
  const newId = masterKeyIdOf(newKey);
  await registerKey(store, newKey, newId);
  await keyring.refresh(store);
  keyring.add(newKey);
  const to: MasterKey = { id: newId, key: keyring.get(newId)! };
  await o.drain?.();

  let rewrapped = 0;
  let batches = 0;
  for (;;) {
    const n = await writeTx(store, async (tx) => {
      let q = tx
        .selectFrom('secret_versions')
        .select(['secret_id', 'version', 'key_id', 'wrapped_data_key'])
        .where('key_id', '<>', newId)
        .orderBy('secret_id')
        .orderBy('version')
        .limit(batchSize);
      // PostgreSQL, online: lock the batch up front and skip rows a vault write holds (it may be
      // destroying old versions), so the two never wait on each other in a cycle; skipped rows
      // come up in a later batch or a resumed pass.
      if (store.dialect !== 'sqlite') q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      for (const r of rows) {
        if (r.wrapped_data_key === null) {
          // Destroyed: nothing to rewrap, but move it off the old key so the key can retire.
          await tx
            .updateTable('secret_versions')
            .set({ key_id: newId })
            .where('secret_id', '=', r.secret_id)
            .where('version', '=', r.version)
            .where('key_id', '=', r.key_id)
            .where('wrapped_data_key', 'is', null)
            .execute();
          continue;
        }
        const fromKey = keyring.get(r.key_id);
        if (!fromKey) {
          throw new RampartError('E_VAULT_KEY_UNAVAILABLE', `rotation needs master key ${r.key_id} (rows are still wrapped under it): load it and run the rotation again`);
        }
        const wrapped = rewrapDataKey(r.wrapped_data_key, { id: r.key_id, key: fromKey }, to);
        // Conditional on the exact old wrapped key: a row destroyed meanwhile stays destroyed.
        await tx
          .updateTable('secret_versions')
          .set({ wrapped_data_key: wrapped, key_id: newId })
          .where('secret_id', '=', r.secret_id)
          .where('version', '=', r.version)
          .where('key_id', '=', r.key_id)
          .where('wrapped_data_key', '=', r.wrapped_data_key)
          .execute();
      }
      return rows.length;
    });
    if (n === 0) break;
    rewrapped += n;
    batches += 1;
    await o.onBatch?.(rewrapped);
  }

  const retired = await writeTx(store, async (tx) => {
    // PostgreSQL: wait for inserts in flight and hold new ones off until the decision commits.
    if (store.dialect !== 'sqlite') await sql`lock table secret_versions in share row exclusive mode`.execute(tx);
    const left = await tx.selectFrom('secret_versions').select('key_id').where('key_id', '<>', newId).limit(1).execute();
    if (left.length > 0) return [];
    const old = await tx.selectFrom('master_keys').select('id').where('id', '<>', newId).where('retired_at', 'is', null).execute();
    if (old.length > 0) {
      await tx.updateTable('master_keys').set({ retired_at: isoNow() }).where('id', '<>', newId).where('retired_at', 'is', null).execute();
    }
    return old.map((r) => r.id);
  });
  await keyring.refresh(store);
  return { newKeyId: newId, rewrapped, batches, retired };
}

/** Inserts the key's master_keys row, or checks an existing one (resuming a rotation). */
async function registerKey(store: Store, key: Buffer, id: string): Promise<void> {
  await writeTx(store, async (tx) => {
    const row = await tx.selectFrom('master_keys').select(['check_value', 'retired_at']).where('id', '=', id).executeTakeFirst();
    if (row) {
      if (row.retired_at !== null) throw new RampartError('E_KEY_RETIRED', 'this master key was retired; rotate to a fresh key');
      if (!verifyMasterKeyCheck(key, row.check_value)) throw new RampartError('E_KEY_MISMATCH', 'stored check value does not match the new key');
      return;
    }
    // A created_at after every existing key makes it the current one (Keyring sorts by created_at).
    const newest = await tx.selectFrom('master_keys').select('created_at').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    let createdAt = isoNow();
    if (newest && newest.created_at >= createdAt) createdAt = new Date(Date.parse(newest.created_at) + 1).toISOString();
    await tx.insertInto('master_keys').values({ id, check_value: masterKeyCheck(key), created_at: createdAt, retired_at: null }).execute();
  });
}



// ---------------------------------------------------------------------------------------------
// Key files in the data directory, across a rotation

export interface DataDirKeys {
  source: 'env' | 'file' | 'none';
  /** Key ids loaded into the keyring. */
  loaded: string[];
}

/**
 * Loads whatever keys the data directory (or RAMPART_MASTER_KEY) holds into the keyring, so a
 * server restarted in the middle of a key-file rotation reads every row: master.key and, when
 * present, master.key.next. A next key the database never registered (crash before the rotation
 * began) and a master.key already retired (crash after it ended, before the rename) are skipped.
 * Anything else wrong (bad mode, wrong key) is an error. With no key at all the keyring stays
 * sealed: the server then waits for shares (Keyring.unseal).
 */
export function loadDataDirKeys(keyring: Keyring, o: { dataDir: string; env?: NodeJS.ProcessEnv }): DataDirKeys {
  const fromEnv = keyFromEnv(o.env ?? process.env);
  if (fromEnv) {
    try {
      return { source: 'env', loaded: [keyring.add(fromEnv)] };
    } finally {
      fromEnv.fill(0);
    }
  }
  const loaded: string[] = [];
  for (const [file, skip] of [
    [MASTER_KEY_FILE, 'E_KEY_RETIRED'],
    [NEXT_KEY_FILE, 'E_KEY_MISMATCH'],
  ] as const) {
    const path = join(o.dataDir, file);
    if (!existsSync(path)) continue;
    const key = readKeyFile(path);
    try {
      loaded.push(keyring.add(key));
    } catch (e) {
      if (!(e instanceof RampartError && e.code === skip)) throw e;
    } finally {
      key.fill(0);
    }
  }
  return { source: loaded.length > 0 ? 'file' : 'none', loaded };
}

/**
 * Rotates a key-file master key: writes a fresh key to master.key.next (0600) before anything uses
 * it, rewraps every row (rotateMaster), then renames it over master.key. Resumable at each step:
 * run again after a crash and it continues with the existing master.key.next. The keyring must
 * hold the current key (loadDataDirKeys loads both files after a crash).
 */
export async function rotateKeyFile(store: Store, keyring: Keyring, dataDir: string, o: RotateOptions = {}): Promise<RotateResult> {
  const nextPath = join(dataDir, NEXT_KEY_FILE);
  let next: Buffer;
  if (existsSync(nextPath)) {
    next = readKeyFile(nextPath);
  } else {
    next = generateMasterKey();
    writeKeyFile(nextPath, next);
  }
  try {
    const r = await rotateMaster(store, keyring, next, o);
    // Replace master.key only once no row needs it (another process may have written under it meanwhile).
    const live = await store.db.selectFrom('master_keys').select('id').where('id', '<>', r.newKeyId).where('retired_at', 'is', null).execute();
    if (live.length > 0) {
      throw new RampartError('E_ROTATION_INCOMPLETE', 'rows were written under the old master key during the rotation; run the rotation again');
    }
    renameSync(nextPath, join(dataDir, MASTER_KEY_FILE));
    fsyncDir(dataDir);
    return r;
  } finally {
    next.fill(0);
  }
}

/** Makes a rename in `dir` durable. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Online rotation (POST /api/v1/sys/rotate-master-key)

/**
 * Waits for vault writes that may still hold the previous current key. SQLite: writes are
 * serialised on one connection (or the writer thread, drained by the caller), so one empty write
 * transaction queues behind them. PostgreSQL: a SHARE lock on `secrets` waits for every transaction
 * that has begun a write; taken twice, so a write that was queued behind the first lock (it asked
 * for its connection before the key switch) has committed too.
 */
export async function drainWrites(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await writeTx(store, async () => undefined);
    return;
  }
  for (let round = 0; round < 2; round++) {
    await store.db.transaction().execute(async (tx) => {
      await sql`lock table secrets in share mode`.execute(tx);
    });
  }
}

export interface OnlineRotateOptions extends Omit<RotateOptions, 'drain'> {
  /** Waits for writes queued outside the store's connection (the SQLite writer thread). */
  drain?: () => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

const rotating = new WeakSet<Keyring>();

/**
 * Rotates the master key of a running server (the keyring it serves with): a key-file server only.
 * New writes switch to the new key as soon as it is registered; reads keep working throughout
 * (rows are readable under either key until each is rewrapped); master.key is replaced by the new
 * key at the end (the old key is not kept). A key from RAMPART_MASTER_KEY or from Shamir shares is
 * refused: the server cannot persist a new one for those before rows depend on it.
 */
export async function rotateOnline(store: Store, keyring: Keyring, dataDir: string, o: OnlineRotateOptions = {}): Promise<RotateResult> {
  if (keyFromEnv(o.env ?? process.env)) {
    throw new RampartError(
      'E_ROTATE_UNSUPPORTED',
      `the master key comes from ${MASTER_KEY_ENV}, which a running server cannot replace: online rotation needs a master.key file in the data directory`,
    );
  }
  if (!existsSync(join(dataDir, MASTER_KEY_FILE))) {
    throw new RampartError(
      'E_ROTATE_UNSUPPORTED',
      'this server has no master.key (it was unsealed with key shares); online rotation would need new shares handed to every key holder, which the server does not do',
    );
  }
  keyring.current(); // E_SEALED before anything changes
  if (rotating.has(keyring)) throw new RampartError('E_ROTATION_RUNNING', 'a master key rotation is already running');
  rotating.add(keyring);
  try {
    const drain = async () => {
      await o.drain?.();
      await drainWrites(store);
    };
    // A write that took the old key and committed after the rewrap pass leaves the old key live:
    // resume (same master.key.next) until it is retired.
    for (let attempt = 1; ; attempt++) {
      try {
        return await rotateKeyFile(store, keyring, dataDir, { ...o, drain });
      } catch (e) {
        if (!(e instanceof RampartError && e.code === 'E_ROTATION_INCOMPLETE') || attempt >= 3) throw e;
      }
    }
  } finally {
    rotating.delete(keyring);
  }
}
