/**
 * Unwrapped data keys of recently read secret versions, so a read opens its value with one AES-GCM
 * decryption instead of two (unwrapping the data key under the master key costs as much as
 * opening the value); and, for a second, the values they opened, so a secret read again at once
 * needs no decryption at all (setting up an AES-GCM decipher is most of a read's own CPU time, and
 * Node offers no way to reuse one).
 *
 * SECURITY TRADE-OFF (deliberate, issue 7 speed goal): data keys stay in this process's memory
 * for up to `ttlMs` after a read, as the master key that wraps every one of them already does for
 * the server's whole life. Whoever can read this process's memory has the master key anyway, so
 * the cache widens no attack. An opened value is kept for at most `valueTtlMs` (1 s), only
 * while its data key is kept, and only when it is short (OPENED_VALUE_MAX_BYTES): the data key and
 * the encrypted row (vault.ts keeps that a second too) already held here give the same value in
 * one decryption, and every read puts the value in this heap anyway (its answer). Entries are
 * zeroed when they expire or are evicted, when their secret changes (write, delete, undelete,
 * destroy, policy), and all of them on seal and on master key rotation (Keyring); opened values
 * are also swept (zeroed) once they are older than `valueTtlMs`, read again or not.
 *
 * An entry is used only for the exact wrapped key it came from (same master key id, same bytes),
 * and a kept value only for the exact ciphertext it was opened from: a row rewrapped or edited in
 * the database misses and is opened again, so the cache can never answer for bytes it did not
 * verify. It answers every read as opening would, and sits below authentication, authorisation
 * and audit, which every read still goes through.
 */

/** Data keys kept at most (each 32 bytes plus its wrapped form). */
export const DATA_KEY_CACHE_MAX = 1024;
/** How long an unwrapped data key is kept after it was unwrapped. */
export const DATA_KEY_TTL_MS = 60_000;
/** How long an opened value is kept after it was opened (plaintext: a second, not a minute). */
export const OPENED_VALUE_TTL_MS = 1_000;
/** Longer values are never kept: at most DATA_KEY_CACHE_MAX values of this size are held. */
export const OPENED_VALUE_MAX_BYTES = 4096;

interface Entry {
  secret: string;
  version: number;
  keyId: string;
  /** A private copy of the wrapped key this data key was unwrapped from. */
  wrapped: Buffer;
  key: Buffer;
  expiresAt: number;
  /** The value opened with `key`, a private copy (zeroed when dropped), and until when it is used. */
  value: Buffer | undefined;
  /** A private copy of the ciphertext `value` was opened from. */
  valueOf: Buffer | undefined;
  valueUntil: number;
}

export class DataKeyCache {
  /** Insertion order is recency order: a hit moves its entry to the end, eviction takes the front. */
  private readonly entries = new Map<string, Entry>();
  /** Entry keys by secret, so a change to a secret drops all its versions at once. */
  private readonly bySecret = new Map<string, Set<string>>();
  /** The entry last moved to (or set at) the end of `entries`, if it is still there. */
  private last: Entry | undefined;
  /**
   * Counts forgetSecret and clear calls. A reader takes it before reading its row and passes it
   * to set(): if any secret changed in between (its row may be from before a destroy), the key is
   * used for that read but not kept. One counter for all secrets: bounded, and at worst a read
   * racing another secret's change is not cached.
   */
  private changes = 0;

  /** The change stamp to take before reading a row whose data key may be set() afterwards. */
  get stamp(): number {
    return this.changes;
  }

  /** Entries holding an opened value, and the timer that sweeps expired ones. */
  private withValue = 0;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly max = DATA_KEY_CACHE_MAX,
    private readonly ttlMs = DATA_KEY_TTL_MS,
    private readonly now: () => number = Date.now,
    private readonly valueTtlMs = Math.min(OPENED_VALUE_TTL_MS, ttlMs),
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The data key unwrapped earlier from exactly `wrapped` under `keyId` for this secret version,
   * or undefined. The caller uses it at once (synchronously) and never zeroes or keeps it.
   */
  get(secret: string, version: number, keyId: string, wrapped: Buffer): Buffer | undefined {
    return this.live(secret, version, keyId, wrapped)?.key;
  }

  /**
   * The value opened earlier from exactly `ciphertext` with this secret version's data key (itself
   * from exactly `wrapped` under `keyId`), as a new copy the caller owns (and should zero); or
   * undefined.
   */
  openedValue(secret: string, version: number, keyId: string, wrapped: Buffer, ciphertext: Buffer): Buffer | undefined {
    const e = this.live(secret, version, keyId, wrapped);
    if (e?.value === undefined) return undefined;
    if (this.now() >= e.valueUntil) {
      this.dropValue(e);
      return undefined;
    }
    if (!e.valueOf!.equals(ciphertext)) return undefined;
    const copy = Buffer.allocUnsafe(e.value.length);
    e.value.copy(copy);
    return copy;
  }

