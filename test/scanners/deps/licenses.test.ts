import { afterAll, describe, expect, it } from 'vitest';
import { tmpTrees } from '../../helpers/tmp.js';
import type { Package } from '../../../src/scanners/deps/package.js';
import {
  createInstalledLicenseReader,
  LICENSE_DENIED_RULE,
  LICENSE_NOT_ALLOWED_RULE,
  LICENSE_RULES,
  licenseFromCoreMetadata,
  licenseIds,
  licensePolicy,
  normalizeLicense,
  normalizeLicenseField,
  readInstalledLicense,
  UNLICENSED_REF,
} from '../../../src/scanners/deps/licenses.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

describe('normalizeLicense', () => {
  const table: Array<[string, string | undefined]> = [
    // SPDX ids, any case
    ['MIT', 'MIT'],
    ['mit', 'MIT'],
    ['apache-2.0', 'Apache-2.0'],
    ['bsd-3-clause', 'BSD-3-Clause'],
    ['0BSD', '0BSD'],
    ['Unlicense', 'Unlicense'],
    ['  ISC  ', 'ISC'],
    ['"MIT"', 'MIT'],
    // deprecated ids -> current
    ['GPL-2.0', 'GPL-2.0-only'],
    ['GPL-2.0+', 'GPL-2.0-or-later'],
    ['LGPL-2.1', 'LGPL-2.1-only'],
    ['LGPL-3.0+', 'LGPL-3.0-or-later'],
    ['AGPL-3.0', 'AGPL-3.0-only'],
    ['GPL-2.0-with-classpath-exception', 'GPL-2.0-only WITH Classpath-exception-2.0'],
    // expressions
    ['MIT OR Apache-2.0', 'MIT OR Apache-2.0'],
    ['(MIT OR Apache-2.0)', 'MIT OR Apache-2.0'],
    ['mit or apache-2.0', 'MIT OR Apache-2.0'],
    ['MIT AND (Apache-2.0 OR BSD-3-Clause)', 'MIT AND (Apache-2.0 OR BSD-3-Clause)'],
    ['(MIT AND Zlib) OR Apache-2.0', '(MIT AND Zlib) OR Apache-2.0'],
    ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0 WITH LLVM-exception'],
    ['GPL-2.0-or-later WITH Classpath-exception-2.0', 'GPL-2.0-or-later WITH Classpath-exception-2.0'],
    ['LicenseRef-Acme-Proprietary', 'LicenseRef-Acme-Proprietary'],
    // Cargo's legacy slash
    ['MIT/Apache-2.0', 'MIT OR Apache-2.0'],
    ['Apache-2.0 / MIT', 'Apache-2.0 OR MIT'],
    // free text
    ['MIT License', 'MIT'],
    ['The MIT License', 'MIT'],
    ['Expat', 'MIT'],
    ['Apache 2.0', 'Apache-2.0'],
    ['Apache 2', 'Apache-2.0'],
    ['Apache License, Version 2.0', 'Apache-2.0'],
    ['Apache License Version 2.0', 'Apache-2.0'],
    ['Apache Software License 2.0', 'Apache-2.0'],
    ['ASL 2.0', 'Apache-2.0'],
    ['apache2', 'Apache-2.0'],
    ['ISC License (ISCL)', 'ISC'],
    ['GPLv3', 'GPL-3.0-only'],
    ['GPLv3+', 'GPL-3.0-or-later'],
    ['GPL v2 or later', 'GPL-2.0-or-later'],
    ['GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later'],
    ['LGPLv2.1', 'LGPL-2.1-only'],
    ['GNU Lesser General Public License v3 (LGPLv3)', 'LGPL-3.0-only'],
    ['AGPLv3+', 'AGPL-3.0-or-later'],
    ['BSD 3-Clause', 'BSD-3-Clause'],
    ['New BSD License', 'BSD-3-Clause'],
    ['BSD 3-Clause "New" or "Revised" License', 'BSD-3-Clause'],
    ['Simplified BSD', 'BSD-2-Clause'],
    ['2-Clause BSD License', 'BSD-2-Clause'],
    ['Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'],
    ['MPL 2.0', 'MPL-2.0'],
    ['Eclipse Public License - v 1.0', 'EPL-1.0'],
    ['Eclipse Public License v2.0', 'EPL-2.0'],
    ['Python Software Foundation License', 'PSF-2.0'],
    ['The Unlicense', 'Unlicense'],
    ['CC0 1.0 Universal', 'CC0-1.0'],
    ['zlib/libpng', 'Zlib'],
    ['Boost Software License 1.0', 'BSL-1.0'],
    ['Common Development and Distribution License 1.0', 'CDDL-1.0'],
    ['European Union Public Licence 1.2', 'EUPL-1.2'],
    ['MIT or Apache 2.0', 'MIT OR Apache-2.0'],
    ['Apache License 2.0 and MIT License', 'Apache-2.0 AND MIT'],
    // PyPI classifiers
    ['License :: OSI Approved :: MIT License', 'MIT'],
    ['License :: OSI Approved :: Apache Software License 2.0', 'Apache-2.0'],
    ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)', 'GPL-3.0-only'],
    ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)', 'LGPL-2.0-or-later'],
    ['License :: OSI Approved :: ISC License (ISCL)', 'ISC'],
    ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'],
    ['License :: OSI Approved :: Python Software Foundation License', 'PSF-2.0'],
    ['License :: OSI Approved :: zlib/libpng License', 'Zlib'],
    ['License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'CC0-1.0'],
    // npm's "no licence granted"
    ['UNLICENSED', UNLICENSED_REF],
    // unknown: never guessed
    ['BSD', undefined],
    ['BSD License', undefined],
    ['License :: OSI Approved :: BSD License', undefined],
    ['License :: OSI Approved :: Apache Software License', undefined],
    ['GPL', undefined],
    ['GNU Library or Lesser General Public License (LGPL)', undefined],
    ['License :: Other/Proprietary License', undefined],
    ['Public Domain', undefined],
    ['SEE LICENSE IN LICENSE.txt', undefined],
    ['UNKNOWN', undefined],
    ['NOASSERTION', undefined],
    ['', undefined],
    ['Dual licensed', undefined],
    ['MIT or Whatever', undefined],
    ['Permission is hereby granted, free of charge, to any person obtaining a copy of this software '.repeat(3), undefined],
  ];

  it('has a table of more than 40 cases', () => {
    expect(table.length).toBeGreaterThan(40);
  });

  it.each(table)('%j -> %j', (input, expected) => {
    expect(normalizeLicense(input)).toBe(expected);
  });

  it('is idempotent on its own output', () => {
    for (const [, out] of table) if (out !== undefined) expect(normalizeLicense(out)).toBe(out);
  });

  it('treats null and undefined as unknown', () => {
    expect(normalizeLicense(undefined)).toBeUndefined();
    expect(normalizeLicense(null)).toBeUndefined();
  });
});

