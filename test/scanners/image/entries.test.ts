import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { layerEntries, safePath, walkRootfs } from '../../../src/scanners/image/oci/entries.js';
import { decodeLayer } from '../../../src/scanners/image/oci/layers.js';
import { ImageError, type LayerEntry } from '../../../src/scanners/image/types.js';
import { chunked, gzip, makeTar, padded, rawHeader, sha256, type TarItem } from './helpers/tarball.js';

interface Seen {
  entry: Omit<LayerEntry, 'read'>;
  content?: Buffer;
}

/** Iterates a layer, reading the entries `want` selects (up to `max` bytes). */
async function entriesOf(
  tar: Buffer | Readable,
  want: (e: LayerEntry) => boolean = () => true,
  max = 1 << 20,
): Promise<{ seen: Seen[]; issues: ScanIssue[] }> {
  const issues: ScanIssue[] = [];
  const seen: Seen[] = [];
  const stream = Buffer.isBuffer(tar) ? chunked(tar, 700) : tar;
  for await (const e of layerEntries(stream, { index: 0 }, 'img.tar', (i) => issues.push(i))) {
    const { read: _read, ...entry } = e;
    const s: Seen = { entry };
    if (want(e)) {
      const c = await e.read(max);
      if (c) s.content = c;
    }
    seen.push(s);
  }
  return { seen, issues };
}

const byPath = (seen: Seen[], p: string): Seen | undefined => seen.find((s) => s.entry.path === p);

describe('safePath', () => {
  it('strips ./ and /, normalises, and refuses climbing out', () => {
    expect(safePath('./etc/passwd')).toBe('etc/passwd');
    expect(safePath('/usr//bin/./ls')).toBe('usr/bin/ls');
    expect(safePath('a/b/../c')).toBe('a/c');
    expect(safePath('./')).toBe('');
    expect(safePath('../etc/passwd')).toBeUndefined();
    expect(safePath('a/../../etc')).toBeUndefined();
    expect(safePath('/../x')).toBeUndefined();
  });
});

