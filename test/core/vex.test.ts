import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.js';
import type { Finding } from '../../src/core/finding.js';
import { parseVex, purlMatches, readVexFile, vexReason, vexStatementsFor, vexSuppresses, type VexStatement } from '../../src/core/vex.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const openVex = {
  '@context': 'https://openvex.dev/ns/v0.2.0',
  '@id': 'https://example.com/vex/2024-001',
  author: 'Example Security Team',
  timestamp: '2024-05-01T10:00:00Z',
  version: 1,
  statements: [
    {
      vulnerability: { name: 'CVE-2024-1111', aliases: ['GHSA-aaaa-bbbb-cccc'] },
      products: [{ '@id': 'pkg:oci/web-app@sha256%3Aabc', subcomponents: [{ '@id': 'pkg:npm/lodash@4.17.20' }] }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      impact_statement: 'We never call template() with user input.',
    },
    {
      vulnerability: { name: 'CVE-2024-2222' },
      products: [{ '@id': 'pkg:pypi/requests' }],
      status: 'not_affected',
      justification: 'vulnerable_code_not_present',
    },
    {
      vulnerability: { name: 'CVE-2024-3333' },
      products: [{ '@id': 'pkg:npm/express@4.18.0' }],
      status: 'affected',
      action_statement: 'Upgrade to 4.19.2.',
    },
    {
      vulnerability: { name: 'CVE-2024-4444' },
      products: [{ '@id': 'pkg:golang/example.com/mod', identifiers: { purl: 'pkg:golang/github.com/acme/mod@v1.2.0' } }],
      status: 'fixed',
    },
  ],
};

