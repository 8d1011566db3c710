import { describe, expect, it } from 'vitest';
import { apkAnalyzer } from '../../../src/scanners/image/os/apk.js';
import { OS_ANALYZERS } from '../../../src/scanners/image/os/index.js';
import type { AnalyzerOutput } from '../../../src/scanners/image/types.js';

async function run(text: string | Buffer, path = 'lib/apk/db/installed'): Promise<AnalyzerOutput> {
  return await apkAnalyzer.analyze({ path, content: Buffer.isBuffer(text) ? text : Buffer.from(text), mode: 0o644 });
}

// Shaped like an Alpine 3.19 image's database: a subpackage whose origin differs (libcrypto3
// from openssl), files in several directories, a package without files, checksums (Z:) and
// ownership lines (a:, M:) the reader skips.
const INSTALLED = `C:Q1abcdefghijklmnopqrstuvwxyz0123=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:407278
I:667648
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1700000000
c:1234567890abcdef
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1AAAAAAAAAAAAAAAAAAAAAAAAAAAA=
R:libc.musl-x86_64.so.1
Z:Q1BBBBBBBBBBBBBBBBBBBBBBBBBBBB=

P:libcrypto3
V:3.1.4-r5
A:x86_64
L:Apache-2.0
o:openssl
F:etc/ssl
R:openssl.cnf
F:usr/lib
R:libcrypto.so.3

P:alpine-baselayout-data
V:3.4.3-r2
A:x86_64
L:GPL-2.0-only
o:alpine-baselayout
`;

describe('apk installed', () => {
  it('reads packages with origin, license and arch, and their files', async () => {
    const out = await run(INSTALLED);
    expect(out.issues).toBeUndefined();
    expect(out.packages?.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch, p.license, p.line])).toEqual([
      ['musl', '1.2.4_git20230717-r4', 'musl', '1.2.4_git20230717-r4', 'x86_64', 'MIT', 1],
      ['libcrypto3', '3.1.4-r5', 'openssl', '3.1.4-r5', 'x86_64', 'Apache-2.0', 21],
      ['alpine-baselayout-data', '3.4.3-r2', 'alpine-baselayout', '3.4.3-r2', 'x86_64', 'GPL-2.0-only', 31],
    ]);
    expect(out.packages?.[1]).toMatchObject({
      ecosystem: 'Alpine',
      source: 'lib/apk/db/installed',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64',
    });
    expect(out.ownedFiles).toEqual([
      { owner: 'musl', files: ['lib/ld-musl-x86_64.so.1', 'lib/libc.musl-x86_64.so.1'] },
      { owner: 'libcrypto3', files: ['etc/ssl/openssl.cnf', 'usr/lib/libcrypto.so.3'] },
    ]);
  });

  it('uses the package name as source when there is no origin, and reads files at the root', async () => {
    const out = await run('P:solo\nV:1.0-r0\nR:topfile\n');
    expect(out.packages?.[0]).toMatchObject({ name: 'solo', sourceName: 'solo', sourceVersion: '1.0-r0' });
    expect(out.packages?.[0]?.arch).toBeUndefined();
    expect(out.ownedFiles).toEqual([{ owner: 'solo', files: ['topfile'] }]);
  });

  it('drops files under a directory that climbs out of the root', async () => {
    const out = await run('P:evil\nV:1-r0\nF:../../etc\nR:shadow\nF:usr/bin\nR:ok\nR:../x\n');
    expect(out.ownedFiles).toEqual([{ owner: 'evil', files: ['usr/bin/ok'] }]);
  });

  it('reports a block without P or V, with its line, and keeps the others', async () => {
    const out = await run('P:good\nV:1-r0\n\r\nP:noversion\nA:x86_64\n\nV:2-r0\n\n\n');
    expect(out.packages?.map((p) => p.name)).toEqual(['good']);
    expect(out.issues?.map((i) => [i.line, i.message])).toEqual([
      [4, 'lib/apk/db/installed:4: package block without V: (version); skipped'],
      [7, 'lib/apk/db/installed:7: package block without P: (name); skipped'],
    ]);
  });

  it('reads nothing from an empty file or binary junk, without throwing', async () => {
    expect(await run('')).toEqual({ packages: [] });
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31337) % 256));
    expect((await run(junk)).packages?.length ?? 0).toBe(0);
  });

  it('wants only lib/apk/db/installed', () => {
    const e = (path: string, type: 'file' | 'symlink' = 'file') => ({ path, type, size: 10, mode: 0o644 });
    expect(apkAnalyzer.wants(e('lib/apk/db/installed'))).toBe(true);
    expect(apkAnalyzer.wants(e('lib/apk/db/installed.old'))).toBe(false);
    expect(apkAnalyzer.wants(e('lib/apk/db/installed', 'symlink'))).toBe(false);
    expect(OS_ANALYZERS.filter((a) => a.wants(e('lib/apk/db/installed')))).toEqual([apkAnalyzer]);
  });
});
