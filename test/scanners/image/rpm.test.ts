import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { collectLayers } from '../../../src/scanners/image/inventory/collect.js';
import { mergeLayers } from '../../../src/scanners/image/inventory/merge.js';
import { layerEntries } from '../../../src/scanners/image/oci/entries.js';
import { OS_ANALYZERS } from '../../../src/scanners/image/os/index.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  RPM_ANALYZERS,
  packagesFromRecords,
  rpmBdbAnalyzer,
  rpmNdbAnalyzer,
  rpmSqliteAnalyzer,
} from '../../../src/scanners/image/os/rpm/index.js';
import { parseRpmHeader, splitSourceRpm, TAG } from '../../../src/scanners/image/os/rpm/header.js';
import { adler32 } from '../../../src/scanners/image/os/rpm/ndb.js';
import type { Analyzer, AnalyzerOutput, ImagePackage } from '../../../src/scanners/image/types.js';

// Fixtures: real databases made by rpm 4.18 and Berkeley DB's db_load (test/fixtures/image/rpm/make.sh).
const FIX = fileURLToPath(new URL('../../fixtures/image/rpm/', import.meta.url));
const fixture = (name: string): Buffer => readFileSync(FIX + name);

async function run(a: Analyzer, path: string, content: Buffer): Promise<AnalyzerOutput> {
  return await a.analyze({ path, content, mode: 0o644 });
}

/** What rpm -qa says is in every fixture (make.sh builds and installs exactly these). */
const EXPECTED = [
  {
    name: 'plain-data',
    version: '0.9-1.el9_3',
    sourceName: 'plain-data',
    sourceVersion: '0.9-1.el9_3',
    arch: 'noarch',
    license: 'GPL-2.0-or-later',
  },
  {
    name: 'tiny-tool',
    version: '1:1.2.3-4.el9',
    sourceName: 'tiny-tool',
    sourceVersion: '1:1.2.3-4.el9',
    arch: 'noarch',
    license: 'MIT',
  },
  {
    name: 'tiny-tool-libs',
    version: '1:1.2.3-4.el9',
    sourceName: 'tiny-tool',
    sourceVersion: '1:1.2.3-4.el9',
    arch: 'noarch',
    license: 'MIT and BSD',
  },
];