describe('normalizeLicenseField (package.json shapes)', () => {
  it('reads strings, legacy {type} objects and licenses arrays (alternatives)', () => {
    expect(normalizeLicenseField('MIT')).toBe('MIT');
    expect(normalizeLicenseField({ type: 'Apache 2.0', url: 'http://x' })).toBe('Apache-2.0');
    expect(normalizeLicenseField([{ type: 'MIT' }, { type: 'GPL-2.0' }])).toBe('MIT OR GPL-2.0-only');
    expect(normalizeLicenseField([{ type: 'MIT' }, { type: 'MIT' }])).toBe('MIT');
    expect(normalizeLicenseField([{ type: 'MIT' }, { type: 'BSD' }])).toBeUndefined();
    expect(normalizeLicenseField([])).toBeUndefined();
    expect(normalizeLicenseField(42)).toBeUndefined();
    expect(normalizeLicenseField({ url: 'http://x' })).toBeUndefined();
  });
});

describe('licenseIds', () => {
  it('lists the licences an expression names', () => {
    expect(licenseIds('(MIT AND Zlib) OR Apache-2.0 WITH LLVM-exception')).toEqual(['MIT', 'Zlib', 'Apache-2.0']);
    expect(licenseIds('not an expression')).toEqual([]);
  });
});

