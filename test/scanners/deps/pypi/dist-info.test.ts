import { describe, expect, it } from 'vitest';
import {
  distInfoPackage,
  isDistInfoMetadataPath,
  parseCoreMetadataHeaders,
  readDistInfoMetadata,
  spdxExpression,
} from '../../../../src/scanners/deps/ecosystems/pypi/dist-info.js';
import { fixture } from './helpers.js';

describe('pypi/dist-info METADATA', () => {
  it('prefers License-Expression, normalising id case', () => {
    expect(readDistInfoMetadata(fixture('METADATA-expression'))).toEqual({
      name: 'acme-widgets',
      version: '1.4.0',
      license: 'MIT OR Apache-2.0',
      licenseDeclared: 'mit OR apache-2.0',
      licenseFrom: 'License-Expression',
    });
  });

  it('falls back to classifiers when License is prose (indented continuation lines included)', () => {
    const text = fixture('METADATA-classifiers');
    expect(parseCoreMetadataHeaders(text).get('license')?.[0]).toContain('Licensed under the Apache License');
    expect(readDistInfoMetadata(text)).toEqual({
      name: 'requests',
      version: '2.31.0',
      license: 'Apache-2.0 OR MIT-0',
      licenseDeclared: 'License :: OSI Approved :: Apache Software License; License :: OSI Approved :: MIT No Attribution License (MIT-0)',
      licenseFrom: 'Classifier',
    });
  });

  it('uses a well-known License name before classifiers', () => {
    expect(readDistInfoMetadata(fixture('METADATA-license'))).toMatchObject({ license: 'MIT', licenseFrom: 'License', licenseDeclared: 'MIT License' });
  });

  it('keeps an unrecognised licence as declared, with no SPDX id', () => {
    const info = readDistInfoMetadata(fixture('METADATA-unknown'))!;
    expect(info.license).toBeUndefined();
    expect(info.licenseDeclared).toBe('Proprietary, see LICENSE.txt');
  });

  it('reads GPL classifiers and SPDX License values', () => {
    const meta = (lines: string[]) => readDistInfoMetadata(['Name: p', 'Version: 1', ...lines].join('\n'))?.license;
    expect(meta(['Classifier: License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)'])).toBe('GPL-3.0-or-later');
    expect(meta(['Classifier: License :: OSI Approved :: BSD License'])).toBeUndefined();
    expect(meta(['License: bsd-3-clause'])).toBe('BSD-3-Clause');
    expect(meta(['License: Apache License, Version 2.0'])).toBe('Apache-2.0');
    expect(meta(['License: UNKNOWN', 'Classifier: License :: OSI Approved :: ISC License (ISCL)'])).toBe('ISC');
    expect(spdxExpression('(MIT or gpl-2.0-only) with Classpath-exception-2.0')).toBeUndefined();
    expect(spdxExpression('GPL-2.0-only WITH classpath-exception-2.0')).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
  });

  it('needs Name and Version', () => {
    expect(readDistInfoMetadata('Metadata-Version: 2.1\nName: x\n')).toBeUndefined();
    expect(readDistInfoMetadata('')).toBeUndefined();
  });

  it('turns installed metadata into a Package', () => {
    expect(isDistInfoMetadataPath('usr/lib/python3/site-packages/requests-2.31.0.dist-info/METADATA')).toBe(true);
    expect(isDistInfoMetadataPath('lib/six.egg-info/PKG-INFO')).toBe(true);
    expect(isDistInfoMetadataPath('lib/METADATA')).toBe(false);
    const r = distInfoPackage({ path: 'sp/requests-2.31.0.dist-info/METADATA', content: fixture('METADATA-classifiers') });
    expect(r.packages).toEqual([
      {
        ecosystem: 'PyPI',
        name: 'requests',
        version: '2.31.0',
        purl: 'pkg:pypi/requests@2.31.0',
        direct: false,
        dev: false,
        pinned: true,
        source: 'sp/requests-2.31.0.dist-info/METADATA',
        line: 1,
        license: 'Apache-2.0 OR MIT-0',
      },
    ]);
    expect(distInfoPackage({ path: 'M', content: 'junk' }).issues[0]).toMatchObject({ kind: 'unparsable', path: 'M' });
  });
});
