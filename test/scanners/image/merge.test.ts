import { describe, expect, it } from 'vitest';
import { outputKey, type LayerOutputs, type StoredOutput } from '../../../src/scanners/image/inventory/collect.js';
import { mergeLayers } from '../../../src/scanners/image/inventory/merge.js';
import type { ImagePackage, OsInfo } from '../../../src/scanners/image/types.js';

const STATUS = 'var/lib/dpkg/status';

function deb(name: string, version: string, extra: Partial<ImagePackage> = {}): ImagePackage {
  return { ecosystem: 'Debian', name, version, purl: `pkg:deb/debian/${name}@${version}`, direct: false, dev: false, pinned: true, source: STATUS, arch: 'amd64', ...extra };
}

function npm(name: string, version: string, source: string): ImagePackage {
  return { ecosystem: 'npm', name, version, purl: `pkg:npm/${name}@${version}`, direct: false, dev: false, pinned: true, source };
}

interface LayerSpec {
  outputs?: [analyzer: string, path: string, output: StoredOutput['output']][];
  whiteouts?: string[];
  opaque?: string[];
  dropped?: [string, string][];
}

function layers(...specs: LayerSpec[]): LayerOutputs[] {
  return specs.map((s, index) => ({
    layer: { index, diffId: `sha256:${String(index).repeat(64)}`, createdBy: `step ${index}` },
    outputs: new Map((s.outputs ?? []).map(([a, path, output]) => [outputKey(a, path), { analyzer: a, path, output }])),
    whiteouts: new Set(s.whiteouts ?? []),
    opaque: new Set(s.opaque ?? []),
    dropped: new Set((s.dropped ?? []).map(([a, p]) => outputKey(a, p))),
  }));
}

const DEBIAN12: OsInfo & { detectedFrom: string } = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', ecosystem: 'Debian', release: '12', detectedFrom: 'etc/os-release' };

