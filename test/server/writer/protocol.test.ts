import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeResults, encodeBatch, encodeResults, type ChainLink, type EntryFields, type JobResult, type WriteJob } from '../../../src/server/writer/protocol.js';

/**
 * The writer thread's wire formats: audit jobs framed (no escaping), other jobs as JSON; entry-only
 * results as one string, other results as JSON.
 */

const h = (n: number) => createHash('sha256').update(`entry ${n}`).digest('hex');
/** `count` links from `seq`, each chained to the one before. */
const chain = (seq: number, count: number): ChainLink[] => Array.from({ length: count }, (_, i) => ({ seq: seq + i, prevHash: h(seq + i - 1), hash: h(seq + i) }));

describe('encodeResults / decodeResults', () => {
  it('round-trips every kind of result, in order', () => {
    const results: JobResult[] = [
      { ok: true, entries: chain(10, 1) },
      { ok: true, entries: chain(11, 3) },
      { ok: true, entries: [] },
      { ok: false, error: { code: 'E_VAULT_CONFLICT', message: 'check-and-set failed', expected: 2, current: 3 } },
      { ok: true, entries: chain(14, 1), put: { version: 4, destroyed: [1] } },
      { ok: true, entries: [], checkpoint: { inserted: true, covered: 14 } },
      { ok: true, entries: [], root: { size: 14, root: h(99), more: false } },
    ];
    expect(decodeResults(encodeResults(results))).toEqual(results);
  });

  it('writes each hash of an entry-only result once, not an object per link', () => {
    const links = chain(1, 20);
    const text = encodeResults([{ ok: true, entries: links }]);
    expect(text).not.toContain('prevHash');
    expect(text.split(links[5]!.hash)).toHaveLength(2);
    expect(text.length).toBeLessThan(64 * 22 + 20);
  });

  it('keeps links that do not chain (not written by one job in order) as plain JSON', () => {
    const gap = [...chain(1, 2), ...chain(5, 1)];
    const broken = chain(1, 3).map((l, i) => (i === 2 ? { ...l, prevHash: h(77) } : l));
    for (const entries of [gap, broken]) {
      const text = encodeResults([{ ok: true, entries }]);
      expect(text).toContain('prevHash');
      expect(decodeResults(text)).toEqual([{ ok: true, entries }]);
    }
  });

  it('sends a batch of entry-only results as one comma-joined list, not JSON', () => {
    const results: JobResult[] = [{ ok: true, entries: chain(1, 1) }, { ok: true, entries: chain(2, 1) }, { ok: true, entries: chain(3, 4) }];
    const text = encodeResults(results);
    expect(text.startsWith('L')).toBe(true);
    expect(text).not.toContain('"');
    expect(decodeResults(text)).toEqual(results);
    // One result of another kind: the whole batch as JSON, as before.
    const mixed: JobResult[] = [...results, { ok: false, error: { message: 'no' } }];
    expect(encodeResults(mixed).startsWith('[')).toBe(true);
    expect(decodeResults(encodeResults(mixed))).toEqual(mixed);
    expect(decodeResults(encodeResults([]))).toEqual([]);
  });

  it('tells a job that asked for no links only where its entries landed: first seq and count, no hashes', () => {
    const results: JobResult[] = [
      { ok: true, entries: [], placed: { first: 7, count: 1 } },
      { ok: true, entries: chain(8, 2) },
      { ok: true, entries: [], placed: { first: 10, count: 3 } },
    ];
    const text = encodeResults(results);
    expect(text).toBe(`L7+1,8:${h(7)}${h(8)}${h(9)},10+3`);
    expect(decodeResults(text)).toEqual(results);
    // Beside a result of another kind: JSON, the same results back.
    const mixed: JobResult[] = [...results, { ok: true, entries: [], checkpoint: { inserted: true, covered: 12 } }];
    expect(encodeResults(mixed).startsWith('[')).toBe(true);
    expect(decodeResults(encodeResults(mixed))).toEqual(mixed);
  });

  it('refuses a placement it could not have written', () => {
    for (const bad of ['L+1', 'L1+', 'L0+1', 'L1+0', 'L-1+1', 'L1+-1', 'L1e3+1', 'L 1+1', 'L1+1+1', 'L0x1+1', `L${'9'.repeat(16)}+1`, `L${2 ** 53 - 1}+2`]) {
      expect(() => decodeResults(bad), bad).toThrow(/malformed/);
    }
    expect(() => decodeResults(JSON.stringify(['2+x']))).toThrow(/malformed/);
  });

  it('refuses text it could not have written', () => {
    expect(() => decodeResults('{"ok":true}')).toThrow(/not a list/);
    expect(() => decodeResults(JSON.stringify(['12:abc']))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`x:${h(1)}${h(2)}`]))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`:${h(1)}${h(2)}`]))).toThrow(/malformed/);
    expect(() => decodeResults(JSON.stringify([`3:${h(1)}`]))).toThrow(/malformed/);
    expect(() => decodeResults('[')).toThrow();
    expect(() => decodeResults('L12:abc')).toThrow(/malformed/);
    expect(() => decodeResults(`L1:${h(0)}${h(1)},x`)).toThrow(/malformed/);
    expect(() => decodeResults('L')).toThrow(/malformed/);
  });
});