function summary(pkgs: ImagePackage[] | undefined) {
  return (pkgs ?? [])
    .map((p) => ({ name: p.name, version: p.version, sourceName: p.sourceName, sourceVersion: p.sourceVersion, arch: p.arch, license: p.license }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function owned(out: AnalyzerOutput): Record<string, string[]> {
  const r: Record<string, string[]> = {};
  for (const o of out.ownedFiles ?? []) r[o.owner] = [...o.files].sort();
  return r;
}

const EXPECTED_FILES = {
  'tiny-tool': ['usr/bin/tiny-tool', 'usr/share/tiny-tool/README'],
  'tiny-tool-libs': ['usr/lib/tiny-tool/libtiny.txt'],
};

/** The header blobs of the sqlite fixture, read with SQLite itself (not with our reader). */
function realBlobs(): { hnum: number; blob: Buffer }[] {
  const buf = Buffer.from(fixture('rpmdb.sqlite'));
  buf[18] = 1;
  buf[19] = 1;
  const db = new Database(buf, { readonly: true });
  try {
    return db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: number; blob: Buffer }[];
  } finally {
    db.close();
  }
}

describe('rpm sqlite (rpmdb.sqlite)', () => {
  it('reads every package of a database rpm 4.18 wrote, in WAL mode, and leaves the buffer as it was', async () => {
    const content = fixture('rpmdb.sqlite');
    expect(content[18]).toBe(2); // rpm's WAL header: the case the reader must handle
    const before = Buffer.from(content);
    const out = await run(rpmSqliteAnalyzer, 'var/lib/rpm/rpmdb.sqlite', content);
    expect(out.issues).toBeUndefined();
    expect(summary(out.packages)).toEqual(EXPECTED);
    expect(owned(out)).toEqual(EXPECTED_FILES);
    expect(content.equals(before)).toBe(true);
    const p = out.packages?.find((x) => x.name === 'tiny-tool');
    expect(p).toMatchObject({ ecosystem: 'Red Hat', source: 'var/lib/rpm/rpmdb.sqlite', pinned: true, dev: false });
    expect(p?.purl).toBe('pkg:rpm/redhat/tiny-tool@1.2.3-4.el9?arch=noarch&epoch=1');
  });

  it('is wanted at both database locations and nowhere else', () => {
    const e = (path: string) => ({ path, type: 'file' as const, size: 10, mode: 0o644 });
    expect(rpmSqliteAnalyzer.wants(e('var/lib/rpm/rpmdb.sqlite'))).toBe(true);
    expect(rpmSqliteAnalyzer.wants(e('usr/lib/sysimage/rpm/rpmdb.sqlite'))).toBe(true);
    expect(rpmSqliteAnalyzer.wants(e('home/x/var/lib/rpm/rpmdb.sqlite'))).toBe(false);
    expect(rpmSqliteAnalyzer.wants({ ...e('var/lib/rpm/rpmdb.sqlite'), type: 'symlink' })).toBe(false);
    expect(rpmBdbAnalyzer.wants(e('var/lib/rpm/Packages'))).toBe(true);
    expect(rpmNdbAnalyzer.wants(e('usr/lib/sysimage/rpm/Packages.db'))).toBe(true);
    expect(RPM_ANALYZERS.filter((a) => a.wants(e('var/lib/rpm/Packages.db')))).toEqual([rpmNdbAnalyzer]);
  });

  it('reports a file that is not SQLite, a truncated database and a database without Packages', async () => {
    const bad = await run(rpmSqliteAnalyzer, 'var/lib/rpm/rpmdb.sqlite', Buffer.from('hello, not a database'));
    expect(bad.packages).toEqual([]);
    expect(bad.issues?.[0]?.message).toMatch(/var\/lib\/rpm\/rpmdb\.sqlite: not an SQLite database/);

    const cut = await run(rpmSqliteAnalyzer, 'var/lib/rpm/rpmdb.sqlite', fixture('rpmdb.sqlite').subarray(0, 8192));
    expect(cut.packages).toEqual([]);
    expect(cut.issues?.length).toBeGreaterThan(0);

    const mem = new Database(':memory:');
    mem.exec('CREATE TABLE Other (x INTEGER)');
    const other = mem.serialize();
    mem.close();
    const none = await run(rpmSqliteAnalyzer, 'var/lib/rpm/rpmdb.sqlite', other);
    expect(none.issues?.[0]?.message).toMatch(/no readable Packages table/);
  });

  it('turns a corrupt blob into an issue and keeps the good rows', async () => {
    const mem = new Database(':memory:');
    mem.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const ins = mem.prepare('INSERT INTO Packages (hnum, blob) VALUES (?, ?)');
    const blobs = realBlobs();
    ins.run(1, blobs[0]?.blob);
    ins.run(2, Buffer.from([0, 0, 0, 1, 0, 0, 0, 200, 1, 2, 3]));
    const db = mem.serialize();
    mem.close();
    const out = await run(rpmSqliteAnalyzer, 'var/lib/rpm/rpmdb.sqlite', db);
    expect(out.packages).toHaveLength(1);
    expect(out.issues).toHaveLength(1);
    expect(out.issues?.[0]?.message).toMatch(/package record 2: .*truncated/);
  });
});

describe('rpm Berkeley DB (Packages)', () => {
  it.each([
    ['Packages', 'page size 4096, blobs on overflow pages'],
    ['Packages-512', 'page size 512, blobs on chains of overflow pages'],
    ['Packages-inline', 'page size 16384, blobs on the hash pages'],
    ['Packages-be', 'big-endian, page size 512'],
  ])('reads %s (%s) written by db_load', async (file) => {
    const out = await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', fixture(file));
    expect(out.issues).toBeUndefined();
    expect(summary(out.packages)).toEqual(EXPECTED);
    expect(owned(out)).toEqual(EXPECTED_FILES);
  });

  it('survives every truncation of a real file without throwing', async () => {
    const full = fixture('Packages-512');
    for (let len = 0; len < full.length; len += 97) {
      const out = await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', full.subarray(0, len));
      expect(out.packages?.length ?? 0).toBeLessThanOrEqual(3);
      if (len < 512) expect(out.issues?.[0]?.message).toMatch(/too small/);
    }
  });

  it('stops at an overflow chain that loops back on itself', async () => {
    const buf = Buffer.from(fixture('Packages-512'));
    // Point the first overflow page's next-page field at itself.
    const pageSize = buf.readUInt32LE(20);
    let looped = false;
    for (let p = 1; p * pageSize < buf.length; p++) {
      if (buf[p * pageSize + 25] === 7 && buf.readUInt32LE(p * pageSize + 16) !== 0) {
        buf.writeUInt32LE(p, p * pageSize + 16);
        looped = true;
        break;
      }
    }
    expect(looped).toBe(true);
    const out = await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', buf);
    expect(out.packages).toHaveLength(2);
    expect(out.issues?.[0]?.message).toMatch(/overflow/);
  });

  it('stops items that share one long overflow chain before the walk turns quadratic', async () => {
    const buf = Buffer.from(fixture('Packages-512'));
    const ps = buf.readUInt32LE(20);
    const pages = buf.length / ps;
    // Relink every overflow page into one chain and point every off-page item at its start.
    const ov: number[] = [];
    for (let p = 1; p < pages; p++) if (buf[p * ps + 25] === 7) ov.push(p);
    let total = 0;
    ov.forEach((p, i) => {
      buf.writeUInt32LE(ov[i + 1] ?? 0, p * ps + 16);
      total += buf.readUInt16LE(p * ps + 22);
    });
    let items = 0;
    for (let p = 1; p < pages; p++) {
      if (buf[p * ps + 25] !== 13 && buf[p * ps + 25] !== 2) continue;
      const n = buf.readUInt16LE(p * ps + 20);
      for (let i = 0; i < n; i++) {
        const off = p * ps + buf.readUInt16LE(p * ps + 26 + 2 * i);
        if (buf[off] !== 3) continue;
        buf.writeUInt32LE(ov[0] ?? 0, off + 4);
        buf.writeUInt32LE(total, off + 8);
        items++;
      }
    }
    expect(items * ov.length).toBeGreaterThan(pages);
    const out = await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', buf);
    expect(out.issues?.some((i) => /visit more pages than the file has/.test(i.message))).toBe(true);
  });

  it('rejects a bad magic, a bad page size and a hostile entry count', async () => {
    const notDb = Buffer.alloc(4096, 0x41);
    expect((await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', notDb)).issues?.[0]?.message).toMatch(/bad magic/);

    const badPage = Buffer.from(fixture('Packages'));
    badPage.writeUInt32LE(1000, 20);
    expect((await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', badPage)).issues?.[0]?.message).toMatch(/page size 1000/);

    const manyEntries = Buffer.from(fixture('Packages'));
    manyEntries.writeUInt16LE(0xffff, 4096 + 20);
    const out = await run(rpmBdbAnalyzer, 'var/lib/rpm/Packages', manyEntries);
    expect(out.issues?.[0]?.message).toMatch(/claims 65535 entries/);
    expect(out.packages?.length).toBeLessThan(3);
  });
});

/**
 * No tool on this machine writes rpm's NDB format (Debian's rpm is built without it), so this
 * test wraps the real header blobs in an NDB container laid out as rpm's rpmpkg.c writes it.
 */
function ndbFile(blobs: { hnum: number; blob: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const slots = Buffer.alloc(4096);
  slots.write('RpmP', 0, 'latin1');
  slots.writeUInt32LE(0, 4);
  slots.writeUInt32LE(7, 8);
  slots.writeUInt32LE(1, 12);
  slots.writeUInt32LE(blobs.length + 1, 16);
  for (let o = 32; o < 4096; o += 16) slots.write('Slot', o, 'latin1');
  let blk = 4096 / 16;
  blobs.forEach(({ hnum, blob }, i) => {
    const size = Math.ceil((16 + blob.length + 12) / 16) * 16;
    const b = Buffer.alloc(size);
    b.write('BlbS', 0, 'latin1');
    b.writeUInt32LE(hnum, 4);
    b.writeUInt32LE(1700000000, 8);
    b.writeUInt32LE(blob.length, 12);
    blob.copy(b, 16);
    b.writeUInt32LE(adler32(b, 0, size - 12), size - 12);
    b.writeUInt32LE(blob.length, size - 8);
    b.write('BlbE', size - 4, 'latin1');
    const slot = 32 + i * 16;
    slots.writeUInt32LE(hnum, slot + 4);
    slots.writeUInt32LE(blk, slot + 8);
    slots.writeUInt32LE(size / 16, slot + 12);
    blk += size / 16;
    parts.push(b);
  });
  return Buffer.concat([slots, ...parts]);
}

describe('rpm NDB (Packages.db)', () => {
  it('adler32 matches the RFC 1950 reference value', () => {
    const b = Buffer.from('Wikipedia');
    expect(adler32(b, 0, b.length)).toBe(0x11e60398);
  });

  it('reads the real header blobs from an NDB container', async () => {
    const out = await run(rpmNdbAnalyzer, 'usr/lib/sysimage/rpm/Packages.db', ndbFile(realBlobs()));
    expect(out.issues).toBeUndefined();
    expect(summary(out.packages)).toEqual(EXPECTED);
    expect(owned(out)).toEqual(EXPECTED_FILES);
  });

  it('reports a corrupt blob (checksum), a slot past the end and a truncated slot table', async () => {
    const file = ndbFile(realBlobs());
    const corrupt = Buffer.from(file);
    corrupt[4096 + 40] = (corrupt[4096 + 40] ?? 0) ^ 0xff;
    const c = await run(rpmNdbAnalyzer, 'var/lib/rpm/Packages.db', corrupt);
    expect(c.packages).toHaveLength(2);
    expect(c.issues?.[0]?.message).toMatch(/adler32/);

    const past = Buffer.from(file);
    past.writeUInt32LE(0x7fffffff, 32 + 8);
    const p = await run(rpmNdbAnalyzer, 'var/lib/rpm/Packages.db', past);
    expect(p.packages).toHaveLength(2);
    expect(p.issues?.[0]?.message).toMatch(/outside the file/);

    const pages = Buffer.from(file);
    pages.writeUInt32LE(0xffffffff, 12);
    const t = await run(rpmNdbAnalyzer, 'var/lib/rpm/Packages.db', pages);
    expect(t.packages).toEqual([]);
    expect(t.issues?.[0]?.message).toMatch(/slot pages/);

    const shared = Buffer.from(file);
    // Ten slots claiming the first blob: more blocks than the file holds.
    for (let i = 0; i < 10; i++) shared.copy(shared, 32 + (3 + i) * 16, 32, 48);
    const s = await run(rpmNdbAnalyzer, 'var/lib/rpm/Packages.db', shared);
    expect(s.issues?.at(-1)?.message).toMatch(/overlapping blobs/);

    const cut = await run(rpmNdbAnalyzer, 'var/lib/rpm/Packages.db', file.subarray(0, 5000));
    expect(cut.packages).toEqual([]);
    expect(cut.issues?.length).toBe(3);
  });
});

/** A header blob with the given index entries and data store. */
function blob(entries: [tag: number, type: number, offset: number, count: number][], data: Buffer): Buffer {
  const head = Buffer.alloc(8 + entries.length * 16);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(data.length, 4);
  entries.forEach(([tag, type, offset, count], i) => {
    head.writeUInt32BE(tag, 8 + i * 16);
    head.writeUInt32BE(type, 12 + i * 16);
    head.writeInt32BE(offset, 16 + i * 16);
    head.writeUInt32BE(count, 20 + i * 16);
  });
  return Buffer.concat([head, data]);
}

describe('rpm header blobs', () => {
  const nvr = Buffer.from('pkg\0' + '1.0\0' + '2\0');
  const base: [number, number, number, number][] = [
    [TAG.NAME, 6, 0, 1],
    [TAG.VERSION, 6, 4, 1],
    [TAG.RELEASE, 6, 8, 1],
  ];

  it('reads name, version and release, and old-style whole file names', () => {
    const data = Buffer.concat([nvr, Buffer.from('/etc/a\0/usr/b\0')]);
    const r = parseRpmHeader(blob([...base, [TAG.OLDFILENAMES, 8, 10, 2]], data));
    expect(r).toEqual({ ok: true, header: { name: 'pkg', version: '1.0', release: '2', files: ['etc/a', 'usr/b'] } });
  });

  it.each([
    ['an empty blob', Buffer.alloc(0), /shorter than/],
    ['zero entries', Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), /0 index entries/],
    ['a huge entry count', Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]), /index entries/],
    ['a data store past the end', blob(base, nvr).subarray(0, 40), /truncated/],
    ['an offset outside the data', blob([[TAG.NAME, 6, 500, 1]], nvr), /offset 500 outside/],
    ['a string without its NUL', blob(base, Buffer.from('pkg\0' + '1.0\0' + '2')), /runs past the end/],
    ['a string array count past the data', blob([...base, [TAG.BASENAMES, 8, 0, 0xffffffff]], nvr), /claims 4294967295 strings/],
    ['an INT32 count past the data', blob([...base, [TAG.EPOCH, 4, 0, 1000]], nvr), /claims 1000 integers/],
    ['a wrongly typed NAME', blob([[TAG.NAME, 4, 0, 1]], nvr), /expected a string/],
    ['no NAME', blob([[TAG.VERSION, 6, 4, 1]], nvr), /lacks NAME/],
    [
      'a DIRINDEXES entry past DIRNAMES',
      blob(
        [
          ...base,
          [TAG.BASENAMES, 8, 10, 1],
          [TAG.DIRNAMES, 8, 12, 1],
          [TAG.DIRINDEXES, 4, 16, 1],
        ],
        Buffer.concat([nvr, Buffer.from('a\0/d/\0'), Buffer.from([0, 0, 0, 9])]),
      ),
      /DIRINDEXES\[0\] = 9/,
    ],
  ])('rejects %s with an error, not an exception', (_name, b, msg) => {
    const r = parseRpmHeader(b);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(msg);
  });

  it('never throws or hangs on random corruption of real blobs', () => {
    const blobs = realBlobs().map((b) => b.blob);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let failures = 0;
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const b = Buffer.from(blobs[i % blobs.length] as Buffer);
      for (let j = 0; j < 4; j++) b[rand(Math.min(b.length, 600))] = rand(256);
      const r = parseRpmHeader(i % 7 === 0 ? b.subarray(0, rand(b.length)) : b);
      if (!r.ok) failures++;
    }
    expect(failures).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('splits source rpm file names', () => {
    expect(splitSourceRpm('openssl-3.0.7-25.el9_3.src.rpm')).toEqual({ name: 'openssl', version: '3.0.7', release: '25.el9_3' });
    expect(splitSourceRpm('python3.11-libs-3.11.5-1.el9.nosrc.rpm')).toEqual({ name: 'python3.11-libs', version: '3.11.5', release: '1.el9' });
    expect(splitSourceRpm('garbage.src.rpm')).toBeUndefined();
    expect(splitSourceRpm('a-1.src.rpm')).toBeUndefined();
    expect(splitSourceRpm('openssl-3.0.7-25.el9.rpm')).toBeUndefined();
  });

  it('caps the issues of a database full of bad records', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ key: i + 1, blob: Buffer.from([1, 2, 3]) }));
    const out = packagesFromRecords('var/lib/rpm/Packages', records);
    expect(out.packages).toEqual([]);
    expect(out.issues).toHaveLength(21);
    expect(out.issues?.[20]?.message).toMatch(/80 more unreadable records/);
  });
});

describe('rpm through a real layer tar (entries -> collect -> merge)', () => {
  it('an AlmaLinux 9 image: the placeholder ecosystem becomes AlmaLinux with release 9', async () => {
    const p = pack();
    const chunks: Buffer[] = [];
    const done = (async () => {
      for await (const c of p) chunks.push(c as Buffer);
    })();
    p.entry({ name: 'etc/os-release', mode: 0o644 }, 'NAME="AlmaLinux"\nID="almalinux"\nVERSION_ID="9.3"\n');
    p.entry({ name: 'etc/redhat-release', mode: 0o644 }, 'AlmaLinux release 9.3 (Shamrock Pearl Jaguar)\n');
    p.entry({ name: 'usr/lib/sysimage/rpm/rpmdb.sqlite', mode: 0o644 }, fixture('rpmdb.sqlite'));
    p.entry({ name: 'var/lib/rpm', type: 'symlink', linkname: '../../usr/lib/sysimage/rpm' });
    p.finalize();
    await done;
    const layer = { index: 0, digest: 'sha256:' + 'c'.repeat(64) };
    const issues: unknown[] = [];
    async function* sources() {
      yield { layer, entries: layerEntries(Readable.from([Buffer.concat(chunks)]), layer, 'img.tar', (x) => issues.push(x)) };
    }
    const inv = mergeLayers((await collectLayers(sources(), OS_ANALYZERS, (x) => issues.push(x))).layers);
    expect(issues).toEqual([]);
    // prettyName comes from redhat-release: this os-release has no PRETTY_NAME.
    expect(inv.os).toEqual({
      id: 'almalinux',
      versionId: '9.3',
      prettyName: 'AlmaLinux release 9.3 (Shamrock Pearl Jaguar)',
      ecosystem: 'AlmaLinux',
      release: '9',
    });
    expect(inv.packages.map((x) => [x.name, x.ecosystem, x.release, x.version, x.sourceName, x.purl]).sort()).toEqual([
      ['plain-data', 'AlmaLinux', '9', '0.9-1.el9_3', 'plain-data', 'pkg:rpm/almalinux/plain-data@0.9-1.el9_3?arch=noarch&distro=almalinux-9.3'],
      ['tiny-tool', 'AlmaLinux', '9', '1:1.2.3-4.el9', 'tiny-tool', 'pkg:rpm/almalinux/tiny-tool@1.2.3-4.el9?arch=noarch&distro=almalinux-9.3&epoch=1'],
      ['tiny-tool-libs', 'AlmaLinux', '9', '1:1.2.3-4.el9', 'tiny-tool', 'pkg:rpm/almalinux/tiny-tool-libs@1.2.3-4.el9?arch=noarch&distro=almalinux-9.3&epoch=1'],
    ]);
    expect([...inv.owned].sort()).toEqual(['usr/bin/tiny-tool', 'usr/lib/tiny-tool/libtiny.txt', 'usr/share/tiny-tool/README']);
  });
});
