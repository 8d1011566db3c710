import { describe, expect, it } from 'vitest';
import { BatchParser, readBlobs, type BatchObject } from '../../../../src/scanners/secrets/git/cat-file.js';
import { LogParser } from '../../../../src/scanners/secrets/git/log.js';
import { cleanupGitFixtures, gitRepo, isolateGitConfig } from '../../../helpers/git-fixture.js';
import { afterAll } from 'vitest';

isolateGitConfig();
afterAll(cleanupGitFixtures);

const ID = (c: string) => c.repeat(40);

/** Feeds buf to push() in pieces of every size from 1 to 7 bytes. */
function feedSplit(buf: Buffer, push: (b: Buffer) => void, step: number) {
  for (let i = 0; i < buf.length; i += step) push(buf.subarray(i, Math.min(buf.length, i + step)));
}

describe('BatchParser', () => {
  const stream = Buffer.concat([
    Buffer.from(`${ID('a')} blob 5\nhello\n`),
    Buffer.from(`${ID('b')} missing\n`),
    Buffer.from(`${ID('c')} blob 0\n\n`),
    Buffer.from(`${ID('d')} blob 12\n0123456789\n\n\n`),
    Buffer.from(`${ID('e')} blob 3\nxyz\n`),
  ]);

  for (const step of [1, 2, 3, 7, 1000]) {
    it(`parses objects split into ${step}-byte chunks, skipping bodies over the cap`, () => {
      const got: BatchObject[] = [];
      const p = new BatchParser(10, (o) => got.push({ ...o, content: o.content && Buffer.from(o.content) }));
      feedSplit(stream, (b) => p.push(b), step);
      p.finish();
      expect(got.map((o) => [o.id[0], o.type, o.size, o.content?.toString() ?? null])).toEqual([
        ['a', 'blob', 5, 'hello'],
        ['b', 'missing', 0, null],
        ['c', 'blob', 0, ''],
        ['d', 'blob', 12, null],
        ['e', 'blob', 3, 'xyz'],
      ]);
    });
  }

  it('rejects truncated output', () => {
    const p = new BatchParser(100, () => {});
    p.push(Buffer.from(`${ID('a')} blob 5\nhel`));
    expect(() => p.finish()).toThrow(/ended inside an object/);
  });
});

describe('LogParser', () => {
  const Z = '0'.repeat(40);
  const out = Buffer.from(
    [
      `\x01${ID('1')}\0Ada\0ada@x\x002024-01-01T00:00:00+00:00\0first\0\n`,
      `:000000 100644 ${Z} ${ID('a')} A\0dir/a b.txt\0`,
      `:000000 120000 ${Z} ${ID('l')} A\0link\0`,
      `:000000 160000 ${Z} ${ID('s')} A\0sub\0`,
      `\x01${ID('2')}\0Bob\0bob@x\x002024-01-02T00:00:00+00:00\0second\0\n`,
      `:100644 100644 ${ID('a')} ${ID('b')} M\0dir/a b.txt\0`,
      `:100644 000000 ${ID('a')} ${Z} D\0gone\0`,
      `:000000 100644 ${Z} ${ID('a')} A\0copy\nwith newline\0`,
      `\x01${ID('3')}\0Eve\0eve@x\x002024-01-03T00:00:00+00:00\0merge\0\0`,
      `::100644 100644 100644 ${ID('b')} ${ID('c')} ${ID('d')} MM\0dir/a b.txt\0`,
      `\x01${ID('4')}\0Nobody\0n@x\x002024-01-04T00:00:00+00:00\0empty\0`,
    ].join(''),
  );

  for (const step of [1, 5, 64, 100_000]) {
    it(`parses commits and blob introductions in ${step}-byte chunks`, () => {
      const p = new LogParser();
      feedSplit(out, (b) => p.push(b), step);
      const l = p.finish();
      expect(l.commits.map((c) => [c.sha[0], c.author, c.email, c.date.slice(0, 10), c.message])).toEqual([
        ['1', 'Ada', 'ada@x', '2024-01-01', 'first'],
        ['2', 'Bob', 'bob@x', '2024-01-02', 'second'],
        ['3', 'Eve', 'eve@x', '2024-01-03', 'merge'],
        ['4', 'Nobody', 'n@x', '2024-01-04', 'empty'],
      ]);
      expect(Object.fromEntries([...l.blobs].map(([id, intros]) => [id[0], intros]))).toEqual({
        a: [
          { path: 'dir/a b.txt', commit: 0 },
          { path: 'copy\nwith newline', commit: 1 },
        ],
        b: [{ path: 'dir/a b.txt', commit: 1, from: ID('a') }],
        d: [{ path: 'dir/a b.txt', commit: 2, from: ID('b') }],
      });
    });
  }
});

describe('readBlobs', () => {
  it('streams many blobs through one cat-file process in request order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${i}.txt`] = `${i}\n`.repeat(i * 50);
    const repo = await gitRepo({ commits: [{ files }] });
    const ids = (await repo.git('ls-files', '-s')).split('\n').map((l) => l.split(' ')[1]!);
    const sizes: number[] = [];
    await readBlobs({ cwd: repo.dir, ids, onObject: (o) => void sizes.push(o.content!.length) });
    const expected = (await repo.git('ls-files', '-s')).split('\n').map((l) => files[l.split('\t')[1]!]!.length);
    expect(sizes).toEqual(expected);
  });
});
