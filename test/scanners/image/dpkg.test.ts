import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { collectLayers } from '../../../src/scanners/image/inventory/collect.js';
import { mergeLayers } from '../../../src/scanners/image/inventory/merge.js';
import { layerEntries } from '../../../src/scanners/image/oci/entries.js';
import {
  dpkgListAnalyzer,
  dpkgStatusAnalyzer,
  dpkgStatusDAnalyzer,
  parseStanzas,
} from '../../../src/scanners/image/os/dpkg.js';
import { OS_ANALYZERS } from '../../../src/scanners/image/os/index.js';
import type { Analyzer, AnalyzerOutput } from '../../../src/scanners/image/types.js';

async function run(a: Analyzer, path: string, text: string | Buffer): Promise<AnalyzerOutput> {
  return await a.analyze({ path, content: Buffer.isBuffer(text) ? text : Buffer.from(text), mode: 0o644 });
}

const entry = (path: string, type: 'file' | 'dir' | 'symlink' = 'file') => ({ path, type, size: 100, mode: 0o644 });

// A status file shaped like a Debian 12 image's, with the cases dpkg really writes: a source
// with its own version, an epoch, a removed package (config-files), a held package, a multi-line
// Description and Conffiles.
const STATUS = `Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 12986
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u4
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
 .
 This package includes shared versions of the standard C library.

Package: libssl3
Status: install ok installed
Architecture: amd64
Source: openssl (3.0.11-1~deb12u2)
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit

Package: login
Status: install ok installed
Architecture: amd64
Source: shadow (1:4.13+dfsg1-1)
Version: 1:4.13+dfsg1-1+b1
Conffiles:
 /etc/login.defs 1234abcd
 /etc/pam.d/login 5678ef01
Description: system login tools

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
Description: removed, only its configuration remains

Package: heldpkg
Status: hold ok installed
Architecture: all
Version: 2.0-1
Description: held at this version

Package: halfpkg
Status: install reinstreq half-installed
Architecture: amd64
Version: 0.1-1
`;

describe('dpkg status', () => {
  it('reads installed packages with source, epoch and arch, skipping removed and half-installed ones', async () => {
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', STATUS);
    expect(out.issues).toBeUndefined();
    expect(out.packages?.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch, p.line])).toEqual([
      ['libc6', '2.36-9+deb12u4', 'glibc', '2.36-9+deb12u4', 'amd64', 1],
      ['libssl3', '3.0.11-1~deb12u2', 'openssl', '3.0.11-1~deb12u2', 'amd64', 18],
      ['login', '1:4.13+dfsg1-1+b1', 'shadow', '1:4.13+dfsg1-1', 'amd64', 25],
      ['heldpkg', '2.0-1', 'heldpkg', '2.0-1', 'all', 41],
    ]);
    const libc = out.packages?.[0];
    expect(libc).toMatchObject({ ecosystem: 'Debian', source: 'var/lib/dpkg/status', direct: false, dev: false, pinned: true });
    expect(libc?.purl).toBe('pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64');
  });

  it('joins continuation lines and tolerates CRLF and a missing final newline', () => {
    const st = parseStanzas('Package: a\r\nDescription: one\r\n two\r\n\r\nPackage: b\nVersion: 1');
    expect(st).toHaveLength(2);
    expect(st[0]?.fields.get('description')).toBe('one\ntwo');
    expect(st[1]).toEqual({ line: 5, fields: new Map([['package', 'b'], ['version', '1']]) });
  });

  it('reports a stanza without Version or Package, with its line, and keeps the rest', async () => {
    const text = 'Package: good\nStatus: install ok installed\nVersion: 1\n\nPackage: broken\nStatus: install ok installed\n\nStatus: install ok installed\nVersion: 2\n';
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', text);
    expect(out.packages?.map((p) => p.name)).toEqual(['good']);
    expect(out.issues).toEqual([
      { path: 'var/lib/dpkg/status', line: 5, kind: 'unparsable', message: 'var/lib/dpkg/status:5: stanza without Version; skipped', scanner: 'image' },
      { path: 'var/lib/dpkg/status', line: 8, kind: 'unparsable', message: 'var/lib/dpkg/status:8: stanza without Package; skipped', scanner: 'image' },
    ]);
  });

  it('reads nothing from an empty file or binary junk, without throwing', async () => {
    expect(await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', '')).toEqual({ packages: [] });
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', junk);
    expect(out.packages).toEqual([]);
  });
});

