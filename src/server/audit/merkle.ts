import { createHash, hash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree hash over audit entry hashes.
 *
 *   MTH({})    = SHA-256()
 *   MTH({d0})  = SHA-256(0x00 || d0)
 *   MTH(D[n])  = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))   k = largest power of two < n
 *
 * A leaf's data is the 32 raw bytes of an entry hash. Everything here is iterative: the tree is
 * built bottom-up level by level (an odd last node is carried up unchanged, which yields exactly
 * the RFC's left-balanced tree), and proofs walk loops over offsets instead of recursing.
 * Levels are stored as one contiguous Buffer each (32 bytes per node), so a million leaves cost
 * about 64 MB, not millions of small objects.
 */

const HASH_LEN = 32;
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);
const HEX64 = /^[0-9a-f]{64}$/;

export type Leaf = string | Buffer;

export class MerkleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleError';
  }
}

function leafData(l: Leaf): Buffer {
  if (typeof l === 'string') {
    if (!HEX64.test(l)) throw new MerkleError('leaf is not a 64-digit lowercase hex hash');
    return Buffer.from(l, 'hex');
  }
  return l;
}

export const emptyRoot = (): Buffer => createHash('sha256').digest();

/**
 * The prefixed input of a leaf or node hash, copied into one reused buffer and hashed one-shot
 * (crypto.hash): a Hash object and its updates cost more than the hashing of 33 or 65 bytes.
 */
const scratch = Buffer.alloc(1 + 2 * HASH_LEN);

export function leafHash(data: Buffer): Buffer {
  if (data.length !== HASH_LEN) return createHash('sha256').update(LEAF).update(data).digest();
  scratch[0] = LEAF[0]!;
  data.copy(scratch, 1);
  return hash('sha256', scratch.subarray(0, 1 + HASH_LEN), 'buffer');
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  if (left.length !== HASH_LEN || right.length !== HASH_LEN) return createHash('sha256').update(NODE).update(left).update(right).digest();
  scratch[0] = NODE[0]!;
  left.copy(scratch, 1);
  right.copy(scratch, 1 + HASH_LEN);
  return hash('sha256', scratch, 'buffer');
}

/** Largest power of two strictly less than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/** A tree over fixed leaves that answers roots and proofs for itself and any earlier size. */
export class MerkleTree {
  /** levels[h] holds the nodes of height h; node j covers leaves [j*2^h, min((j+1)*2^h, size)). */
  private readonly levels: Buffer[] = [];
  readonly size: number;

  constructor(leaves: readonly Leaf[]) {
    this.size = leaves.length;
    let level = Buffer.alloc(leaves.length * HASH_LEN);
    leaves.forEach((l, i) => leafHash(leafData(l)).copy(level, i * HASH_LEN));
    this.levels.push(level);
    let count = leaves.length;
    while (count > 1) {
      const next = Math.ceil(count / 2);
      const up = Buffer.alloc(next * HASH_LEN);
      for (let j = 0; j < next; j++) {
        const l = 2 * j;
        const h = l + 1 < count ? nodeHash(this.node(level, l), this.node(level, l + 1)) : this.node(level, l);
        h.copy(up, j * HASH_LEN);
      }
      this.levels.push(up);
      level = up;
      count = next;
    }
  }

  private node(level: Buffer, j: number): Buffer {
    return level.subarray(j * HASH_LEN, (j + 1) * HASH_LEN);
  }

  /** MTH(D[start:end]) for end <= size: perfect aligned pieces come from the levels, the rest is folded. */
  private rangeHash(start: number, end: number): Buffer {
    if (end <= start) return emptyRoot();
    const lefts: Buffer[] = [];
    let a = start;
    let n = end - start;
    while (n > 1 && !isPowerOfTwo(n)) {
      const k = splitPoint(n);
      lefts.push(this.perfect(a, k));
      a += k;
      n -= k;
    }
    let r = this.perfect(a, n);
    for (let i = lefts.length - 1; i >= 0; i--) r = nodeHash(lefts[i]!, r);
    return r;
  }

  /** Hash of the perfect subtree of `width` (a power of two) leaves starting at `a`. */
  private perfect(a: number, width: number): Buffer {
    const h = Math.round(Math.log2(width));
    if (!isPowerOfTwo(width) || a % width !== 0 || a + width > this.size) {
      throw new MerkleError(`internal: [${a}, ${a + width}) is not an aligned subtree`);
    }
    return Buffer.from(this.node(this.levels[h]!, a / width));
  }

  private checkSize(treeSize: number): void {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > this.size) {
      throw new MerkleError(`tree size ${treeSize} is outside 0..${this.size}`);
    }
  }

  /** Root of the first treeSize leaves (default: all), hex. */
  root(treeSize = this.size): string {
    this.checkSize(treeSize);
    return this.rangeHash(0, treeSize).toString('hex');
  }

  /** RFC 6962 PATH(index, D[treeSize]): sibling hashes from the leaf up, hex. */
  inclusionProof(index: number, treeSize = this.size): string[] {
    this.checkSize(treeSize);
    if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
      throw new MerkleError(`leaf index ${index} is outside a tree of ${treeSize}`);
    }
    // Walk down from the root; each sibling belongs after the deeper ones, so collect then reverse.
    const path: Buffer[] = [];
    let start = 0;
    let n = treeSize;
    let m = index;
    while (n > 1) {
      const k = splitPoint(n);
      if (m < k) {
        path.push(this.rangeHash(start + k, start + n));
        n = k;
      } else {
        path.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
        n -= k;
      }
    }
    return path.reverse().map((b) => b.toString('hex'));
  }

  /** RFC 6962 PROOF(oldSize, D[newSize]), hex; empty when oldSize is 0 or equals newSize. */
  consistencyProof(oldSize: number, newSize = this.size): string[] {
    this.checkSize(newSize);
    if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > newSize) {
      throw new MerkleError(`old tree size ${oldSize} is outside 0..${newSize}`);
    }
    if (oldSize === 0 || oldSize === newSize) return [];
    const tail: Buffer[] = [];
    let head: Buffer | undefined;
    let start = 0;
    let n = newSize;
    let m = oldSize;
    let whole = true; // RFC's b: true while the old tree is a prefix rooted at this subtree
    for (;;) {
      if (m === n) {
        if (!whole) head = this.rangeHash(start, start + n);
        break;
      }
      const k = splitPoint(n);
      if (m <= k) {
        tail.push(this.rangeHash(start + k, start + n));
        n = k;
      } else {
        tail.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
        n -= k;
        whole = false;
      }
    }
    const out = head ? [head, ...tail.reverse()] : tail.reverse();
    return out.map((b) => b.toString('hex'));
  }
}

