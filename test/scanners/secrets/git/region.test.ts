import { describe, expect, it } from 'vitest';
import { BlobCache, changedRegion, MARGIN_LINES } from '../../../../src/scanners/secrets/git/region.js';

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i}`).join('\n') + '\n';
const region = (a: string, b: string, margin = 100) => {
  const r = changedRegion(Buffer.from(a), Buffer.from(b), margin);
  return b.slice(r.start, r.end);
};

describe('changedRegion', () => {
  it('covers an insertion in the middle plus whole margin lines, not the whole file', () => {
    const before = lines(100);
    const after = before.replace('line 50\n', 'line 50\nINSERTED\n');
    const r = region(before, after);
    expect(r).toContain('INSERTED');
    // MARGIN_LINES unchanged lines each side: 45..50 before, 51..56 after.
    expect(r.split('\n').slice(0, 2)).toEqual([`line ${51 - MARGIN_LINES}`, `line ${52 - MARGIN_LINES}`]);
    expect(r.split('\n').slice(-3)).toEqual([`line ${50 + MARGIN_LINES - 1}`, `line ${50 + MARGIN_LINES}`, '']);
    expect(r.length).toBeLessThan(after.length / 4);
  });

  it('handles changes at the very start and end, and whole replacements', () => {
    const before = lines(50);
    expect(region(before, 'NEW\n' + before)).toContain('NEW');
    expect(region(before, before + 'NEW\n')).toContain('NEW');
    expect(region('abc', 'xyz')).toBe('xyz');
    expect(region('', 'new file')).toBe('new file');
  });

  it('keeps a window around a pure deletion, which can join two pieces into a new token', () => {
    const before = 'a\nb\ntoken=ghp_ab\nXXXcd\nc\n';
    const after = 'a\nb\ntoken=ghp_abcd\nc\n';
    expect(region(before, after, 10)).toContain('token=ghp_abcd');
  });

  it('widens to a replaced key block whose BEGIN and END lines did not change', () => {
    const key = (body: string) => `x=1\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\ny=2\n`;
    const r = region(key('AAAA\nBBBB\nCCCC'), key('DDDD\nEEEE\nFFFF'));
    expect(r).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(r).toContain('-----END RSA PRIVATE KEY-----');
  });

  it('bounds the margin on long lines by maxMargin but never cuts the changed lines', () => {
    const long = 'x'.repeat(10_000);
    const before = `${long}\n${long}\nmid\n${long}\n`;
    const after = `${long}\n${long}\nMID\n${long}\n`;
    const r = region(before, after, 50);
    expect(r).toContain('MID');
    expect(r.length).toBeLessThan(10_100);
    // A change inside one long line: the whole line is kept.
    const b2 = `${'y'.repeat(5000)}CHANGE${'y'.repeat(5000)}\n`;
    expect(region(b2.replace('CHANGE', 'change'), b2, 10)).toBe(b2);
  });

  it('finds the region across 4 KiB block boundaries', () => {
    const before = lines(3000);
    const after = before.slice(0, 20_001) + 'Z' + before.slice(20_002);
    const r = changedRegion(Buffer.from(before), Buffer.from(after), 100);
    expect(r.start).toBeLessThanOrEqual(20_001);
    expect(r.end).toBeGreaterThan(20_001);
    expect(r.end - r.start).toBeLessThan(500);
  });
});

describe('BlobCache', () => {
  it('keeps a blob until its last expected use, copying it', () => {
    const cache = new BlobCache(new Map([['a', 2]]), 1000);
    const src = Buffer.from('hello');
    cache.offer('a', src);
    cache.offer('b', Buffer.from('not wanted'));
    src.write('J');
    expect(cache.take('a')?.toString()).toBe('hello');
    expect(cache.take('a')?.toString()).toBe('hello');
    expect(cache.take('a')).toBeUndefined();
    expect(cache.take('b')).toBeUndefined();
  });

  it('evicts the oldest entries beyond its budget', () => {
    const cache = new BlobCache(new Map([['a', 1], ['b', 1], ['c', 1]]), 40);
    cache.offer('a', Buffer.alloc(10));
    cache.offer('b', Buffer.alloc(10));
    cache.offer('c', Buffer.alloc(10)); // over budget / 4 = 10? equal, kept
    cache.offer('c', Buffer.alloc(10));
    expect(cache.take('a')).toBeDefined();
    const big = new BlobCache(new Map([['x', 1], ['y', 1]]), 40);
    big.offer('x', Buffer.alloc(10));
    big.offer('y', Buffer.alloc(11)); // more than a quarter of the budget: not cached
    expect(big.take('y')).toBeUndefined();
    expect(big.take('x')).toBeDefined();
  });
});