  /**
   * Keeps a copy of the value just opened from `ciphertext` with the data key set() kept for this
   * secret version (nothing is kept without it, for a long value, or when a secret changed since
   * `stamp`, as in set()).
   */
  keepOpened(secret: string, version: number, keyId: string, wrapped: Buffer, ciphertext: Buffer, value: Buffer, stamp: number = this.changes): void {
    if (this.valueTtlMs <= 0 || value.length > OPENED_VALUE_MAX_BYTES || stamp !== this.changes) return;
    const e = this.live(secret, version, keyId, wrapped);
    if (e === undefined) return;
    this.dropValue(e);
    e.value = Buffer.alloc(value.length);
    value.copy(e.value);
    e.valueOf = Buffer.alloc(ciphertext.length);
    ciphertext.copy(e.valueOf);
    e.valueUntil = Math.min(this.now() + this.valueTtlMs, e.expiresAt);
    this.withValue++;
    this.sweepLater();
  }

  /** The live entry for exactly this wrapped key (expired ones are dropped), made most recent. */
  private live(secret: string, version: number, keyId: string, wrapped: Buffer): Entry | undefined {
    const k = entryKey(secret, version);
    const e = this.entries.get(k);
    if (e === undefined) return undefined;
    if (this.now() >= e.expiresAt) {
      this.drop(k, e);
      return undefined;
    }
    if (e.keyId !== keyId || !e.wrapped.equals(wrapped)) return undefined;
    // Most recently used goes last (already there when the same version is read again).
    if (e !== this.last) {
      this.entries.delete(k);
      this.entries.set(k, e);
      this.last = e;
    }
    return e;
  }

  /** Zeroes opened values older than their lifetime, whether or not they are read again. */
  private sweepLater(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      const t = this.now();
      for (const e of this.entries.values()) if (e.value !== undefined && t >= e.valueUntil) this.dropValue(e);
      if (this.withValue > 0) this.sweepLater();
    }, this.valueTtlMs);
    // Never keeps a process alive.
    this.sweeper.unref();
  }

  private dropValue(e: Entry): void {
    if (e.value === undefined) return;
    e.value.fill(0);
    e.valueOf!.fill(0);
    e.value = undefined;
    e.valueOf = undefined;
    this.withValue--;
  }

  /**
   * Keeps a copy of `key` (the caller may zero its own buffer), unless a secret changed since
   * `stamp` was taken (the row the key came from may be stale).
   */
  set(secret: string, version: number, keyId: string, wrapped: Buffer, key: Buffer, stamp: number = this.changes): void {
    if (this.max <= 0 || this.ttlMs <= 0 || stamp !== this.changes) return;
    const k = entryKey(secret, version);
    const old = this.entries.get(k);
    if (old !== undefined) this.drop(k, old);
    while (this.entries.size >= this.max) {
      const [firstKey, first] = this.entries.entries().next().value as [string, Entry];
      this.drop(firstKey, first);
    }
    // Buffer.alloc is never a slice of the shared pool: zeroing it wipes the only copy.
    const own = Buffer.alloc(key.length);
    key.copy(own);
    const wrappedCopy = Buffer.alloc(wrapped.length);
    wrapped.copy(wrappedCopy);
    const e: Entry = { secret, version, keyId, wrapped: wrappedCopy, key: own, expiresAt: this.now() + this.ttlMs, value: undefined, valueOf: undefined, valueUntil: 0 };
    this.entries.set(k, e);
    this.last = e;
    let set = this.bySecret.get(secret);
    if (set === undefined) {
      set = new Set();
      this.bySecret.set(secret, set);
    }
    set.add(k);
  }

  /** Drops (zeroing) every cached data key of one secret: it changed. */
  forgetSecret(secret: string): void {
    this.changes++;
    const set = this.bySecret.get(secret);
    if (set === undefined) return;
    for (const k of [...set]) {
      const e = this.entries.get(k);
      if (e !== undefined) this.drop(k, e);
    }
    this.bySecret.delete(secret);
  }

  /** Drops (zeroing) everything: seal, master key rotation. */
  clear(): void {
    this.changes++;
    for (const e of this.entries.values()) {
      e.key.fill(0);
      this.dropValue(e);
    }
    this.entries.clear();
    this.bySecret.clear();
    this.last = undefined;
  }

  private drop(k: string, e: Entry): void {
    if (this.last === e) this.last = undefined;
    e.key.fill(0);
    this.dropValue(e);
    this.entries.delete(k);
    const set = this.bySecret.get(e.secret);
    if (set !== undefined) {
      set.delete(k);
      if (set.size === 0) this.bySecret.delete(e.secret);
    }
  }
}

function entryKey(secret: string, version: number): string {
  return `${secret}\u0000${version}`;
}