const cdxVex = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  metadata: { timestamp: '2024-06-01T00:00:00Z' },
  components: [
    { type: 'library', 'bom-ref': 'comp-jackson', name: 'jackson-databind', purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0?type=jar' },
    { type: 'application', 'bom-ref': 'app', name: 'app', components: [{ type: 'library', 'bom-ref': 'nested-log4j', name: 'log4j-core', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }] },
  ],
  vulnerabilities: [
    {
      id: 'CVE-2022-42003',
      source: { name: 'NVD' },
      references: [{ id: 'GHSA-jjjh-jjxp-wpff', source: { name: 'GitHub' } }],
      analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: 'UNWRAP_SINGLE_VALUE_ARRAYS is off.' },
      affects: [{ ref: 'comp-jackson' }],
    },
    {
      id: 'CVE-2021-44228',
      analysis: { state: 'exploitable', detail: 'JNDI lookups reachable.' },
      affects: [{ ref: 'nested-log4j' }],
    },
    {
      id: 'CVE-2099-0001',
      analysis: { state: 'false_positive' },
      affects: [{ ref: 'pkg:npm/left-pad@1.3.0' }, { ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#comp-jackson' }],
    },
    { id: 'CVE-2099-0002', affects: [{ ref: 'comp-jackson' }] },
  ],
};

function finding(ruleId: string, purl: string, advisoryIds: string[], aliases: string[] = []): Finding {
  const name = purl.replace(/^pkg:[^/]+\//, '').replace(/@.*$/, '');
  return {
    ruleId,
    scanner: 'deps',
    severity: 'high',
    title: 't',
    message: 'm',
    location: { path: 'package-lock.json', startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 },
    cwe: [],
    fingerprint: 'fp',
    package: { ecosystem: 'npm', name, version: purl.replace(/^.*@/, ''), purl, advisoryIds, aliases },
  };
}

describe('parseVex: OpenVEX', () => {
  const st = parseVex(JSON.stringify(openVex), 'vex/openvex.json');

  it('flattens statements to one per product (subcomponents when present) with ids, status and text', () => {
    expect(st.map((s) => [s.vulnerabilityIds, s.product, s.status])).toEqual([
      [['CVE-2024-1111', 'GHSA-aaaa-bbbb-cccc'], 'pkg:npm/lodash@4.17.20', 'not_affected'],
      [['CVE-2024-2222'], 'pkg:pypi/requests', 'not_affected'],
      [['CVE-2024-3333'], 'pkg:npm/express@4.18.0', 'affected'],
      [['CVE-2024-4444'], 'pkg:golang/github.com/acme/mod@v1.2.0', 'fixed'],
    ]);
    expect(st[0]).toMatchObject({
      justification: 'vulnerable_code_not_in_execute_path',
      statement: 'We never call template() with user input.',
      timestamp: '2024-05-01T10:00:00Z',
      source: 'vex/openvex.json#/statements/0',
      format: 'openvex',
    });
    expect(st[2]!.statement).toBe('Upgrade to 4.19.2.');
  });

  it('accepts the pre-0.2.0 string forms of vulnerability and products', () => {
    const old = { '@context': 'https://openvex.dev/ns', statements: [{ vulnerability: 'CVE-2023-1', products: ['pkg:npm/a@1.0.0'], status: 'under_investigation' }] };
    expect(parseVex(JSON.stringify(old), 'old.json').map((s) => [s.vulnerabilityIds, s.product, s.status])).toEqual([
      [['CVE-2023-1'], 'pkg:npm/a@1.0.0', 'under_investigation'],
    ]);
  });
});

describe('parseVex: CycloneDX', () => {
  const st = parseVex(JSON.stringify(cdxVex), 'bom.vex.json');

  it('reads analysis states, resolves bom-refs (nested, BOM-Link) and takes references as aliases', () => {
    expect(st.map((s) => [s.vulnerabilityIds, s.product, s.status])).toEqual([
      [['CVE-2022-42003', 'GHSA-jjjh-jjxp-wpff'], 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0?type=jar', 'not_affected'],
      [['CVE-2021-44228'], 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'affected'],
      [['CVE-2099-0001'], 'pkg:npm/left-pad@1.3.0', 'false_positive'],
      [['CVE-2099-0001'], 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0?type=jar', 'false_positive'],
    ]);
    expect(st[0]).toMatchObject({ justification: 'code_not_reachable', statement: 'UNWRAP_SINGLE_VALUE_ARRAYS is off.', format: 'cyclonedx' });
    expect(st[0]!.timestamp).toBe('2024-06-01T00:00:00Z');
  });

  it('a BOM without vulnerabilities has no statements', () => {
    expect(parseVex(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6' }), 'sbom.json')).toEqual([]);
  });
});

describe('invalid VEX', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['not json', '{nope', /not JSON/],
    ['array', [], /expected a JSON object/],
    ['unknown format', { hello: 1 }, /neither OpenVEX .* nor CycloneDX/],
    ['bad status', { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'fine' }] }, /statements\[0\]\.status/],
    ['not_affected without justification', { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, products: [{ '@id': 'pkg:npm/a' }], status: 'not_affected' }] }, /without a justification/],
    ['no products', { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: { name: 'CVE-1' }, products: [], status: 'fixed' }] }, /products must be a non-empty array/],
    ['no vulnerability name', { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [{ vulnerability: {}, products: [{ '@id': 'pkg:npm/a' }], status: 'fixed' }] }, /vulnerability has no name/],
    ['cdx bad state', { bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'nope' }, affects: [{ ref: 'pkg:npm/a@1' }] }] }, /analysis\.state/],
    ['cdx dangling ref', { bomFormat: 'CycloneDX', vulnerabilities: [{ id: 'CVE-1', analysis: { state: 'not_affected' }, affects: [{ ref: 'missing' }] }] }, /ref "missing"/],
  ];

  it.each(bad)('%s -> an InputError naming the file', (_name, doc, msg) => {
    const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
    let err: unknown;
    try {
      parseVex(text, 'security/vex.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe('security/vex.json');
    expect((err as Error).message).toMatch(/^security\/vex\.json: invalid VEX document: /);
    expect((err as Error).message).toMatch(msg);
  });

  it('readVexFile names a missing file and parses a real one', () => {
    const dir = trees.make({ 'vex.json': JSON.stringify(openVex) });
    expect(readVexFile(join(dir, 'vex.json'))).toHaveLength(4);
    expect(() => readVexFile(join(dir, 'absent.json'))).toThrow(/absent\.json: cannot read VEX file: ENOENT/);
  });
});

describe('purlMatches', () => {
  it.each([
    ['pkg:npm/lodash@4.17.20', 'pkg:npm/lodash@4.17.20', true],
    ['pkg:npm/lodash', 'pkg:npm/lodash@4.17.20', true],
    ['pkg:npm/lodash@4.17.21', 'pkg:npm/lodash@4.17.20', false],
    ['pkg:npm/lodash-es@4.17.20', 'pkg:npm/lodash@4.17.20', false],
    ['pkg:pypi/lodash@4.17.20', 'pkg:npm/lodash@4.17.20', false],
    ['pkg:npm/%40babel/core@7.0.0', 'pkg:npm/%40babel/core@7.0.0?vcs_url=x', true],
    ['pkg:npm/%40other/core@7.0.0', 'pkg:npm/%40babel/core@7.0.0', false],
    ['pkg:maven/org.a/b@1.0?type=jar', 'pkg:maven/org.a/b@1.0', true],
    ['pkg:pypi/Django_Rest', 'pkg:pypi/django-rest@3.0', true],
    ['pkg:golang/github.com/Acme/mod', 'pkg:golang/github.com/acme/mod@v1.0.0', false],
    ['not a purl', 'pkg:npm/a@1', false],
  ])('%s vs %s -> %s', (product, pkg, expected) => {
    expect(purlMatches(product, pkg)).toBe(expected);
  });
});

