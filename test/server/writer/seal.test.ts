import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH, sealEntry } from '../../../src/server/audit/entry.js';
import { chainHash, type SealFields } from '../../../src/server/writer/seal.js';

/** The writer thread's chain hash must be entry.ts's, byte for byte, for any entry. */

function fields(over: Partial<SealFields> & { detail?: Record<string, unknown> } = {}): SealFields {
  const { detail, ...rest } = over;
  return {
    ts: '2026-01-01T00:00:00.000Z',
    actor: 'user:u1',
    action: 'secret.read',
    resource: 'project:one/secret:db',
    outcome: 'allow',
    detailJson: canonicalJson(detail ?? { requestId: 'r1', status: 200 }),
    ...rest,
  };
}

function expected(seq: number, prev: string, f: SealFields): string {
  return entryHash(prev, { seq, ts: f.ts, actor: f.actor, action: f.action, resource: f.resource, outcome: f.outcome, detailJson: f.detailJson });
}

describe('chainHash', () => {
  it('is entryHash for an ordinary entry, and sealEntry agrees', () => {
    const f = fields();
    const h = chainHash(1, GENESIS_HASH, f);
    expect(h).toBe(expected(1, GENESIS_HASH, f));
    expect(h).toBe(sealEntry(1, GENESIS_HASH, { ...f, detail: {} }).hash);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is entryHash for text that JSON escapes and for characters beyond ASCII', () => {
    const odd = ['quote " and backslash \\', 'control \u0000\u001f\n\t', 'é ü ß 漢字', 'emoji 🔐 and a lone surrogate \ud800', 'line sep \u2028\u2029', '</script>'];
    let prev = GENESIS_HASH;
    odd.forEach((text, i) => {
      const f = fields({ actor: `user:${text}`, action: text, resource: `/p/${text}`, outcome: text, detail: { note: text, list: [text, 1, null, true] } });
      const h = chainHash(i + 1, prev, f);
      expect(h).toBe(expected(i + 1, prev, f));
      prev = h;
    });
  });

  it('chains: each hash depends on the previous one and on seq', () => {
    const f = fields();
    const a = chainHash(1, GENESIS_HASH, f);
    const b = chainHash(2, a, f);
    expect(b).toBe(expected(2, a, f));
    expect(b).not.toBe(chainHash(2, GENESIS_HASH, f));
    expect(chainHash(3, a, f)).not.toBe(b);
  });

  it('handles an entry larger than its reused buffer, and the small ones after it', () => {
    const big = fields({ detail: { blob: 'x'.repeat(40_000), wide: '漢'.repeat(10_000) } });
    expect(chainHash(7, GENESIS_HASH, big)).toBe(expected(7, GENESIS_HASH, big));
    const small = fields();
    expect(chainHash(8, GENESIS_HASH, small)).toBe(expected(8, GENESIS_HASH, small));
  });

  it('handles large sequence numbers', () => {
    const f = fields();
    const seq = Number.MAX_SAFE_INTEGER;
    expect(chainHash(seq, GENESIS_HASH, f)).toBe(expected(seq, GENESIS_HASH, f));
  });

  it('refuses a previous hash that is not 64 hex digits', () => {
    expect(() => chainHash(1, 'abc', fields())).toThrow(/prev_hash/);
    expect(() => chainHash(1, 'zz'.repeat(32), fields())).toThrow(/prev_hash/);
  });
});
