import { describe, expect, it } from 'vitest';
import { osReleaseAnalyzer, parseKeyValues, pickOs, type DetectedOs } from '../../../src/scanners/image/os/release.js';
import { applyOsInfo, OS_ANALYZERS } from '../../../src/scanners/image/os/index.js';
import { osPurl } from '../../../src/scanners/image/os/purl.js';
import type { AnalyzerOutput, ImagePackage, OsInfo } from '../../../src/scanners/image/types.js';

async function detect(path: string, text: string): Promise<AnalyzerOutput> {
  return await osReleaseAnalyzer.analyze({ path, content: Buffer.from(text), mode: 0o644 });
}

const entry = (path: string, type: 'file' | 'symlink' = 'file') => ({ path, type, size: 100, mode: 0o644 });

describe('os-release and friends', () => {
  it.each([
    [
      'Debian 12',
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
      { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', ecosystem: 'Debian', release: '12' },
    ],
    [
      'Ubuntu 22.04 LTS',
      'PRETTY_NAME="Ubuntu 22.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n',
      { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.3 LTS', ecosystem: 'Ubuntu', release: '22.04:LTS' },
    ],
    [
      'Ubuntu 23.10 (not LTS)',
      'PRETTY_NAME="Ubuntu 23.10"\nVERSION_ID="23.10"\nVERSION="23.10 (Mantic Minotaur)"\nID=ubuntu\n',
      { id: 'ubuntu', versionId: '23.10', prettyName: 'Ubuntu 23.10', ecosystem: 'Ubuntu', release: '23.10' },
    ],
    [
      'Alpine 3.19.1',
      'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n',
      { id: 'alpine', versionId: '3.19.1', prettyName: 'Alpine Linux v3.19', ecosystem: 'Alpine', release: 'v3.19' },
    ],
    [
      'AlmaLinux 9.3',
      'NAME="AlmaLinux"\nVERSION="9.3 (Shamrock Pearl Jaguar)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="AlmaLinux 9.3 (Shamrock Pearl Jaguar)"\n',
      { id: 'almalinux', versionId: '9.3', prettyName: 'AlmaLinux 9.3 (Shamrock Pearl Jaguar)', ecosystem: 'AlmaLinux', release: '9' },
    ],
    [
      'AlmaLinux 8',
      'ID="almalinux"\nVERSION_ID="8.9"\n',
      { id: 'almalinux', versionId: '8.9', ecosystem: 'AlmaLinux', release: '8' },
    ],
    [
      'Rocky Linux 9',
      'NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n',
      { id: 'rocky', versionId: '9.3', prettyName: 'Rocky Linux 9.3 (Blue Onyx)', ecosystem: 'Rocky Linux', release: '9' },
    ],
    [
      'CentOS 7 (no OSV ecosystem)',
      'NAME="CentOS Linux"\nID="centos"\nVERSION_ID="7"\n',
      { id: 'centos', versionId: '7' },
    ],
  ])('reads %s', async (_name, text, expected) => {
    const out = await detect('etc/os-release', text);
    expect(out.issues).toBeUndefined();
    expect(out.os).toEqual({ ...expected, detectedFrom: 'etc/os-release' });
  });

  it('says why Debian testing/unstable and RHEL get no release', async () => {
    const sid = await detect('usr/lib/os-release', 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nID=debian\n');
    expect(sid.os).toMatchObject({ id: 'debian', ecosystem: 'Debian' });
    expect(sid.os?.release).toBeUndefined();
    expect(sid.issues?.[0]).toMatchObject({ path: 'usr/lib/os-release', kind: 'unresolved' });
    expect(sid.issues?.[0]?.message).toMatch(/testing or unstable/);

    const rhel = await detect('etc/os-release', 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.3"\n');
    // Every product stream of the major release: `Red Hat:enterprise_linux:9::appstream`, `...::baseos`.
    expect(rhel.os).toMatchObject({ id: 'rhel', versionId: '9.3', ecosystem: 'Red Hat', release: 'enterprise_linux:9' });
    expect(rhel.issues ?? []).toEqual([]);

    const edge = await detect('etc/os-release', 'ID=alpine\nVERSION_ID=3.20.0_alpha20240329\nPRETTY_NAME="Alpine Linux edge"\n');
    expect(edge.os?.release).toBeUndefined();
    expect(edge.issues?.[0]?.message).toMatch(/not a stable branch/);
  });

  it('reads the older per-distribution files', async () => {
    expect((await detect('etc/alpine-release', '3.18.4\n')).os).toMatchObject({ id: 'alpine', versionId: '3.18.4', release: 'v3.18' });
    expect((await detect('etc/debian_version', '12.5\n')).os).toMatchObject({ id: 'debian', versionId: '12.5', release: '12' });
    const sid = await detect('etc/debian_version', 'trixie/sid\n');
    expect(sid.os).toEqual({ id: 'debian', ecosystem: 'Debian', detectedFrom: 'etc/debian_version' });
    expect(sid.issues).toBeUndefined(); // every Ubuntu has one of these
    expect((await detect('etc/redhat-release', 'CentOS Linux release 7.9.2009 (Core)\n')).os).toMatchObject({ id: 'centos', versionId: '7.9.2009' });
    expect((await detect('etc/redhat-release', 'Rocky Linux release 8.9 (Green Obsidian)\n')).os).toMatchObject({
      id: 'rocky',
      ecosystem: 'Rocky Linux',
      release: '8',
    });
    expect((await detect('etc/system-release', 'AlmaLinux release 9.3 (Shamrock Pearl Jaguar)\n')).os).toMatchObject({ id: 'almalinux', release: '9' });
    expect((await detect('etc/system-release', 'Something else entirely\n')).os).toBeUndefined();
    expect(
      (await detect('etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\nDISTRIB_CODENAME=focal\nDISTRIB_DESCRIPTION="Ubuntu 20.04.6 LTS"\n')).os,
    ).toMatchObject({ id: 'ubuntu', versionId: '20.04', ecosystem: 'Ubuntu', release: '20.04:LTS' });
  });

  it('reports an os-release without ID and never throws on binary junk', async () => {
    const none = await detect('etc/os-release', 'NAME=whatever\n');
    expect(none.os).toBeUndefined();
    expect(none.issues?.[0]?.message).toMatch(/etc\/os-release has no ID= line/);
    const junk = await osReleaseAnalyzer.analyze({ path: 'etc/os-release', content: Buffer.from([0, 0xff, 0x3d, 0x0a, 0x3d, 0x3d]), mode: 0o644 });
    expect(junk.os).toBeUndefined();
  });

  it('parses shell quoting as os-release(5) describes it', () => {
    const kv = parseKeyValues('# comment\nA="x \\"y\\" \\$z"\nB=\'lit $x\'\nC=plain\nbad line\n=novalue\nD=""\n');
    expect(Object.fromEntries(kv)).toEqual({ A: 'x "y" $z', B: 'lit $x', C: 'plain', D: '' });
  });

  it('wants both os-release paths and the release files, regular files only', () => {
    expect(osReleaseAnalyzer.wants(entry('etc/os-release'))).toBe(true);
    expect(osReleaseAnalyzer.wants(entry('usr/lib/os-release'))).toBe(true);
    expect(osReleaseAnalyzer.wants(entry('etc/alpine-release'))).toBe(true);
    // etc/os-release is usually a symlink to ../usr/lib/os-release: the target file is read instead.
    expect(osReleaseAnalyzer.wants(entry('etc/os-release', 'symlink'))).toBe(false);
    expect(osReleaseAnalyzer.wants(entry('opt/etc/os-release'))).toBe(false);
    expect(OS_ANALYZERS.filter((a) => a.wants(entry('etc/os-release')))).toEqual([osReleaseAnalyzer]);
  });
});

describe('pickOs', () => {
  const os = (info: OsInfo, from: string): DetectedOs => ({ ...info, detectedFrom: from });

  it('prefers os-release over the others, whatever the order', () => {
    const candidates = [
      os({ id: 'debian', ecosystem: 'Debian' }, 'etc/debian_version'),
      os({ id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' }, 'usr/lib/os-release'),
      os({ id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' }, 'etc/lsb-release'),
    ];
    expect(pickOs(candidates)).toEqual({ id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' });
    expect(pickOs([...candidates].reverse())).toEqual({ id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' });
  });

  it('fills what os-release lacks from a lower candidate of the same distribution only', () => {
    const got = pickOs([
      os({ id: 'alpine', prettyName: 'Alpine Linux', ecosystem: 'Alpine' }, 'etc/os-release'),
      os({ id: 'alpine', versionId: '3.19.1', ecosystem: 'Alpine', release: 'v3.19' }, 'etc/alpine-release'),
      os({ id: 'debian', versionId: '12.5', ecosystem: 'Debian', release: '12' }, 'etc/debian_version'),
    ]);
    expect(got).toEqual({ id: 'alpine', prettyName: 'Alpine Linux', versionId: '3.19.1', ecosystem: 'Alpine', release: 'v3.19' });
  });

  it('returns undefined for nothing and ranks unlabelled candidates last', () => {
    expect(pickOs([])).toBeUndefined();
    expect(pickOs([{ id: 'fedora' }, os({ id: 'rocky', versionId: '9.3' }, 'etc/redhat-release')])?.id).toBe('rocky');
  });
});

describe('osPurl and applyOsInfo', () => {
  const pkg = (p: Partial<ImagePackage> & Pick<ImagePackage, 'ecosystem' | 'name' | 'version'>): ImagePackage => ({
    purl: '',
    direct: false,
    dev: false,
    pinned: true,
    source: 'x',
    ...p,
  });
  const debian12: OsInfo = { id: 'debian', versionId: '12', ecosystem: 'Debian', release: '12' };
  const ubuntu: OsInfo = { id: 'ubuntu', versionId: '22.04', ecosystem: 'Ubuntu', release: '22.04:LTS' };
  const alpine: OsInfo = { id: 'alpine', versionId: '3.19.1', ecosystem: 'Alpine', release: 'v3.19' };
  const alma: OsInfo = { id: 'almalinux', versionId: '9.3', ecosystem: 'AlmaLinux', release: '9' };

  it('builds deb, apk and rpm purls', () => {
    expect(osPurl(pkg({ ecosystem: 'Debian', name: 'libc6', version: '2.36-9+deb12u4', arch: 'amd64' }), debian12)).toBe(
      'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12',
    );
    expect(osPurl(pkg({ ecosystem: 'Ubuntu', name: 'bash', version: '5.1-6ubuntu1', arch: 'amd64' }), ubuntu)).toBe(
      'pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04',
    );
    expect(osPurl(pkg({ ecosystem: 'Alpine', name: 'musl', version: '1.2.4-r2', arch: 'x86_64' }), alpine)).toBe(
      'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1',
    );
    expect(osPurl(pkg({ ecosystem: 'AlmaLinux', name: 'openssl', version: '1:3.0.7-25.el9_3', arch: 'x86_64' }), alma)).toBe(
      'pkg:rpm/almalinux/openssl@3.0.7-25.el9_3?arch=x86_64&distro=almalinux-9.3&epoch=1',
    );
    expect(osPurl(pkg({ ecosystem: 'Red Hat', name: 'bash', version: '5.1.8-6.el9', arch: 'x86_64' }), { id: 'rhel', versionId: '9.3' })).toBe(
      'pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=redhat-9.3',
    );
    expect(osPurl(pkg({ ecosystem: 'Debian', name: 'curl', version: '7.88.1-10' }), undefined)).toBe('pkg:deb/debian/curl@7.88.1-10');
  });

  it('moves dpkg packages to Ubuntu and rpm placeholders to the distribution, with release and purl', () => {
    const deb = applyOsInfo(pkg({ ecosystem: 'Debian', name: 'bash', version: '5.1-6ubuntu1', arch: 'amd64' }), ubuntu);
    expect(deb).toMatchObject({ ecosystem: 'Ubuntu', release: '22.04:LTS', purl: 'pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04' });
    const rpm = applyOsInfo(pkg({ ecosystem: 'Red Hat', name: 'openssl', version: '1:3.0.7-25.el9_3', arch: 'x86_64' }), alma);
    expect(rpm).toMatchObject({ ecosystem: 'AlmaLinux', release: '9' });
    expect(rpm.purl).toMatch(/^pkg:rpm\/almalinux\/openssl@/);
    const centos = applyOsInfo(pkg({ ecosystem: 'Red Hat', name: 'bash', version: '4.2.46-34.el7' }), { id: 'centos', versionId: '7' });
    expect(centos.ecosystem).toBe('Red Hat');
    expect(centos.release).toBeUndefined();
    expect(centos.purl).toBe('pkg:rpm/centos/bash@4.2.46-34.el7?distro=centos-7');
  });

  it('gives a package of another family no release, and leaves language packages alone', () => {
    const stray = applyOsInfo(pkg({ ecosystem: 'Debian', name: 'x', version: '1' }), alpine);
    expect(stray.ecosystem).toBe('Debian');
    expect(stray.release).toBeUndefined();
    const wolfi = applyOsInfo(pkg({ ecosystem: 'Alpine', name: 'glibc', version: '2.38-r1', arch: 'x86_64' }), { id: 'wolfi', versionId: '20230201' });
    expect(wolfi).toMatchObject({ ecosystem: 'Alpine', purl: 'pkg:apk/wolfi/glibc@2.38-r1?arch=x86_64&distro=20230201' });
    expect(wolfi.release).toBeUndefined();
    const npm = pkg({ ecosystem: 'npm', name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' });
    expect(applyOsInfo(npm, debian12)).toBe(npm);
  });
});

describe('os-release paths', () => {
  it('does not take object property names for release files', async () => {
    for (const p of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(osReleaseAnalyzer.wants({ path: p, type: 'file', size: 10, mode: 0o644 })).toBe(false);
    }
    expect(pickOs([{ id: 'x', detectedFrom: 'constructor' } as DetectedOs, { id: 'y', detectedFrom: 'etc/debian_version' } as DetectedOs])?.id).toBe('y');
  });
});