describe('dpkg status.d (distroless)', () => {
  it('reads a stanza file without Status', async () => {
    const out = await run(
      dpkgStatusDAnalyzer,
      'var/lib/dpkg/status.d/libssl3',
      'Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n',
    );
    expect(out.packages).toEqual([
      expect.objectContaining({
        name: 'libssl3',
        version: '3.0.11-1~deb12u2',
        sourceName: 'openssl',
        sourceVersion: '3.0.11-1~deb12u2',
        arch: 'amd64',
        source: 'var/lib/dpkg/status.d/libssl3',
        line: 1,
      }),
    ]);
  });

  it('reads a package whose name has a dot, and the md5sums beside it as owned files', async () => {
    const py = await run(dpkgStatusDAnalyzer, 'var/lib/dpkg/status.d/python3.11', 'Package: python3.11\nVersion: 3.11.2-6\nArchitecture: amd64\n');
    expect(py.packages?.map((p) => p.name)).toEqual(['python3.11']);
    const sums = await run(
      dpkgStatusDAnalyzer,
      'var/lib/dpkg/status.d/libssl3.md5sums',
      '0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n0123456789abcdef0123456789abcdef  usr/share/doc/libssl3/copyright\nnot a line\n',
    );
    expect(sums).toEqual({
      ownedFiles: [{ owner: 'libssl3', files: ['usr/lib/x86_64-linux-gnu/libssl.so.3', 'usr/share/doc/libssl3/copyright'] }],
    });
    expect(await run(dpkgStatusDAnalyzer, 'var/lib/dpkg/status.d/libssl3.conffiles', '/etc/x\n')).toEqual({});
  });

  it('wants direct children of status.d only', () => {
    expect(dpkgStatusDAnalyzer.wants(entry('var/lib/dpkg/status.d/base-files'))).toBe(true);
    expect(dpkgStatusDAnalyzer.wants(entry('var/lib/dpkg/status.d/sub/x'))).toBe(false);
    expect(dpkgStatusDAnalyzer.wants(entry('var/lib/dpkg/status.d/'))).toBe(false);
    expect(dpkgStatusDAnalyzer.wants(entry('var/lib/dpkg/status.d/x', 'dir'))).toBe(false);
  });
});

describe('dpkg info/*.list', () => {
  it('gives the files of a package, owner without its :arch, root-relative', async () => {
    const out = await run(dpkgListAnalyzer, 'var/lib/dpkg/info/libc6:amd64.list', '/.\n/etc\n/etc/ld.so.conf.d\n/lib/x86_64-linux-gnu/libc.so.6\n/usr/../etc/shadow\n\n');
    expect(out).toEqual({ ownedFiles: [{ owner: 'libc6', files: ['etc', 'etc/ld.so.conf.d', 'lib/x86_64-linux-gnu/libc.so.6'] }] });
    const plain = await run(dpkgListAnalyzer, 'var/lib/dpkg/info/bash.list', '/bin/bash\n');
    expect(plain.ownedFiles).toEqual([{ owner: 'bash', files: ['bin/bash'] }]);
  });

  it('wants .list files in info/ only, and each dpkg path goes to one analyzer', () => {
    expect(dpkgListAnalyzer.wants(entry('var/lib/dpkg/info/bash.list'))).toBe(true);
    expect(dpkgListAnalyzer.wants(entry('var/lib/dpkg/info/bash.md5sums'))).toBe(false);
    expect(dpkgListAnalyzer.wants(entry('var/lib/dpkg/info/.list'))).toBe(true);
    expect(dpkgStatusAnalyzer.wants(entry('var/lib/dpkg/status-old'))).toBe(false);
    for (const p of ['var/lib/dpkg/status', 'var/lib/dpkg/status.d/libc6', 'var/lib/dpkg/info/bash.list']) {
      expect(OS_ANALYZERS.filter((a) => a.wants(entry(p)))).toHaveLength(1);
    }
  });

  it('ignores an info/.list without a package name', async () => {
    expect(await run(dpkgListAnalyzer, 'var/lib/dpkg/info/.list', '/x\n')).toEqual({});
  });
});

