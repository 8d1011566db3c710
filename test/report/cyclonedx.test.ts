import { assertCycloneDx } from '../helpers/sbom-schemas.js';
import { describe, expect, it } from 'vitest';
import { cdxLicenses, formatCycloneDx, sbomModel, toCycloneDx, type CycloneDxBom } from '../../src/report/cyclonedx.js';
import { pkg, sampleFindings, samplePackages } from './fixtures/cyclonedx/sample.js';

function valid(bom: unknown): CycloneDxBom {
  return assertCycloneDx(bom) as CycloneDxBom;
}

const NOW = new Date('2025-03-04T05:06:07.000Z');
const base = { root: '/home/dev/shop', toolVersion: '0.1.0', now: NOW };

describe('CycloneDX 1.6', () => {
  it('validates against the official schema, with and without vulnerabilities, and empty', () => {
    valid(toCycloneDx({ ...base, packages: samplePackages() }));
    valid(toCycloneDx({ ...base, packages: samplePackages(), findings: sampleFindings() }));
    valid(toCycloneDx({ ...base, packages: [] }));
    valid(toCycloneDx({ root: '.', toolVersion: '0.1.0', packages: samplePackages(), findings: [] }));
  });

  it('the validator does reject a broken BOM (the test is not vacuous)', () => {
    const bom = JSON.parse(JSON.stringify(toCycloneDx({ ...base, packages: samplePackages() }))) as Record<string, unknown>;
    (bom.components as Array<Record<string, unknown>>)[0]!.scope = 'dev';
    expect(() => valid(bom)).toThrow(/scope/);
    expect(() => valid({ ...bom, serialNumber: 'not-a-urn' })).toThrow(/serialNumber/);
  });

  it('has the header, metadata, tool and project component', () => {
    const bom = valid(toCycloneDx({ ...base, packages: samplePackages() }));
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(bom.version).toBe(1);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe('2025-03-04T05:06:07.000Z');
    expect(bom.metadata.tools.components).toEqual([
      expect.objectContaining({ type: 'application', name: 'rampart', version: '0.1.0' }),
    ]);
    expect(bom.metadata.component).toEqual({ type: 'application', 'bom-ref': 'rampart:project:shop', name: 'shop' });
  });

  it('serial number: content-derived with `now`, explicit when given, random otherwise', () => {
    const a = toCycloneDx({ ...base, packages: samplePackages() });
    expect(toCycloneDx({ ...base, packages: samplePackages() }).serialNumber).toBe(a.serialNumber);
    expect(toCycloneDx({ ...base, packages: samplePackages().slice(1) }).serialNumber).not.toBe(a.serialNumber);
    expect(toCycloneDx({ ...base, now: new Date('2025-03-05T00:00:00Z'), packages: samplePackages() }).serialNumber).not.toBe(a.serialNumber);
    const explicit = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
    expect(toCycloneDx({ ...base, serialNumber: explicit, packages: [] }).serialNumber).toBe(explicit);
    const r1 = toCycloneDx({ root: '/x', toolVersion: '1', packages: [] }).serialNumber;
    const r2 = toCycloneDx({ root: '/x', toolVersion: '1', packages: [] }).serialNumber;
    expect(r1).not.toBe(r2);
  });

  it('lists one library component per purl, with scope, licences and lockfile sources', () => {
    const bom = valid(toCycloneDx({ ...base, packages: samplePackages() }));
    const refs = bom.components.map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).toEqual([...refs].sort());
    expect(refs.filter((r) => r === 'pkg:npm/lodash@4.17.20')).toHaveLength(1);
    const by = (ref: string) => bom.components.find((c) => c['bom-ref'] === ref)!;

    expect(by('pkg:npm/lodash@4.17.20')).toEqual({
      type: 'library',
      'bom-ref': 'pkg:npm/lodash@4.17.20',
      name: 'lodash',
      version: '4.17.20',
      scope: 'required',
      purl: 'pkg:npm/lodash@4.17.20',
      licenses: [{ license: { id: 'MIT' } }],
      properties: [
        { name: 'rampart:source', value: 'package-lock.json' },
        { name: 'rampart:source', value: 'web/package-lock.json' },
      ],
    });
    expect(by('pkg:npm/%40babel/core@7.24.0')).toMatchObject({ name: '@babel/core', scope: 'excluded' });
    expect(by('pkg:npm/json5@2.2.3').scope).toBe('excluded');
    expect(by('pkg:npm/dual@1.0.0').licenses).toEqual([{ expression: 'MIT OR Apache-2.0' }]);
    expect(by('pkg:npm/internal@0.0.1').licenses).toEqual([{ expression: 'LicenseRef-UNLICENSED' }]);
    expect(by('pkg:pypi/requests@2.31.0').licenses).toEqual([{ license: { id: 'Apache-2.0' } }]);
    expect(by('pkg:cargo/serde@1.0.200').licenses).toBeUndefined(); // Cargo.lock records none: unknown
  });

  it('an unpinned requirement has no version, keeps its range as a property', () => {
    const bom = valid(toCycloneDx({ ...base, packages: samplePackages() }));
    const flask = bom.components.find((c) => c.name === 'flask')!;
    expect(flask.version).toBeUndefined();
    expect(flask.purl).toBe('pkg:pypi/flask');
    expect(flask.properties).toContainEqual({ name: 'rampart:versionRange', value: '>=2.0' });
  });

  it('a package both dev in one lockfile and prod in another is required', () => {
    const ps = [pkg({ name: 'a', version: '1.0.0', dev: true }), pkg({ name: 'a', version: '1.0.0', dev: false, source: 'b/package-lock.json' })];
    expect(valid(toCycloneDx({ ...base, packages: ps })).components[0]!.scope).toBe('required');
  });

  it('has the dependency graph: project -> direct deps, package -> its deps (unknown stays absent)', () => {
    const bom = valid(toCycloneDx({ ...base, packages: samplePackages() }));
    const graph = new Map(bom.dependencies.map((d) => [d.ref, d.dependsOn]));
    expect(graph.get('rampart:project:shop')).toEqual([
      'pkg:cargo/serde@1.0.200',
      'pkg:npm/%40babel/core@7.24.0',
      'pkg:npm/dual@1.0.0',
      'pkg:npm/express@4.18.2',
      'pkg:npm/internal@0.0.1',
      'pkg:npm/lodash@4.17.20',
      'pkg:npm/react@18.2.0',
      'pkg:pypi/flask',
      'pkg:pypi/requests@2.31.0',
    ]);
    expect(graph.get('pkg:npm/express@4.18.2')).toEqual(['pkg:npm/body-parser@1.20.1', 'pkg:npm/qs@6.11.0']); // missing@1.0.0 dropped
    expect(graph.get('pkg:npm/body-parser@1.20.1')).toEqual(['pkg:npm/qs@6.11.0']);
    expect(graph.get('pkg:npm/qs@6.11.0')).toEqual([]); // recorded: no dependencies
    expect(graph.get('pkg:npm/react@18.2.0')).toEqual(['pkg:npm/lodash@4.17.20']);
    expect(graph.get('pkg:npm/%40babel/core@7.24.0')).toEqual(['pkg:npm/json5@2.2.3']);
    expect(graph.has('pkg:npm/lodash@4.17.20')).toBe(false); // not recorded: unknown, not "none"
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])]);
    for (const d of bom.dependencies) {
      expect(refs.has(d.ref)).toBe(true);
      for (const t of d.dependsOn ?? []) expect(refs.has(t)).toBe(true);
    }
  });

  it('resolves dependsOn keys only inside their own lockfile', () => {
    const ps = [
      pkg({ name: 'app', version: '1.0.0', direct: true, source: 'a/package-lock.json', dependsOn: ['dep@2.0.0'] }),
      pkg({ name: 'dep', version: '2.0.0', source: 'b/package-lock.json' }),
    ];
    const bom = valid(toCycloneDx({ ...base, packages: ps }));
    expect(bom.dependencies.find((d) => d.ref === 'pkg:npm/app@1.0.0')?.dependsOn).toEqual([]);
  });

  it('writes vulnerabilities from deps findings only: one per advisory, ratings, aliases, fix, affects', () => {
    const bom = valid(toCycloneDx({ ...base, packages: samplePackages(), findings: sampleFindings() }));
    const vulns = bom.vulnerabilities!;
    expect(vulns.map((v) => v.id)).toEqual(['CVE-2022-24999', 'GHSA-35jh-r3h4-6jhm', 'PYSEC-2024-1']);

    const lodash = vulns[1]!;
    expect(lodash.source).toEqual({ name: 'GitHub', url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm' });
    expect(lodash.references).toEqual([{ id: 'CVE-2021-23337', source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' } }]);
    expect(lodash.ratings).toEqual([
      { source: { name: 'OSV' }, severity: 'high', score: 7.2, vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', method: 'CVSSv31' },
    ]);
    expect(lodash.cwes).toEqual([1321]);
    expect(lodash.recommendation).toBe('Upgrade lodash to 4.17.21.');
    expect(lodash.affects).toEqual([{ ref: 'pkg:npm/lodash@4.17.20', versions: [{ version: '4.17.20', status: 'affected' }] }]);
    expect(lodash.properties).toEqual([
      { name: 'rampart:location', value: 'package-lock.json:90' },
      { name: 'rampart:location', value: 'web/package-lock.json:12' },
    ]);

    const qs = vulns[0]!;
    expect(qs.ratings[0]).toMatchObject({ severity: 'critical', score: 9.3, method: 'CVSSv4' });
    expect(qs.recommendation).toBe('Upgrade qs to 6.11.1 (same major).');
    expect(qs.source.name).toBe('NVD');

    const unfixed = vulns[2]!;
    expect(unfixed.ratings).toEqual([{ source: { name: 'OSV' }, severity: 'medium' }]);
    expect(unfixed.recommendation).toBe('No fixed version of requests is known.');
    expect(unfixed.source).toEqual({ name: 'OSV', url: 'https://osv.dev/vulnerability/PYSEC-2024-1' });
    expect(unfixed.cwes).toBeUndefined();

    for (const v of vulns) for (const a of v.affects) expect(bom.components.some((c) => c['bom-ref'] === a.ref)).toBe(true);
  });

  it('omits vulnerabilities when no deps finding is given', () => {
    expect(toCycloneDx({ ...base, packages: samplePackages(), findings: [] }).vulnerabilities).toBeUndefined();
    expect(toCycloneDx({ ...base, packages: samplePackages() }).vulnerabilities).toBeUndefined();
  });

  it('formatCycloneDx writes the same BOM as JSON text', () => {
    const text = formatCycloneDx({ ...base, packages: samplePackages() });
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(toCycloneDx({ ...base, packages: samplePackages() }))));
  });

  it('cdxLicenses: listed ids as license.id, everything else as an expression', () => {
    expect(cdxLicenses('MIT')).toEqual([{ license: { id: 'MIT' } }]);
    expect(cdxLicenses('GPL-2.0-or-later WITH Classpath-exception-2.0')).toEqual([{ expression: 'GPL-2.0-or-later WITH Classpath-exception-2.0' }]);
    expect(cdxLicenses(undefined)).toBeUndefined();
  });

  it('sbomModel merges direct (any) and dev (all) and keeps the first known licence', () => {
    const m = sbomModel([
      pkg({ name: 'a', version: '1.0.0', dev: true, direct: false }),
      pkg({ name: 'a', version: '1.0.0', dev: true, direct: true, license: 'ISC', source: 'x/package-lock.json' }),
    ]);
    expect(m.components).toHaveLength(1);
    expect(m.components[0]).toMatchObject({ direct: true, dev: true, license: 'ISC', sources: ['package-lock.json', 'x/package-lock.json'] });
    expect(m.direct).toEqual(['pkg:npm/a@1.0.0']);
  });
});
