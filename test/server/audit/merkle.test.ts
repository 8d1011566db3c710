import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  MerkleFrontier,
  MerkleTree,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/server/audit/merkle.js';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const L = (d: Buffer) => sha(Buffer.from([0]), d);
const N = (a: Buffer, b: Buffer) => sha(Buffer.from([1]), a, b);
const hex = (b: Buffer) => b.toString('hex');
/** Entry-hash-like leaves: SHA-256 of "leaf-i". */
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => hex(sha(Buffer.from(`leaf-${i}`))));
const raw = (h: string) => Buffer.from(h, 'hex');

describe('Merkle tree hash (RFC 6962)', () => {
  it('the empty tree is SHA-256 of nothing', () => {
    expect(rootOf([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new MerkleTree([]).root()).toBe(rootOf([]));
  });

  it('small trees, written out by hand', () => {
    const ls = leavesOf(7);
    const [a, b, c, d, e, f, g] = ls.map((h) => L(raw(h)));
    expect(rootOf(ls.slice(0, 1))).toBe(hex(a!));
    expect(rootOf(ls.slice(0, 2))).toBe(hex(N(a!, b!)));
    // Three leaves: the split is at 2, the third leaf is promoted, not duplicated.
    expect(rootOf(ls.slice(0, 3))).toBe(hex(N(N(a!, b!), c!)));
    expect(rootOf(ls.slice(0, 4))).toBe(hex(N(N(a!, b!), N(c!, d!))));
    expect(rootOf(ls.slice(0, 5))).toBe(hex(N(N(N(a!, b!), N(c!, d!)), e!)));
    expect(rootOf(ls.slice(0, 6))).toBe(hex(N(N(N(a!, b!), N(c!, d!)), N(e!, f!))));
    expect(rootOf(ls)).toBe(hex(N(N(N(a!, b!), N(c!, d!)), N(N(e!, f!), g!))));
  });

  it('leaf and node prefixes keep a leaf from posing as a node', () => {
    const ls = leavesOf(2);
    const root = rootOf(ls);
    // The concatenation of the two leaf hashes, taken as one leaf, must not give the same root.
    const fake = Buffer.concat(ls.map((h) => L(raw(h))));
    expect(rootOf([fake])).not.toBe(root);
  });

  it('matches the certificate-transparency reference roots for its eight sample leaves', () => {
    // Leaf inputs and roots as published with the RFC 6962 reference implementation's tests.
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    const t = new MerkleTree(data);
    expect(t.root(1)).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(t.root(2)).toBe('fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125');
    expect(t.root(3)).toBe('aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77');
    expect(t.root(8)).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('the frontier, the tree and rootOf agree on every prefix up to 70 leaves', () => {
    const ls = leavesOf(70);
    const t = new MerkleTree(ls);
    const f = new MerkleFrontier();
    for (let n = 1; n <= ls.length; n++) {
      f.push(ls[n - 1]!);
      expect(f.size).toBe(n);
      expect(f.root()).toBe(t.root(n));
    }
    expect(rootOf(ls)).toBe(t.root());
  });

  it('the frontier agrees with the tree on mixed leaves: hex, 32 raw bytes, other lengths', () => {
    const ls = [...leavesOf(5), Buffer.alloc(32, 7), Buffer.from('not a hash'), Buffer.alloc(0), ...leavesOf(4)];
    const f = new MerkleFrontier();
    for (const l of ls) f.push(l);
    expect(f.root()).toBe(new MerkleTree(ls).root());
    expect(() => f.push('A'.repeat(64))).toThrow(/hex/);
    expect(f.size).toBe(ls.length);
  });

  it('refuses leaves that are not 64-digit hex hashes', () => {
    expect(() => rootOf(['abc'])).toThrow(/hex/);
    expect(() => rootOf(['A'.repeat(64)])).toThrow(/hex/);
  });
});

describe('inclusion proofs', () => {
  it('a three-leaf proof, written out by hand', () => {
    const ls = leavesOf(3);
    const [a, b, c] = ls.map((h) => L(raw(h)));
    expect(inclusionProof(ls, 0)).toEqual([hex(b!), hex(c!)]);
    expect(inclusionProof(ls, 1)).toEqual([hex(a!), hex(c!)]);
    expect(inclusionProof(ls, 2)).toEqual([hex(N(a!, b!))]);
  });

  it('every index of every tree of size 1..33 proves, and fails when anything is changed', () => {
    const all = leavesOf(33);
    const big = new MerkleTree(all);
    for (let size = 1; size <= 33; size++) {
      const ls = all.slice(0, size);
      const t = new MerkleTree(ls);
      const root = t.root();
      for (let i = 0; i < size; i++) {
        const proof = t.inclusionProof(i);
        // Proofs for an earlier size from a larger tree are the same proofs.
        expect(big.inclusionProof(i, size)).toEqual(proof);
        expect(verifyInclusion(ls[i]!, i, size, proof, root)).toBe(true);
        // The wrong leaf, index, size, root, or a flipped proof hash: refused.
        expect(verifyInclusion(ls[(i + 1) % size]!, i, size, proof, root)).toBe(size === 1 ? true : false);
        if (size > 1) expect(verifyInclusion(ls[i]!, (i + 1) % size, size, proof, root)).toBe(false);
        // (The same proof may also fit another size: the signed checkpoint binds root to size.)
        expect(verifyInclusion(ls[i]!, i, size, proof, all[32]!)).toBe(false);
        if (proof.length) {
          const bad = [...proof];
          bad[0] = bad[0]!.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
          expect(verifyInclusion(ls[i]!, i, size, bad, root)).toBe(false);
          expect(verifyInclusion(ls[i]!, i, size, proof.slice(1), root)).toBe(false);
        }
        expect(verifyInclusion(ls[i]!, i, size, [...proof, root], root)).toBe(false);
      }
    }
  });

  it('refuses out-of-range indexes and malformed proofs without throwing', () => {
    const ls = leavesOf(4);
    const t = new MerkleTree(ls);
    expect(() => t.inclusionProof(4)).toThrow(/outside/);
    expect(() => t.inclusionProof(-1)).toThrow(/outside/);
    expect(() => t.inclusionProof(0, 5)).toThrow(/outside/);
    expect(verifyInclusion(ls[0]!, 0, 4, ['zz'], t.root())).toBe(false);
    expect(verifyInclusion('nothex', 0, 4, t.inclusionProof(0), t.root())).toBe(false);
    expect(verifyInclusion(ls[0]!, 5, 4, t.inclusionProof(0), t.root())).toBe(false);
  });
});

describe('consistency proofs', () => {
  it('a hand-checked proof from 3 to 4 leaves', () => {
    const ls = leavesOf(4);
    const [a, b, c, d] = ls.map((h) => L(raw(h)));
    // RFC 6962 2.1.2: PROOF(3, D[4]) = SUBPROOF(3, D[4], true) = SUBPROOF(1, D[2:4], false) : MTH(D[0:2]) = [c, d, N(a,b)].
    expect(consistencyProof(ls, 3)).toEqual([hex(c!), hex(d!), hex(N(a!, b!))]);
  });

  it('every old size against every new size up to 33 verifies, and a wrong root does not', () => {
    const all = leavesOf(33);
    const t = new MerkleTree(all);
    for (let n = 1; n <= 33; n++) {
      const newRoot = t.root(n);
      for (let m = 0; m <= n; m++) {
        const proof = t.consistencyProof(m, n);
        const oldRoot = t.root(m);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        if (m > 0 && m < n) {
          expect(verifyConsistency(m, n, t.root(m === 1 ? 2 : m - 1), newRoot, proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, t.root(n - 1), proof)).toBe(false);
          expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(0, -1))).toBe(false);
        }
      }
    }
  });

  it('a rewritten history is not consistent with the old root', () => {
    const old = leavesOf(10);
    const rewritten = [...old];
    rewritten[3] = hex(sha(Buffer.from('forged')));
    const grown = [...rewritten, ...leavesOf(20).slice(10)];
    const t = new MerkleTree(grown);
    expect(verifyConsistency(10, 20, rootOf(old), t.root(), t.consistencyProof(10))).toBe(false);
  });
});

describe('scale', () => {
  it('a 2^14+3 leaf tree builds and proves iteratively (no recursion limits)', () => {
    const n = 2 ** 14 + 3;
    const ls = Array.from({ length: n }, (_, i) => {
      const b = Buffer.alloc(32);
      b.writeUInt32BE(i);
      return b;
    });
    const t = new MerkleTree(ls);
    const f = new MerkleFrontier();
    for (const l of ls) f.push(l);
    expect(f.root()).toBe(t.root());
    // A leaf in the perfect left half needs 14 siblings there plus the right part; one at the
    // ragged right edge needs only 3.
    for (const [i, len] of [[5, 15], [n - 2, 3]] as const) {
      const proof = t.inclusionProof(i);
      expect(proof.length).toBe(len);
      expect(verifyInclusion(ls[i]!, i, n, proof, t.root())).toBe(true);
    }
  });
});