/** Root of a list of entry hashes, hex. */
export function rootOf(leaves: readonly Leaf[]): string {
  const f = new MerkleFrontier();
  for (const l of leaves) f.push(l);
  return f.root();
}

/** Inclusion proof for leaves[index] in the tree of all leaves. */
export function inclusionProof(leaves: readonly Leaf[], index: number): string[] {
  return new MerkleTree(leaves).inclusionProof(index);
}

/** Consistency proof from the first oldSize leaves to all of them. */
export function consistencyProof(leaves: readonly Leaf[], oldSize: number): string[] {
  return new MerkleTree(leaves).consistencyProof(oldSize);
}

function hexHashes(xs: readonly string[]): Buffer[] | undefined {
  const out: Buffer[] = [];
  for (const x of xs) {
    if (typeof x !== 'string' || !HEX64.test(x)) return undefined;
    out.push(Buffer.from(x, 'hex'));
  }
  return out;
}

/** RFC 9162 2.1.3.2: does `proof` show that `leaf` (an entry hash) is at `index` of the tree with `root`? */
export function verifyInclusion(leaf: Leaf, index: number, size: number, proof: readonly string[], root: string): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  const path = hexHashes(proof);
  if (!path || typeof root !== 'string' || !HEX64.test(root)) return false;
  let data: Buffer;
  try {
    data = leafData(leaf);
  } catch {
    return false;
  }
  // Sizes can exceed 2^31, where >> would wrap: halve with Math.floor instead.
  let fn = index;
  let sn = size - 1;
  let r = leafHash(data);
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === root;
}

/** RFC 9162 2.1.4.2: is the tree (newSize, newRoot) an append-only extension of (oldSize, oldRoot)? */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: string, newRoot: string, proof: readonly string[]): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  const path = hexHashes(proof);
  if (!path || !HEX64.test(oldRoot) || !HEX64.test(newRoot)) return false;
  if (oldSize === 0) return path.length === 0;
  if (oldSize === newSize) return path.length === 0 && oldRoot === newRoot;
  if (path.length === 0) return false;
  if (isPowerOfTwo(oldSize)) path.unshift(Buffer.from(oldRoot, 'hex'));
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return fr.toString('hex') === oldRoot && sr.toString('hex') === newRoot && sn === 0;
}

/**
 * The frontier's hashes as 32-character latin1 ('binary') strings, one byte a character, hashed from views
 * of one reused buffer: a hash returned as a Buffer costs a new ArrayBuffer and typed array each
 * time, more than the SHA-256 of 33 or 65 bytes itself. Same bytes as leafHash and nodeHash.
 */
const textScratch = Buffer.alloc(1 + 2 * HASH_LEN);
const leafInput = textScratch.subarray(0, 1 + HASH_LEN);

function leafHashText(leaf: Leaf): string {
  if (typeof leaf === 'string') {
    if (!HEX64.test(leaf)) throw new MerkleError('leaf is not a 64-digit lowercase hex hash');
    textScratch.write(leaf, 1, HASH_LEN, 'hex');
  } else if (leaf.length === HASH_LEN) {
    leaf.copy(textScratch, 1);
  } else {
    return leafHash(leaf).toString('latin1');
  }
  textScratch[0] = LEAF[0]!;
  return hash('sha256', leafInput, 'binary');
}

function nodeHashText(left: string, right: string): string {
  textScratch[0] = NODE[0]!;
  textScratch.write(left, 1, HASH_LEN, 'latin1');
  textScratch.write(right, 1 + HASH_LEN, HASH_LEN, 'latin1');
  return hash('sha256', textScratch, 'binary');
}

/**
 * The right edge of a growing tree: at most log2(n) perfect subtrees, so an append-only log can
 * keep its root current in O(log n) memory and time per leaf without holding every hash.
 */
export class MerkleFrontier {
  /** Perfect subtrees, left to right: their heights and root hashes (latin1 text, see above). */
  private readonly heights: number[] = [];
  private readonly hashes: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(leaf: Leaf): void {
    let hashText = leafHashText(leaf);
    let height = 0;
    // Merge equal-height neighbours, exactly like incrementing a binary counter.
    while (this.heights.length > 0 && this.heights[this.heights.length - 1] === height) {
      this.heights.pop();
      hashText = nodeHashText(this.hashes.pop()!, hashText);
      height++;
    }
    this.heights.push(height);
    this.hashes.push(hashText);
    this.count++;
  }

  root(): string {
    if (this.hashes.length === 0) return emptyRoot().toString('hex');
    let r = this.hashes[this.hashes.length - 1]!;
    for (let i = this.hashes.length - 2; i >= 0; i--) r = nodeHashText(this.hashes[i]!, r);
    return Buffer.from(r, 'latin1').toString('hex');
  }
}
