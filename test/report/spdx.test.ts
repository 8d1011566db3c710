import { assertSpdx } from '../helpers/sbom-schemas.js';
import { describe, expect, it } from 'vitest';
import { formatSpdx, spdxId, toSpdx, type SpdxDocument } from '../../src/report/spdx.js';
import { pkg, samplePackages } from './fixtures/cyclonedx/sample.js';

function valid(doc: unknown): SpdxDocument {
  return assertSpdx(doc) as SpdxDocument;
}

/** Checks the schema cannot: id syntax, unique ids, every relationship end defined, SPDX dates. */
function spdxChecks(doc: SpdxDocument): void {
  const ids = doc.packages.map((p) => p.SPDXID);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
  const known = new Set(['SPDXRef-DOCUMENT', ...ids]);
  for (const r of doc.relationships) {
    expect(known.has(r.spdxElementId)).toBe(true);
    expect(known.has(r.relatedSpdxElement)).toBe(true);
  }
  expect(doc.creationInfo.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(() => new URL(doc.documentNamespace)).not.toThrow();
  expect(doc.documentNamespace).not.toContain('#');
  const refs = new Set((doc.hasExtractedLicensingInfos ?? []).map((e) => e.licenseId));
  for (const p of doc.packages) for (const m of p.licenseDeclared.matchAll(/LicenseRef-[A-Za-z0-9.-]+/g)) expect(refs.has(m[0])).toBe(true);
}

const NOW = new Date('2025-03-04T05:06:07.123Z');
const base = { root: '/home/dev/shop', toolVersion: '0.1.0', now: NOW };

describe('SPDX 2.3', () => {
  it('validates against the official schema (and the cross-reference checks), also when empty', () => {
    for (const doc of [
      toSpdx({ ...base, packages: samplePackages() }),
      toSpdx({ ...base, packages: [] }),
      toSpdx({ root: '.', toolVersion: '0.1.0', packages: samplePackages() }),
    ]) {
      spdxChecks(valid(doc));
    }
  });

  it('the validator does reject a broken document (the test is not vacuous)', () => {
    const doc = JSON.parse(JSON.stringify(toSpdx({ ...base, packages: samplePackages() }))) as Record<string, unknown>;
    (doc.relationships as Array<Record<string, unknown>>)[0]!.relationshipType = 'USES';
    expect(() => valid(doc)).toThrow(/relationshipType/);
    const { dataLicense: _, ...noLicense } = doc;
    expect(() => valid(noLicense)).toThrow(/dataLicense/);
  });

  it('has the document header and creation info', () => {
    const doc = valid(toSpdx({ ...base, packages: samplePackages() }));
    expect(doc.spdxVersion).toBe('SPDX-2.3');
    expect(doc.dataLicense).toBe('CC0-1.0');
    expect(doc.SPDXID).toBe('SPDXRef-DOCUMENT');
    expect(doc.name).toBe('shop');
    expect(doc.creationInfo).toEqual({ created: '2025-03-04T05:06:07Z', creators: ['Tool: rampart-0.1.0'] });
    expect(doc.documentNamespace).toMatch(/^https:\/\/github\.com\/rampart-scanner\/rampart\/spdx\/shop-[0-9a-f-]{36}$/);
  });

  it('documentNamespace is unique per content and time (random without `now`), or as given', () => {
    const a = toSpdx({ ...base, packages: samplePackages() }).documentNamespace;
    expect(toSpdx({ ...base, packages: samplePackages() }).documentNamespace).toBe(a);
    expect(toSpdx({ ...base, packages: samplePackages().slice(2) }).documentNamespace).not.toBe(a);
    expect(toSpdx({ root: '/x', toolVersion: '1', packages: [] }).documentNamespace).not.toBe(
      toSpdx({ root: '/x', toolVersion: '1', packages: [] }).documentNamespace,
    );
    expect(toSpdx({ ...base, documentNamespace: 'https://example.com/spdx/1', packages: [] }).documentNamespace).toBe('https://example.com/spdx/1');
  });

  it('lists the project and one package per purl, with licences (NOASSERTION when unknown) and purl refs', () => {
    const doc = valid(toSpdx({ ...base, packages: samplePackages() }));
    expect(doc.packages[0]).toMatchObject({ SPDXID: 'SPDXRef-Project-shop', name: 'shop', primaryPackagePurpose: 'APPLICATION' });
    expect(doc.packages.filter((p) => p.name === 'lodash')).toHaveLength(1);
    const by = (name: string) => doc.packages.find((p) => p.name === name)!;
    expect(by('lodash')).toEqual({
      SPDXID: 'SPDXRef-Package-npm-lodash-4.17.20',
      name: 'lodash',
      versionInfo: '4.17.20',
      downloadLocation: 'NOASSERTION',
      filesAnalyzed: false,
      licenseConcluded: 'NOASSERTION',
      licenseDeclared: 'MIT',
      copyrightText: 'NOASSERTION',
      primaryPackagePurpose: 'LIBRARY',
      sourceInfo: 'recorded in package-lock.json, web/package-lock.json',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/lodash@4.17.20' }],
    });
    expect(by('@babel/core').SPDXID).toBe('SPDXRef-Package-npm-babel-core-7.24.0');
    expect(by('dual').licenseDeclared).toBe('MIT OR Apache-2.0');
    expect(by('requests').licenseDeclared).toBe('Apache-2.0');
    expect(by('serde').licenseDeclared).toBe('NOASSERTION');
    expect(by('internal').licenseDeclared).toBe('LicenseRef-UNLICENSED');
    expect(doc.hasExtractedLicensingInfos).toEqual([expect.objectContaining({ licenseId: 'LicenseRef-UNLICENSED', name: 'UNLICENSED' })]);
    const flask = by('flask');
    expect(flask.versionInfo).toBeUndefined();
    expect(flask.comment).toBe('Unpinned requirement: >=2.0');
    expect(flask.externalRefs?.[0]?.referenceLocator).toBe('pkg:pypi/flask');
  });

  it('gives distinct ids to purls that sanitise alike', () => {
    const doc = valid(
      toSpdx({
        ...base,
        packages: [
          pkg({ name: 'a_b', version: '1.0.0', purl: 'pkg:npm/a_b@1.0.0' }),
          pkg({ name: 'a.b', version: '1.0.0', purl: 'pkg:npm/a.b@1.0.0' }),
          pkg({ name: 'a b', version: '1.0.0', purl: 'pkg:npm/a%20b@1.0.0' }),
        ],
      }),
    );
    spdxChecks(doc);
    expect(doc.packages.map((p) => p.SPDXID)).toHaveLength(4);
  });

  it('relates DOCUMENT DESCRIBES project, project DEPENDS_ON direct prod deps, dev deps DEV_DEPENDENCY_OF project, package DEPENDS_ON deps', () => {
    const doc = valid(toSpdx({ ...base, packages: samplePackages() }));
    const name = new Map(doc.packages.map((p) => [p.SPDXID, p.name]));
    name.set('SPDXRef-DOCUMENT', 'DOCUMENT');
    const rel = doc.relationships.map((r) => `${name.get(r.spdxElementId)} ${r.relationshipType} ${name.get(r.relatedSpdxElement)}`);
    expect(rel).toEqual([
      'DOCUMENT DESCRIBES shop',
      'shop DEPENDS_ON serde',
      '@babel/core DEV_DEPENDENCY_OF shop',
      'shop DEPENDS_ON dual',
      'shop DEPENDS_ON express',
      'shop DEPENDS_ON internal',
      'json5 DEV_DEPENDENCY_OF shop',
      'shop DEPENDS_ON lodash',
      'shop DEPENDS_ON react',
      'shop DEPENDS_ON flask',
      'shop DEPENDS_ON requests',
      '@babel/core DEPENDS_ON json5',
      'body-parser DEPENDS_ON qs',
      'express DEPENDS_ON body-parser',
      'express DEPENDS_ON qs',
      'react DEPENDS_ON lodash',
    ]);
  });

  it('formatSpdx writes the same document as JSON text', () => {
    const text = formatSpdx({ ...base, packages: samplePackages() });
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(toSpdx({ ...base, packages: samplePackages() }))));
  });

  it('spdxId sanitises to letters, digits, dot and dash', () => {
    expect(spdxId('Package', 'npm-@scope/name_x-1.0.0+build')).toBe('SPDXRef-Package-npm-scope-name-x-1.0.0-build');
    expect(spdxId('Project', '')).toBe('SPDXRef-Project');
  });
});
