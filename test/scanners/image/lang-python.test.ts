import { describe, expect, it } from 'vitest';
import { pythonAnalyzer } from '../../../src/scanners/image/lang/python.js';

const file = (path: string) => ({ path, type: 'file' as const, size: 2000, mode: 0o644 });

const METADATA = [
  'Metadata-Version: 2.1',
  'Name: Requests',
  'Version: 2.31.0',
  'Summary: Python HTTP for Humans.',
  'Home-page: https://requests.readthedocs.io',
  'License: Apache 2.0',
  'Classifier: License :: OSI Approved :: Apache Software License',
  'Requires-Python: >=3.7',
  'Requires-Dist: urllib3 (<3,>=1.21.1)',
  'Description-Content-Type: text/markdown',
  '',
  '# Requests',
  '',
  'Name: not-a-header (this is the description body)',
].join('\n');

const PKG_INFO = ['Metadata-Version: 1.2', 'Name: python-apt', 'Version: 2.6.0', 'Summary: Python bindings for APT', 'License: GNU GPL', ''].join('\n');

describe('image/lang/python', () => {
  it('wants Core Metadata files inside site-packages and dist-packages only', () => {
    for (const p of [
      'usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA',
      'opt/venv/lib/python3.11/site-packages/six.egg-info/PKG-INFO',
      'usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info',
      'usr/lib/python3/dist-packages/setuptools-44.0.egg/EGG-INFO/PKG-INFO',
      'site-packages/attrs-23.1.0.dist-info/METADATA',
    ]) {
      expect(pythonAnalyzer.wants(file(p)), p).toBe(true);
    }
    for (const p of [
      'usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/RECORD',
      'src/mypkg.egg-info/PKG-INFO', // a source checkout, not installed
      'build/requests-2.31.0.dist-info/METADATA',
      'usr/local/lib/python3.12/site-packages/requests/__init__.py',
      'usr/local/lib/python3.12/site-packages/foo.dist-info/sub/METADATA',
    ]) {
      expect(pythonAnalyzer.wants(file(p)), p).toBe(false);
    }
    expect(pythonAnalyzer.wants({ ...file('usr/lib/python3/dist-packages/x.egg-info'), type: 'dir' })).toBe(false);
  });

  it('reads a dist-info METADATA: normalised name, version, licence', async () => {
    const path = 'usr/local/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA';
    const out = await pythonAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from(METADATA) });
    expect(out.issues).toBeUndefined();
    expect(out.packages).toEqual([
      { ecosystem: 'PyPI', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0', direct: false, dev: false, pinned: true, source: path, line: 1, license: 'Apache-2.0' },
    ]);
  });

  it('reads an egg-info file written by a distribution package', async () => {
    const path = 'usr/lib/python3/dist-packages/python_apt-2.6.0.egg-info';
    const out = await pythonAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from(PKG_INFO) });
    expect(out.packages?.map((p) => [p.name, p.version, p.purl, p.source])).toEqual([['python-apt', '2.6.0', 'pkg:pypi/python-apt@2.6.0', path]]);
    expect(out.packages?.[0]?.license).toBeUndefined(); // "GNU GPL" names no version: no SPDX id
  });

  it('turns metadata without a name or version into an issue', async () => {
    const path = 'usr/lib/python3/dist-packages/broken.egg-info/PKG-INFO';
    const out = await pythonAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from('Metadata-Version: 2.1\nSummary: no name here\n') });
    expect(out.packages).toBeUndefined();
    expect(out.issues).toEqual([{ path, kind: 'unparsable', message: 'metadata without Name and Version', scanner: 'image' }]);
    const binary = await pythonAnalyzer.analyze({ path, mode: 0o644, content: Buffer.from([0, 1, 2, 0xff, 0xfe]) });
    expect(binary.issues).toHaveLength(1);
  });
});