describe('installed metadata', () => {
  it('reads node_modules package.json: string, legacy object and array, matching the version only', () => {
    const root = trees.make({
      'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', version: '1.3.0', license: 'WTFPL' }),
      'node_modules/@scope/legacy/package.json': JSON.stringify({ name: '@scope/legacy', version: '0.1.0', license: { type: 'MIT', url: 'x' } }),
      'node_modules/dual/package.json': JSON.stringify({ name: 'dual', version: '2.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
      'node_modules/other/package.json': JSON.stringify({ name: 'other', version: '9.9.9', license: 'MIT' }),
      'node_modules/broken/package.json': '{ not json',
    });
    const r = createInstalledLicenseReader(root);
    expect(r.read({ ecosystem: 'npm', name: 'left-pad', version: '1.3.0' })).toBe('WTFPL');
    expect(r.read({ ecosystem: 'npm', name: '@scope/legacy', version: '0.1.0' })).toBe('MIT');
    expect(r.read({ ecosystem: 'npm', name: 'dual', version: '2.0.0' })).toBe('MIT OR Apache-2.0');
    expect(r.read({ ecosystem: 'npm', name: 'other', version: '1.0.0' })).toBeUndefined();
    expect(r.read({ ecosystem: 'npm', name: 'broken', version: '1.0.0' })).toBeUndefined();
    expect(r.read({ ecosystem: 'npm', name: 'absent', version: '1.0.0' })).toBeUndefined();
    expect(readInstalledLicense(root, { ecosystem: 'npm', name: 'left-pad', version: '1.3.0' })).toBe('WTFPL');
  });

  it('reads dist-info METADATA in a project virtualenv (License-Expression, License, one classifier)', () => {
    const meta = (headers: string) => `Metadata-Version: 2.1\n${headers}\n\nLong description\nLicense: GPL\n`;
    const root = trees.make({
      '.venv/pyvenv.cfg': 'home = /usr/bin\n',
      '.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/METADATA': meta('Name: requests\nVersion: 2.31.0\nLicense: Apache 2.0'),
      '.venv/lib/python3.12/site-packages/attrs-24.2.0.dist-info/METADATA': meta('Name: attrs\nVersion: 24.2.0\nLicense-Expression: MIT'),
      '.venv/lib/python3.12/site-packages/Typing_Extensions-4.12.2.dist-info/METADATA': meta(
        'Name: typing_extensions\nVersion: 4.12.2\nClassifier: Programming Language :: Python\nClassifier: License :: OSI Approved :: Python Software Foundation License',
      ),
      '.venv/lib/python3.12/site-packages/numpy-1.26.0.dist-info/METADATA': meta(
        'Name: numpy\nVersion: 1.26.0\nLicense: Copyright (c) 2005-2023, NumPy Developers.\n        All rights reserved.\nClassifier: License :: OSI Approved :: BSD License',
      ),
      '.venv/lib/python3.12/site-packages/dual-1.0.dist-info/METADATA': meta(
        'Name: dual\nVersion: 1.0\nClassifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved :: Apache Software License 2.0',
      ),
      'tools/pyvenv.cfg': 'home = /usr/bin\n',
      'tools/Lib/site-packages/six-1.16.0.dist-info/METADATA': meta('Name: six\nVersion: 1.16.0\nLicense: MIT'),
    });
    const r = createInstalledLicenseReader(root);
    expect(r.read({ ecosystem: 'PyPI', name: 'requests', version: '2.31.0' })).toBe('Apache-2.0');
    expect(r.read({ ecosystem: 'PyPI', name: 'attrs', version: '24.2.0' })).toBe('MIT');
    expect(r.read({ ecosystem: 'PyPI', name: 'typing-extensions', version: '4.12.2' })).toBe('PSF-2.0');
    expect(r.read({ ecosystem: 'PyPI', name: 'numpy', version: '1.26.0' })).toBeUndefined(); // "BSD License": which BSD?
    expect(r.read({ ecosystem: 'PyPI', name: 'dual', version: '1.0' })).toBeUndefined(); // alternatives or both? unknown
    expect(r.read({ ecosystem: 'PyPI', name: 'six', version: '1.16.0' })).toBe('MIT'); // Windows layout, any venv name
    expect(r.read({ ecosystem: 'PyPI', name: 'requests', version: '2.32.0' })).toBeUndefined();
    expect(r.read({ ecosystem: 'crates.io', name: 'serde', version: '1.0.0' })).toBeUndefined();
  });

  it('parses core metadata headers with continuation lines and stops at the body', () => {
    expect(licenseFromCoreMetadata('Name: x\nLicense: MIT\n\nLicense: GPL-3.0\n')).toBe('MIT');
    expect(licenseFromCoreMetadata('Name: x\nLicense: BSD\nClassifier: License :: OSI Approved :: MIT License\n')).toBe('MIT');
    expect(licenseFromCoreMetadata('Name: x\n')).toBeUndefined();
  });
});

