import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  TOKEN_LENGTH,
  base62,
  hashToken,
  hashesEqual,
  newToken,
  parseToken,
  redactToken,
  tokenChecksum,
  tokensEqual,
  type TokenKind,
} from '../../../src/server/identity/tokens.js';

const kinds: [TokenKind, string][] = [
  ['user', 'rmp_u_'],
  ['service', 'rmp_s_'],
  ['ci', 'rmp_c_'],
];

describe('newToken', () => {
  it.each(kinds)('makes a %s token with prefix %s that parses back', (kind, prefix) => {
    const t = newToken(kind);
    expect(t.token.startsWith(prefix)).toBe(true);
    expect(t.token).toHaveLength(TOKEN_LENGTH);
    expect(t.token).toMatch(/^rmp_[usc]_[0-9A-Za-z]{49}$/);
    expect(t.prefix).toBe(prefix);
    expect(t.kind).toBe(kind);
    expect(t.hash).toBe(createHash('sha256').update(t.token).digest('hex'));
    expect(parseToken(t.token)).toEqual({
      kind,
      prefix,
      random: t.token.slice(6, 49),
      checksum: t.token.slice(49),
    });
  });

  it('carries at least 256 bits of randomness', () => {
    // 43 base62 characters.
    expect(43 * Math.log2(62)).toBeGreaterThanOrEqual(256);
    expect(parseToken(newToken('user').token)!.random).toHaveLength(43);
  });

  it('never repeats tokens or ids', () => {
    const tokens = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const t = newToken('service');
      tokens.add(t.token);
      ids.add(t.id);
    }
    expect(tokens.size).toBe(500);
    expect(ids.size).toBe(500);
  });

  it('uses every base62 character with roughly even frequency', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++) {
      for (const c of parseToken(newToken('user').token)!.random) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(62);
    // 17,200 characters / 62 ≈ 277 each; a biased generator drifts far from that.
    for (const n of counts.values()) {
      expect(n).toBeGreaterThan(180);
      expect(n).toBeLessThan(380);
    }
  });

  it('refuses an unknown kind', () => {
    expect(() => newToken('root' as TokenKind)).toThrow(/unknown token kind/);
  });

  it('gives the id separately from the secret', () => {
    const t = newToken('user');
    expect(t.token.includes(t.id)).toBe(false);
    expect(t.display).not.toContain(t.token.slice(10));
  });
});

describe('checksum', () => {
  it('is the base62 CRC32 of the prefix and random part', () => {
    const head = 'rmp_u_' + 'A'.repeat(43);
    expect(tokenChecksum(head)).toBe(base62(crc32(head), 6));
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
    expect(base62(0xffffffff, 6)).toBe('4gfFC3');
  });

  it('accepts a hand-built token with the right checksum', () => {
    const head = 'rmp_s_' + '0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
    expect(parseToken(head + tokenChecksum(head))?.kind).toBe('service');
  });
});

describe('parseToken refuses', () => {
  const good = newToken('user').token;

  it('a single typo in the random part', () => {
    const i = 20;
    const c = good[i] === 'a' ? 'b' : 'a';
    expect(parseToken(good.slice(0, i) + c + good.slice(i + 1))).toBeNull();
  });

  it('a changed kind letter (the checksum covers the prefix)', () => {
    expect(parseToken('rmp_s_' + good.slice(6))).toBeNull();
  });

  it('a wrong checksum', () => {
    const last = good.at(-1) === '0' ? '1' : '0';
    expect(parseToken(good.slice(0, -1) + last)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['too short', good.slice(0, -1)],
    ['too long', good + 'A'],
    ['unknown kind', 'rmp_x_' + good.slice(6)],
    ['other vendor', 'ghp_' + good.slice(4)],
    ['non-base62', good.slice(0, 10) + '-' + good.slice(11)],
    ['surrounding space', ` ${good.slice(1)}`],
    ['huge input', 'rmp_u_' + 'a'.repeat(1_000_000)],
  ])('%s', (_name, s) => {
    expect(parseToken(s)).toBeNull();
  });

  it('non-strings', () => {
    expect(parseToken(undefined)).toBeNull();
    expect(parseToken(42)).toBeNull();
    expect(parseToken({ token: good })).toBeNull();
  });
});

describe('hashToken and comparisons', () => {
  it('hashes to 64 hex characters, deterministically', () => {
    const t = newToken('ci').token;
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toBe(hashToken(newToken('ci').token));
  });

  it('tokensEqual compares content, whatever the lengths', () => {
    const t = newToken('user').token;
    expect(tokensEqual(t, `${t}`)).toBe(true);
    expect(tokensEqual(t, t.slice(0, -1))).toBe(false);
    expect(tokensEqual(t, '')).toBe(false);
    expect(tokensEqual('', '')).toBe(true);
    expect(tokensEqual(t, newToken('user').token)).toBe(false);
  });

  it('hashesEqual compares digests', () => {
    const t = newToken('user');
    expect(hashesEqual(t.hash, hashToken(t.token))).toBe(true);
    expect(hashesEqual(t.hash, hashToken(newToken('user').token))).toBe(false);
    expect(hashesEqual(t.hash, t.hash.slice(1))).toBe(false);
  });

  it('redactToken keeps only the prefix, four characters and the length', () => {
    const t = newToken('user').token;
    expect(redactToken(t)).toBe(`${t.slice(0, 10)}…(55)`);
    expect(redactToken('not-a-token')).toBe('…(11)');
  });
});