describe('dpkg through real layer tars (entries -> collect -> merge)', () => {
  it('an Ubuntu image: os-release via its symlink, packages moved to Ubuntu, a later layer adds one', async () => {
    type Item = { name: string; body?: string; linkname?: string };
    const tar = async (items: Item[]): Promise<Buffer> => {
      const p = pack();
      const chunks: Buffer[] = [];
      const done = (async () => {
        for await (const c of p) chunks.push(c as Buffer);
      })();
      for (const it of items) {
        if (it.linkname) p.entry({ name: it.name, type: 'symlink', linkname: it.linkname });
        else p.entry({ name: it.name, mode: 0o644 }, it.body ?? '');
      }
      p.finalize();
      await done;
      return Buffer.concat(chunks);
    };
    const stanza = (name: string, version: string, source?: string) =>
      `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\n${source ? `Source: ${source}\n` : ''}Version: ${version}\n`;
    const base = await tar([
      { name: 'usr/lib/os-release', body: 'NAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n' },
      { name: 'etc/os-release', linkname: '../usr/lib/os-release' },
      { name: 'etc/debian_version', body: 'bookworm/sid\n' },
      { name: 'var/lib/dpkg/status', body: [stanza('bash', '5.1-6ubuntu1.1'), stanza('libssl3', '3.0.2-0ubuntu1.15', 'openssl')].join('\n') },
      { name: 'var/lib/dpkg/info/bash.list', body: '/.\n/bin\n/bin/bash\n' },
    ]);
    const top = await tar([
      {
        name: 'var/lib/dpkg/status',
        body: [stanza('bash', '5.1-6ubuntu1.1'), stanza('libssl3', '3.0.2-0ubuntu1.15', 'openssl'), stanza('curl', '7.81.0-1ubuntu1.16')].join('\n'),
      },
    ]);
    const layers = [
      { index: 0, digest: 'sha256:' + 'a'.repeat(64) },
      { index: 1, digest: 'sha256:' + 'b'.repeat(64) },
    ];
    const issues: unknown[] = [];
    async function* sources() {
      for (const [i, buf] of [base, top].entries()) {
        const layer = layers[i] as (typeof layers)[number];
        yield { layer, entries: layerEntries(Readable.from([buf]), layer, 'img.tar', (x) => issues.push(x)) };
      }
    }
    const collected = await collectLayers(sources(), OS_ANALYZERS, (x) => issues.push(x));
    const inv = mergeLayers(collected.layers);
    expect(issues).toEqual([]);
    expect(inv.os).toEqual({ id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' });
    expect(inv.packages.map((p) => [p.name, p.ecosystem, p.release, p.sourceName, p.layer?.index, p.purl]).sort()).toEqual([
      ['bash', 'Ubuntu', '22.04:LTS', 'bash', 0, 'pkg:deb/ubuntu/bash@5.1-6ubuntu1.1?arch=amd64&distro=ubuntu-22.04'],
      ['curl', 'Ubuntu', '22.04:LTS', 'curl', 1, 'pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.16?arch=amd64&distro=ubuntu-22.04'],
      ['libssl3', 'Ubuntu', '22.04:LTS', 'openssl', 0, 'pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.15?arch=amd64&distro=ubuntu-22.04'],
    ]);
    expect(inv.owned.has('bin/bash')).toBe(true);
  });
});