describe('layerEntries', () => {
  it('yields files, dirs and links with modes, reads what is asked and drains the rest', async () => {
    const tar = await makeTar([
      { name: './', type: 'directory' },
      { name: './usr/', type: 'directory' },
      { name: './usr/bin/su', content: 'SU', mode: 0o4755 },
      { name: './usr/share/big', content: Buffer.alloc(50_000, 1) },
      { name: './etc/os-release', content: 'ID=test\n' },
      { name: './bin', type: 'symlink', linkname: 'usr/bin' },
    ]);
    const { seen, issues } = await entriesOf(tar, (e) => e.path !== 'usr/share/big');
    expect(issues).toEqual([]);
    expect(seen.map((s) => [s.entry.path, s.entry.type])).toEqual([
      ['usr', 'dir'],
      ['usr/bin/su', 'file'],
      ['usr/share/big', 'file'],
      ['etc/os-release', 'file'],
      ['bin', 'symlink'],
    ]);
    expect(byPath(seen, 'usr/bin/su')?.entry.mode).toBe(0o4755);
    expect(byPath(seen, 'usr/bin/su')?.content?.toString()).toBe('SU');
    expect(byPath(seen, 'usr/share/big')?.entry.size).toBe(50_000);
    expect(byPath(seen, 'usr/share/big')?.content).toBeUndefined();
    expect(byPath(seen, 'etc/os-release')?.content?.toString()).toBe('ID=test\n');
    expect(byPath(seen, 'bin')?.entry.linkTarget).toBe('usr/bin');
  });

  it('returns undefined for content over maxBytes, and refuses a second or late read', async () => {
    const tar = await makeTar([
      { name: 'a', content: 'x'.repeat(100) },
      { name: 'b', content: 'y' },
    ]);
    const entries: LayerEntry[] = [];
    for await (const e of layerEntries(chunked(tar), { index: 0 }, 'img', () => {})) {
      if (e.path === 'a') {
        expect(await e.read(99)).toBeUndefined();
        await expect(e.read(1000)).rejects.toThrow(/called twice/);
      }
      entries.push(e);
    }
    await expect((entries[1] as LayerEntry).read(10)).rejects.toThrow(/after the iteration moved on/);
  });

  it('rejects ../ entries, keeps absolute paths inside the root, keeps links pointing outside as entries', async () => {
    const tar = await makeTar([
      { name: '../evil', content: 'x' },
      { name: 'a/../../evil2', content: 'x' },
      { name: '/etc/passwd', content: 'root:x:0:0\n' },
      { name: 'out', type: 'symlink', linkname: '../../../../etc/shadow' },
      { name: 'abs', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'hl', type: 'link', linkname: '../../etc/passwd' },
      { name: 'ok', content: 'fine' },
    ]);
    const { seen, issues } = await entriesOf(tar);
    expect(seen.map((s) => s.entry.path)).toEqual(['etc/passwd', 'out', 'abs', 'ok']);
    expect(byPath(seen, 'out')?.entry).toMatchObject({ type: 'symlink', linkTarget: '../../../../etc/shadow' });
    expect(byPath(seen, 'abs')?.entry).toMatchObject({ type: 'symlink', linkTarget: '/etc/shadow' });
    expect(byPath(seen, 'etc/passwd')?.content?.toString()).toBe('root:x:0:0\n');
    expect(issues.map((i) => i.path)).toEqual(['../evil', 'a/../../evil2', 'hl']);
    expect(issues[0]?.message).toContain('escapes the image root');
    expect(issues[2]?.message).toContain('hard link to "../../etc/passwd", outside the image root');
    expect(issues[0]?.message).toContain('img.tar: layer 1');
  });

  it('resolves hard links to content read earlier in the layer only', async () => {
    const tar = await makeTar([
      { name: 'usr/bin/python3.11', content: 'PYTHON' },
      { name: 'usr/bin/unread', content: 'UNREAD' },
      { name: 'usr/bin/python3', type: 'link', linkname: './usr/bin/python3.11' },
      { name: 'usr/bin/py', type: 'link', linkname: 'usr/bin/python3' },
      { name: 'usr/bin/u2', type: 'link', linkname: '/usr/bin/unread' },
    ]);
    const { seen } = await entriesOf(tar, (e) => e.path !== 'usr/bin/unread');
    expect(byPath(seen, 'usr/bin/python3')?.entry).toMatchObject({ type: 'hardlink', linkTarget: 'usr/bin/python3.11', size: 6 });
    expect(byPath(seen, 'usr/bin/python3')?.content?.toString()).toBe('PYTHON');
    // A link to a link resolves to the file.
    expect(byPath(seen, 'usr/bin/py')?.entry.linkTarget).toBe('usr/bin/python3.11');
    expect(byPath(seen, 'usr/bin/py')?.content?.toString()).toBe('PYTHON');
    expect(byPath(seen, 'usr/bin/u2')?.entry.linkTarget).toBe('usr/bin/unread');
    expect(byPath(seen, 'usr/bin/u2')?.content).toBeUndefined();
  });

  it('keeps a bounded amount of read content for hard links', async () => {
    const items: TarItem[] = [
      { name: 'one', content: Buffer.alloc(600, 1) },
      { name: 'two', content: Buffer.alloc(600, 2) },
      { name: 'l1', type: 'link', linkname: 'one' },
      { name: 'l2', type: 'link', linkname: 'two' },
    ];
    const issues: ScanIssue[] = [];
    const got: Record<string, Buffer | undefined> = {};
    const tar = await makeTar(items);
    for await (const e of layerEntries(chunked(tar), { index: 0 }, 'img', (i) => issues.push(i), { linkCacheBytes: 1000 })) {
      got[e.path] = await e.read(10_000);
    }
    expect(got.l1).toBeUndefined(); // dropped to make room for `two`
    expect(got.l2?.equals(Buffer.alloc(600, 2))).toBe(true);
  });

  it('turns whiteouts and opaque markers into whiteout entries', async () => {
    const tar = await makeTar([
      { name: 'etc/.wh.motd', content: '' },
      { name: '.wh.tmp', content: '' },
      { name: 'var/cache/apt/.wh..wh..opq', content: '' },
      { name: '.wh..wh..opq', content: '' },
      { name: '.wh..wh.plnk/', type: 'directory' },
      { name: 'etc/.wh.', content: '' },
    ]);
    const { seen, issues } = await entriesOf(tar);
    expect(seen.map((s) => [s.entry.path, s.entry.whiteout])).toEqual([
      ['etc/motd', 'file'],
      ['tmp', 'file'],
      ['var/cache/apt', 'opaque'],
      ['', 'opaque'],
    ]);
    expect(issues.map((i) => i.path)).toEqual(['etc/.wh.']);
  });

  it('reads pax and GNU long names', async () => {
    const longDir = 'd'.repeat(120);
    const paxName = `${longDir}/${'f'.repeat(110)}`; // no split fits: tar-stream writes a pax header
    const gnuName = `usr/${'g'.repeat(200)}`;
    const gnuLink = `usr/${'t'.repeat(150)}`;
    const paxTar = await makeTar([{ name: paxName, content: 'pax' }]);
    const gnu = Buffer.concat([
      rawHeader('././@LongLink', 'L', Buffer.byteLength(gnuName) + 1),
      padded(Buffer.from(gnuName + '\0')),
      rawHeader('././@LongLink', 'K', Buffer.byteLength(gnuLink) + 1),
      padded(Buffer.from(gnuLink + '\0')),
      rawHeader('short', '2', 0, 'short-target'),
    ]);
    // Concatenate the GNU entries before the pax tar (whose end-of-archive blocks close it).
    const { seen } = await entriesOf(Buffer.concat([gnu, paxTar]));
    expect(seen.map((s) => s.entry.path)).toEqual([gnuName, paxName]);
    expect(byPath(seen, gnuName)?.entry).toMatchObject({ type: 'symlink', linkTarget: gnuLink });
    expect(byPath(seen, paxName)?.content?.toString()).toBe('pax');
  });

  it('fails with an ImageError on a truncated layer tar', async () => {
    const tar = await makeTar([{ name: 'big', content: Buffer.alloc(5000, 3) }, { name: 'after', content: 'x' }]);
    await expect(entriesOf(tar.subarray(0, 3000))).rejects.toThrow(ImageError);
    await expect(entriesOf(tar.subarray(0, 3000))).rejects.toThrow(/layer 1: corrupt or truncated tar/);
  });

  it('fails after the entries when decodeLayer finds a digest mismatch', async () => {
    const tar = await makeTar([{ name: 'a', content: 'x' }]);
    const blob = gzip(tar);
    const paths: string[] = [];
    const run = async (): Promise<void> => {
      const decoded = decodeLayer(chunked(blob), { index: 2, digest: sha256('other') }, 'img');
      for await (const e of layerEntries(decoded, { index: 2 }, 'img', () => {})) paths.push(e.path);
    };
    await expect(run()).rejects.toThrow(/blob digest mismatch/);
    expect(paths).toEqual(['a']);
  });

  it('stops the source when the caller stops early', async () => {
    const tar = await makeTar([{ name: 'a', content: 'x' }, { name: 'b', content: 'y' }]);
    const src = chunked(tar, 512);
    for await (const e of layerEntries(src, { index: 0 }, 'img', () => {})) {
      expect(e.path).toBe('a');
      break;
    }
    expect(src.destroyed).toBe(true);
  });
});