describe('mergeLayers', () => {
  it('attributes a base package to the base layer and an installed one to its install layer', () => {
    const inv = mergeLayers(
      layers(
        { outputs: [['os/dpkg', STATUS, { packages: [deb('libssl3', '3.0.11-1', { sourceName: 'openssl' })] }], ['os/release', 'etc/os-release', { os: DEBIAN12 }]] },
        { outputs: [['os/dpkg', STATUS, { packages: [deb('libssl3', '3.0.11-1', { sourceName: 'openssl' }), deb('curl', '7.88.1-10')] }]] },
        { outputs: [['lang/node', 'app/node_modules/x/package.json', { packages: [npm('x', '1.0.0', 'app/node_modules/x/package.json')] }]] },
      ),
    );
    const byName = new Map(inv.packages.map((p) => [p.name, p]));
    expect(byName.get('libssl3')!.layer!.index).toBe(0);
    expect(byName.get('curl')!.layer!.index).toBe(1);
    expect(byName.get('x')!.layer!.index).toBe(2);
    expect(inv.os).toMatchObject({ id: 'debian', ecosystem: 'Debian', release: '12' });
    // OS packages get the release and a purl naming the distribution; language packages keep theirs.
    expect(byName.get('curl')).toMatchObject({ ecosystem: 'Debian', release: '12', purl: 'pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12' });
    expect(byName.get('x')!.purl).toBe('pkg:npm/x@1.0.0');
    expect(inv.packages.map((p) => p.name)).toEqual(['libssl3', 'curl', 'x']);
  });

  it('an upgrade in a later layer is attributed to that layer', () => {
    const inv = mergeLayers(
      layers(
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '7.88.1-10')] }]] },
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '7.88.1-10+deb12u5')] }]] },
        {},
      ),
    );
    expect(inv.packages).toHaveLength(1);
    expect(inv.packages[0]).toMatchObject({ version: '7.88.1-10+deb12u5', layer: { index: 1 } });
  });

  it('a package removed and reinstalled counts from the reinstall: the chain stops at the gap', () => {
    const inv = mergeLayers(
      layers(
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1')] }]] },
        { outputs: [['os/dpkg', STATUS, { packages: [] }]] },
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1')] }]] },
      ),
    );
    expect(inv.packages[0]!.layer!.index).toBe(2);
  });

  it('a whiteout deletes the file and everything under a deleted directory; an opaque dir hides lower content only', () => {
    const pj = (n: string) => `app/node_modules/${n}/package.json`;
    const inv = mergeLayers(
      layers(
        {
          outputs: [
            ['lang/node', pj('a'), { packages: [npm('a', '1.0.0', pj('a'))] }],
            ['lang/node', pj('b'), { packages: [npm('b', '1.0.0', pj('b'))] }],
            ['lang/node', 'srv/node_modules/c/package.json', { packages: [npm('c', '1.0.0', 'srv/node_modules/c/package.json')] }],
            ['lang/node', 'opt/node_modules/d/package.json', { packages: [npm('d', '1.0.0', 'opt/node_modules/d/package.json')] }],
          ],
        },
        {
          whiteouts: [pj('a'), 'srv/node_modules'],
          opaque: ['opt'],
          outputs: [['lang/node', 'opt/node_modules/e/package.json', { packages: [npm('e', '2.0.0', 'opt/node_modules/e/package.json')] }]],
        },
      ),
    );
    expect(inv.packages.map((p) => p.name).sort()).toEqual(['b', 'e']);
    expect(inv.packages.find((p) => p.name === 'e')!.layer!.index).toBe(1);
  });

  it('a file re-added after a whiteout is back, attributed to the layer that re-added it', () => {
    const inv = mergeLayers(
      layers(
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1')] }]] },
        { whiteouts: ['var/lib/dpkg'] },
        { outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1')] }]] },
      ),
    );
    expect(inv.packages[0]!.layer!.index).toBe(2);
  });

  it('a later copy replaced without a usable output (too big) leaves nothing stale behind', () => {
    const inv = mergeLayers(layers({ outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1')] }]] }, { dropped: [['os/dpkg', STATUS]] }));
    expect(inv.packages).toEqual([]);
  });

  it('marks language packages whose file an OS package installed, and keeps ownership and setuid files for the checks', () => {
    const pyMeta = 'usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA';
    const inv = mergeLayers(
      layers(
        {
          outputs: [
            ['os/dpkg', STATUS, { packages: [deb('python3-six', '1.16.0-4', { files: ['/usr/lib/python3/dist-packages/six.py'] })] }],
            ['os/dpkg', 'var/lib/dpkg/info/python3-six.list', { ownedFiles: [{ owner: 'python3-six', files: [`/${pyMeta}`] }] }],
            ['lang/python', pyMeta, { packages: [{ ...npm('six', '1.16.0', pyMeta), ecosystem: 'PyPI', purl: 'pkg:pypi/six@1.16.0' }] }],
            ['lang/python', 'opt/venv/lib/requests.dist-info/METADATA', { packages: [{ ...npm('requests', '2.0.0', 'opt/venv/lib/requests.dist-info/METADATA'), ecosystem: 'PyPI' }] }],
          ],
        },
        { outputs: [['files/setuid', 'usr/bin/sudo', { setuidFiles: [{ path: 'usr/bin/sudo', mode: 0o4755 }] }]] },
      ),
    );
    expect(inv.packages.find((p) => p.name === 'six')!.osOwned).toBe(true);
    expect(inv.packages.find((p) => p.name === 'requests')!.osOwned).toBeUndefined();
    expect(inv.owned.has(pyMeta)).toBe(true);
    expect(inv.owned.has('usr/lib/python3/dist-packages/six.py')).toBe(true);
    expect(inv.setuidFiles).toEqual([{ path: 'usr/bin/sudo', mode: 0o4755, layer: expect.objectContaining({ index: 1 }) }]);
  });

  it('without a known distribution, OS packages keep their ecosystem and get no release', () => {
    const inv = mergeLayers(layers({ outputs: [['os/dpkg', STATUS, { packages: [deb('curl', '1', { release: 'bogus' })] }]] }));
    expect(inv.os).toBeUndefined();
    expect(inv.packages[0]!.ecosystem).toBe('Debian');
    expect(inv.packages[0]!.release).toBeUndefined();
  });

  it('os-release deleted in a later layer no longer decides the distribution', () => {
    const inv = mergeLayers(
      layers(
        { outputs: [['os/release', 'etc/os-release', { os: DEBIAN12 }], ['os/release', 'etc/debian_version', { os: { id: 'debian', versionId: '11.2', ecosystem: 'Debian', release: '11' } }]] },
        { whiteouts: ['etc/os-release'] },
      ),
    );
    expect(inv.os).toMatchObject({ versionId: '11.2', release: '11' });
  });
});
