import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mavenExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/maven/index.js';
import { extractor, mavenVersion } from '../../../../src/scanners/deps/ecosystems/maven/pom.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const fixture = (name: string) => ({ path: `svc/${name}`, content: read(name) });
type Row = [name: string, version: string, dev: boolean, pinned: boolean, line: number];
const rowsOf = (r: ReturnType<typeof extractor.extract>) =>
  r.packages.map((p): Row => [p.name, p.version, p.dev, p.pinned, p.line ?? -1]);
const issuesOf = (r: ReturnType<typeof extractor.extract>) => r.issues.map((i) => [i.line, i.message]);
const PARENT = 'org.springframework.boot:spring-boot-starter-parent:3.2.1';

describe('maven/pom', () => {
  it('accepts pom.xml only', () => {
    expect(extractor.accepts('pom.xml')).toBe(true);
    expect(extractor.accepts('modules/api/pom.xml')).toBe(true);
    expect(extractor.accepts('pom.xml.bak')).toBe(false);
    expect(extractor.accepts('build.gradle')).toBe(false);
    expect(extractors).toContain(extractor);
  });

  it('service POM: properties, dependencyManagement, scopes, ranges, profiles; parent-managed versions are issues', () => {
    const r = extractor.extract(fixture('service.pom.xml'));
    expect(rowsOf(r)).toEqual<Row[]>([
      ['com.fasterxml.jackson.core:jackson-databind', '2.15.3', false, true, 55], // property of a property
      ['org.apache.commons:commons-text', '1.10.0', false, true, 60], // version from dependencyManagement
      ['com.google.guava:guava', '[32.0,33.0)', false, false, 64], // range: not pinned
      ['org.apache.logging.log4j:log4j-core', '2.17.1', false, true, 69], // [2.17.1] is exact
      ['jakarta.servlet:jakarta.servlet-api', '6.0.0', false, true, 74], // provided: not dev
      ['com.example.inventory:inventory-model', '3.2.1', false, true, 80], // project.version inherited from <parent>
      ['io.netty:netty-transport-native-epoll', '4.1.104.Final', false, true, 85],
      ['org.mockito:mockito-core', '5.8.0', true, true, 96], // version and test scope from dependencyManagement
      ['junit:junit', '4.13.2', true, true, 105],
      ['org.postgresql:postgresql', '42.7.1', false, true, 117], // from a profile
    ]);
    expect(issuesOf(r)).toEqual([
      [51, `pom.xml: org.springframework.boot:spring-boot-starter-web has no version in this file; it may come from the parent POM ${PARENT} or an imported BOM (org.testcontainers:testcontainers-bom), which Rampart does not fetch; skipped`],
      [91, `pom.xml: the version of org.yaml:snakeyaml uses \${snakeyaml.version}, which this file does not define (it may come from the parent POM ${PARENT}, which Rampart does not fetch); skipped`],
      [100, `pom.xml: org.testcontainers:postgresql has no version in this file; it may come from the parent POM ${PARENT} or an imported BOM (org.testcontainers:testcontainers-bom), which Rampart does not fetch; skipped`],
    ]);
    for (const p of r.packages) expect(p).toMatchObject({ ecosystem: 'Maven', direct: true, source: 'svc/service.pom.xml' });
    expect(r.packages.every((p) => p.dependsOn === undefined && p.license === undefined)).toBe(true);
    expect(r.packages.map((p) => p.name)).not.toContain('org.ow2.asm:asm'); // plugin dependency
    expect(r.packages.find((p) => p.name.endsWith('epoll'))?.purl).toBe(
      'pkg:maven/io.netty/netty-transport-native-epoll@4.1.104.Final?classifier=linux-x86_64',
    );
    expect(r.packages[0]?.purl).toBe('pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.3');
  });

  it('library POM: ${revision} project version, open range, LATEST, one-line dependency', () => {
    const r = extractor.extract(fixture('library.pom.xml'));
    expect(rowsOf(r)).toEqual<Row[]>([
      ['org.slf4j:slf4j-api', '2.0.9', false, true, 15],
      ['org.example:tiny-lib-core', '1.4.0-SNAPSHOT', false, true, 20],
      ['commons-io:commons-io', '(,2.14.0]', false, false, 25],
      ['com.h2database:h2', 'LATEST', true, false, 26],
    ]);
    expect(r.issues).toEqual([]);
  });

  it('keeps lines with CRLF line endings and a byte-order mark', () => {
    const content = '\uFEFF' + read('library.pom.xml').replace(/\n/g, '\r\n');
    const r = extractor.extract({ path: 'pom.xml', content });
    expect(r.issues).toEqual([]);
    expect(r.packages.map((p) => p.line)).toEqual([15, 20, 25, 26]);
  });

  it.each([
    ['1.2.3', '1.2.3', true],
    ['[1.2.3]', '1.2.3', true],
    ['[1.0,2.0)', '[1.0,2.0)', false],
    ['[1.5,)', '[1.5,)', false],
    ['(,1.0],[1.2,)', '(,1.0],[1.2,)', false],
    ['RELEASE', 'RELEASE', false],
    ['2.0.0.RELEASE', '2.0.0.RELEASE', true],
  ])('version %s → %s pinned=%s', (raw, version, pinned) => {
    expect(mavenVersion(raw)).toEqual({ version, pinned });
  });

  it.each<[string, Row[], [number | undefined, string][]]>([
    ['empty.pom.xml', [], [[undefined, 'pom.xml is empty']]],
    ['not-xml.pom.xml', [], [[1, "pom.xml is not well-formed XML: char '{' is not expected."]]],
    ['not-a-pom.pom.xml', [], [[1, 'not a Maven POM: no <project> root element']]],
    [
      'truncated.pom.xml',
      [['com.fasterxml.jackson.core:jackson-databind', '2.15.3', false, true, 55]],
      [
        [62, 'pom.xml is not well-formed XML: ends inside <project> <dependencies> <dependency> (truncated?)'],
        [51, `pom.xml: org.springframework.boot:spring-boot-starter-web has no version in this file; it may come from the parent POM ${PARENT} or an imported BOM (org.testcontainers:testcontainers-bom), which Rampart does not fetch; skipped`],
      ],
    ],
    [
      'missing-fields.pom.xml',
      [['org.example:fine', '2.1', false, true, 29]],
      [
        [11, 'pom.xml: <dependency> without groupId or artifactId'],
        [15, 'pom.xml: org.example:no-version has no version in this file; skipped'],
        [19, 'pom.xml: the version of org.example:circular uses ${a}, whose definition refers to itself; skipped'],
        [24, 'pom.xml: org.example:empty-version has no version in this file; skipped'],
      ],
    ],
  ])('bad input %s', (name, expected, expectedIssues) => {
    const r = extractor.extract(fixture(name));
    expect(rowsOf(r)).toEqual(expected);
    expect(issuesOf(r)).toEqual(expectedIssues);
    for (const i of r.issues) expect(i).toMatchObject({ kind: 'unparsable', scanner: 'deps', path: `svc/${name}` });
  });

  it('never throws on hostile or odd XML', () => {
    const inputs = [
      '<project><dependencies><dependency>x</dependency></dependencies></project>',
      '<project><dependencies>text</dependencies></project>',
      '<project><dependencies><dependency><groupId><a/></groupId></dependency></dependencies></project>',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><project>&lol2;</project>',
      '<project></wrong>',
      '<<<>>>',
    ];
    for (const content of inputs) expect(() => extractor.extract({ path: 'pom.xml', content })).not.toThrow();
  });
});