function pkg(name: string, license: string | undefined, extra: Partial<Package> = {}): Package {
  return {
    ecosystem: 'npm',
    name,
    version: '1.0.0',
    purl: `pkg:npm/${name}@1.0.0`,
    direct: true,
    dev: false,
    pinned: true,
    source: 'package-lock.json',
    line: 10,
    license,
    ...extra,
  };
}

describe('licensePolicy', () => {
  it('exports rule metadata for both rules', () => {
    expect(LICENSE_RULES.map((r) => r.id)).toEqual(['deps/license/denied', 'deps/license/not-allowed']);
    expect(LICENSE_DENIED_RULE.severity).toBe('high');
    expect(LICENSE_NOT_ALLOWED_RULE.severity).toBe('medium');
    for (const r of LICENSE_RULES) {
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.remediation.length).toBeGreaterThan(20);
    }
  });

  it('flags a denied licence with location, fingerprint and package', () => {
    const r = licensePolicy([pkg('gpl-lib', 'GPL-3.0-only'), pkg('ok', 'MIT')], { deny: ['GPL-3.0-only'] });
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f.ruleId).toBe('deps/license/denied');
    expect(f.scanner).toBe('deps');
    expect(f.severity).toBe('high');
    expect(f.location).toEqual({ path: 'package-lock.json', startLine: 10, startColumn: 1, endLine: 10, endColumn: 0 });
    expect(f.package).toEqual({ ecosystem: 'npm', name: 'gpl-lib', version: '1.0.0', purl: 'pkg:npm/gpl-lib@1.0.0' });
    expect(f.message).toContain('GPL-3.0-only');
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(r.checked).toBe(2);
    expect(r.unknown).toEqual([]);
  });

  it('keeps the fingerprint when the line moves, changes it with the licence or lockfile', () => {
    const a = licensePolicy([pkg('x', 'AGPL-3.0-only')], { deny: ['AGPL-3.0-only'] }).findings[0]!;
    const moved = licensePolicy([pkg('x', 'AGPL-3.0-only', { line: 99 })], { deny: ['AGPL-3.0-only'] }).findings[0]!;
    const other = licensePolicy([pkg('x', 'AGPL-3.0-or-later')], { deny: ['AGPL-3.0-only'] }).findings[0]!;
    const elsewhere = licensePolicy([pkg('x', 'AGPL-3.0-only', { source: 'web/package-lock.json' })], { deny: ['AGPL-3.0-only'] }).findings[0]!;
    expect(moved.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
    expect(elsewhere.fingerprint).not.toBe(a.fingerprint);
  });

  it('OR passes when any alternative is acceptable, AND needs every part', () => {
    const deny = { deny: ['GPL-2.0-only'] };
    expect(licensePolicy([pkg('a', 'MIT OR GPL-2.0-only')], deny).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', 'MIT AND GPL-2.0-only')], deny).findings).toHaveLength(1);
    expect(licensePolicy([pkg('a', 'GPL-2.0-only OR GPL-2.0-or-later')], deny).findings).toHaveLength(1);

    const allow = { allow: ['MIT', 'Apache-2.0'] };
    expect(licensePolicy([pkg('a', 'MIT OR GPL-3.0-only')], allow).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', 'MIT AND BSD-3-Clause')], allow).findings.map((f) => f.ruleId)).toEqual(['deps/license/not-allowed']);
    expect(licensePolicy([pkg('a', '(MIT OR BSD-3-Clause) AND Apache-2.0')], allow).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', '(BSD-2-Clause OR BSD-3-Clause) AND Apache-2.0')], allow).findings).toHaveLength(1);
  });

  it('with an allow list, anything else is not allowed (medium by default); denied wins over allowed', () => {
    const r = licensePolicy([pkg('a', 'MIT'), pkg('b', 'ISC'), pkg('c', 'GPL-3.0-only')], {
      allow: ['MIT', 'GPL-3.0-only'],
      deny: ['GPL-3.0-only'],
    });
    expect(r.findings.map((f) => [f.package?.name, f.ruleId, f.severity])).toEqual([
      ['b', 'deps/license/not-allowed', 'medium'],
      ['c', 'deps/license/denied', 'high'],
    ]);
  });

  it('takes severities from the config', () => {
    const r = licensePolicy([pkg('a', 'ISC'), pkg('b', 'AGPL-3.0-only')], {
      allow: ['MIT'],
      deny: ['AGPL-3.0-only'],
      deniedSeverity: 'critical',
      notAllowedSeverity: 'low',
    });
    expect(r.findings.map((f) => f.severity)).toEqual(['low', 'critical']);
  });

  it('matches config entries by normalised name, case, version family and prefix glob', () => {
    expect(licensePolicy([pkg('a', 'Apache-2.0')], { allow: ['Apache License 2.0'] }).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', 'MIT')], { allow: ['mit'] }).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', 'GPL-3.0-or-later')], { deny: ['GPL-3.0'] }).findings).toHaveLength(1);
    expect(licensePolicy([pkg('a', 'AGPL-3.0-or-later')], { deny: ['AGPL-*'] }).findings).toHaveLength(1);
    expect(licensePolicy([pkg('a', 'LGPL-2.1-only')], { deny: ['GPL-*'] }).findings).toHaveLength(0);
    expect(licensePolicy([pkg('a', 'GPL-2.0-only WITH Classpath-exception-2.0')], { deny: ['GPL-2.0-only'] }).findings).toHaveLength(1);
    expect(
      licensePolicy([pkg('a', 'GPL-2.0-only WITH Classpath-exception-2.0')], { allow: ['GPL-2.0-only WITH Classpath-exception-2.0'] }).findings,
    ).toHaveLength(0);
  });

  it('counts unknown licences without a finding, even with an allow list', () => {
    const r = licensePolicy([pkg('a', undefined), pkg('b', 'BSD'), pkg('c', 'MIT')], { allow: ['Apache-2.0'] });
    expect(r.findings.map((f) => f.package?.name)).toEqual(['c']);
    expect(r.unknown.map((p) => p.name)).toEqual(['a', 'b']);
    expect(r.checked).toBe(1);
  });

  it('reports UNLICENSED (proprietary) under an allow list', () => {
    const r = licensePolicy([pkg('internal', 'UNLICENSED')], { allow: ['MIT'] });
    expect(r.findings.map((f) => f.evidence?.license)).toEqual([UNLICENSED_REF]);
  });

  it('gives one finding per package per lockfile, and nothing without lists', () => {
    const dup = pkg('a', 'AGPL-3.0-only');
    expect(licensePolicy([dup, { ...dup, line: 20 }], { deny: ['AGPL-3.0-only'] }).findings).toHaveLength(1);
    expect(licensePolicy([dup], {}).findings).toHaveLength(0);
    expect(licensePolicy([dup], { allow: [], deny: [] }).findings).toHaveLength(0);
  });

  it('uses line 0 (whole file) when the lockfile line is unknown', () => {
    const f = licensePolicy([pkg('a', 'AGPL-3.0-only', { line: undefined })], { deny: ['AGPL-3.0-only'] }).findings[0]!;
    expect(f.location.startLine).toBe(0);
    expect(f.location.startColumn).toBe(0);
  });
});