describe('vexSuppresses', () => {
  const statements: VexStatement[] = [
    ...parseVex(JSON.stringify(openVex), 'openvex.json'),
    ...parseVex(JSON.stringify(cdxVex), 'cdx.json'),
  ];

  it('matches by alias: VEX names the CVE, the finding is the GHSA with that CVE as alias', () => {
    const f = finding('deps/GHSA-aaaa-bbbb-cccc', 'pkg:npm/lodash@4.17.20', ['GHSA-aaaa-bbbb-cccc'], ['CVE-2024-1111']);
    const s = vexSuppresses(f, statements);
    expect(s?.status).toBe('not_affected');
    expect(vexReason(s!)).toBe(
      'VEX not_affected (vulnerable_code_not_in_execute_path): We never call template() with user input. [openvex.json#/statements/0]',
    );
  });

  it('matches by the VEX alias when the finding only knows the CVE, case-insensitively', () => {
    const f = finding('deps/ghsa-jjjh-jjxp-wpff', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0', ['ghsa-jjjh-jjxp-wpff']);
    expect(vexSuppresses(f, statements)?.justification).toBe('code_not_reachable');
  });

  it('a version-less product purl covers every version', () => {
    expect(vexSuppresses(finding('deps/CVE-2024-2222', 'pkg:pypi/requests@2.31.0', ['CVE-2024-2222']), statements)).toBeDefined();
    expect(vexSuppresses(finding('deps/CVE-2024-2222', 'pkg:pypi/requests@2.0.0', ['CVE-2024-2222']), statements)).toBeDefined();
  });

  it('the wrong product or version does not match', () => {
    expect(vexSuppresses(finding('deps/CVE-2024-1111', 'pkg:npm/lodash@4.17.21', ['CVE-2024-1111']), statements)).toBeUndefined();
    expect(vexSuppresses(finding('deps/CVE-2024-1111', 'pkg:npm/underscore@4.17.20', ['CVE-2024-1111']), statements)).toBeUndefined();
    expect(vexSuppresses(finding('deps/CVE-2024-2222', 'pkg:npm/requests@2.31.0', ['CVE-2024-2222']), statements)).toBeUndefined();
  });

  it('the wrong vulnerability does not match', () => {
    expect(vexSuppresses(finding('deps/CVE-2024-9999', 'pkg:npm/lodash@4.17.20', ['CVE-2024-9999']), statements)).toBeUndefined();
  });

  it('affected, fixed and under_investigation do not suppress', () => {
    const express = finding('deps/CVE-2024-3333', 'pkg:npm/express@4.18.0', ['CVE-2024-3333']);
    expect(vexStatementsFor(express, statements).map((s) => s.status)).toEqual(['affected']);
    expect(vexSuppresses(express, statements)).toBeUndefined();
    expect(vexSuppresses(finding('deps/CVE-2021-44228', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', ['CVE-2021-44228']), statements)).toBeUndefined();
    expect(vexSuppresses(finding('deps/CVE-2024-4444', 'pkg:golang/github.com/acme/mod@v1.2.0', ['CVE-2024-4444']), statements)).toBeUndefined();
  });

  it('false_positive suppresses', () => {
    expect(vexSuppresses(finding('deps/CVE-2099-0001', 'pkg:npm/left-pad@1.3.0', ['CVE-2099-0001']), statements)?.status).toBe('false_positive');
  });

  it('the newest statement wins: a later affected overrides an earlier not_affected', () => {
    const doc = (status: string, timestamp: string) => ({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      timestamp,
      statements: [{ vulnerability: { name: 'CVE-2025-1' }, products: [{ '@id': 'pkg:npm/a' }], status, justification: 'component_not_present' }],
    });
    const older = parseVex(JSON.stringify(doc('not_affected', '2025-01-01T00:00:00Z')), 'a.json');
    const newer = parseVex(JSON.stringify(doc('affected', '2025-02-01T00:00:00Z')), 'b.json');
    const f = finding('deps/CVE-2025-1', 'pkg:npm/a@1.0.0', ['CVE-2025-1']);
    expect(vexSuppresses(f, [...newer, ...older])).toBeUndefined();
    expect(vexSuppresses(f, older)?.source).toBe('a.json#/statements/0');
  });

  it('a finding without a purl never matches', () => {
    const f = finding('deps/CVE-2024-1111', 'pkg:npm/lodash@4.17.20', ['CVE-2024-1111']);
    delete f.package!.purl;
    expect(vexSuppresses(f, statements)).toBeUndefined();
  });
});