describe('walkRootfs', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('walks without following links (loops and links out of the root are entries)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-rootfs-'));
    const root = join(dir, 'root');
    await mkdir(join(root, 'etc'), { recursive: true });
    await mkdir(join(root, 'usr/bin'), { recursive: true });
    await writeFile(join(dir, 'outside-secret'), 'must not be read');
    await writeFile(join(root, 'etc/os-release'), 'ID=debian\n');
    await writeFile(join(root, 'usr/bin/sudo'), 'SUDO');
    await chmod(join(root, 'usr/bin/sudo'), 0o4755);
    await symlink('b', join(root, 'a'));
    await symlink('a', join(root, 'b'));
    await symlink('.', join(root, 'usr/loop'));
    await symlink('../outside-secret', join(root, 'escape'));
    await symlink('/', join(root, 'slash'));
    const issues: ScanIssue[] = [];
    const seen: Record<string, { type: string; mode: number; link?: string; content?: string | undefined }> = {};
    for await (const e of walkRootfs(root, (i) => issues.push(i))) {
      const c = await e.read(1000);
      seen[e.path] = { type: e.type, mode: e.mode, link: e.linkTarget, content: c?.toString() };
    }
    expect(issues).toEqual([]);
    expect(Object.keys(seen)).toEqual([
      'a', 'b', 'escape', 'etc', 'slash', 'usr', 'etc/os-release', 'usr/bin', 'usr/loop', 'usr/bin/sudo',
    ]);
    expect(seen.escape).toEqual({ type: 'symlink', mode: expect.any(Number), link: '../outside-secret', content: undefined });
    expect(seen.a?.link).toBe('b');
    expect(seen['usr/loop']?.type).toBe('symlink');
    expect(seen['etc/os-release']?.content).toBe('ID=debian\n');
    expect(seen['usr/bin/sudo']?.mode).toBe(0o4755);
    expect(seen.etc?.type).toBe('dir');
  });

  it('never opens a FIFO (type other, no content, no hang)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-rootfs-'));
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    const got: string[] = [];
    for await (const e of walkRootfs(dir, () => {})) got.push(`${e.path}:${e.type}:${String(await e.read(10))}`);
    expect(got).toEqual(['pipe:other:undefined']);
  });

  it('is an ImageError for a missing directory', async () => {
    const it = walkRootfs('/nonexistent/rampart-rootfs', () => {});
    await expect(it.next()).rejects.toThrow(/cannot read the root file system directory/);
  });
});