const fields = (text: string): EntryFields => ({
  ts: '2026-01-01T00:00:00.000Z',
  actor: `user:${text}`,
  action: text,
  resource: `/p/${text}`,
  outcome: 'allow',
  detailJson: JSON.stringify({ note: text }),
});

describe('encodeBatch / decodeBatch', () => {
  it('round-trips audit jobs whatever their text holds, between jobs of other kinds, in order', () => {
    const odd = ['', 'a:b;c', '12:34', 'a1;', 'j5:x', 'é 漢字 🔐', 'lone \ud800 surrogate', 'quote " backslash \\ newline \n', '\u0000'];
    const jobs: WriteJob[] = [
      { kind: 'audit', entries: odd.map(fields), deferSync: true },
      { kind: 'token.touch', id: 't1', at: '2026-01-01T00:00:00.000Z' },
      { kind: 'audit', entries: [] },
      { kind: 'insert', table: 'deployment_decisions', row: { id: 'd:1;', n: 3, x: null }, audit: fields('decision') },
      { kind: 'audit', entries: [fields('last')] },
    ];
    const w = encodeBatch({ id: 9, jobs });
    expect(w.sync).toBe('full');
    const back = decodeBatch(w);
    expect(back.id).toBe(9);
    // deferSync is not sent (the batch's sync says it); everything else comes back as it was.
    expect(back.jobs).toEqual(jobs.map((j) => (j.kind === 'audit' ? { kind: 'audit', entries: j.entries } : j)));
  });

  it('keeps whether an audit job asked for no links, framed or as JSON', () => {
    const jobs: WriteJob[] = [
      { kind: 'audit', entries: [fields('a')], links: false },
      { kind: 'audit', entries: [fields('b')] },
      { kind: 'audit', entries: [{ ...fields('c'), actor: 7 } as unknown as EntryFields], links: false },
    ];
    const w = encodeBatch({ id: 3, jobs });
    expect(w.body.startsWith('b1;')).toBe(true);
    expect(decodeBatch(w).jobs).toEqual(jobs);
  });

  it('sends an entry with a field that is not a string as JSON, so that its job fails alone in the worker', () => {
    const bad = { ...fields('x'), actor: undefined } as unknown as EntryFields;
    const w = encodeBatch({ id: 1, jobs: [{ kind: 'audit', entries: [bad] }, { kind: 'audit', entries: [fields('ok')] }] });
    const [first, second] = decodeBatch(w).jobs as Extract<WriteJob, { kind: 'audit' }>[];
    expect(first!.entries[0]!.actor).toBeUndefined();
    expect(second!.entries[0]).toEqual(fields('ok'));
  });

  it('refuses a body it could not have written', () => {
    const good = encodeBatch({ id: 1, jobs: [{ kind: 'audit', entries: [fields('x')] }] }).body;
    const bad = [good.slice(0, -1), `${good}a`, 'x1:a', 'a2;1:a', 'a999999999;', 'a;', `a1;${'9'.repeat(20)}:`, 'j3:{}', 'j-1:', `j${good.length}:x`];
    for (const body of bad) expect(() => decodeBatch({ id: 1, body, buffers: [], sync: 'full' }), body).toThrow();
    expect(() => decodeBatch({ id: 1, body: undefined as unknown as string, buffers: [], sync: 'full' })).toThrow(/malformed/);
  });
});
