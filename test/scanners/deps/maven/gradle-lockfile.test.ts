import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractor, isTestConfiguration } from '../../../../src/scanners/deps/ecosystems/maven/gradle-lockfile.js';
import { mavenExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/maven/index.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
type Row = [name: string, version: string, dev: boolean, line: number];
const run = (fixtureName: string, path: string) => extractor.extract({ path, content: read(fixtureName) });
const rowsOf = (r: ReturnType<typeof extractor.extract>) => r.packages.map((p): Row => [p.name, p.version, p.dev, p.line ?? -1]);

describe('maven/gradle-lockfile', () => {
  it.each([
    ['gradle.lockfile', true],
    ['app/gradle.lockfile', true],
    ['buildscript-gradle.lockfile', true],
    ['settings-gradle.lockfile', true],
    ['gradle/dependency-locks/compileClasspath.lockfile', true],
    ['lib/gradle/dependency-locks/testRuntimeClasspath.lockfile', true],
    ['other.lockfile', false],
    ['gradle.lockfile.orig', false],
  ])('accepts %s: %s', (path, ok) => {
    expect(extractor.accepts(path)).toBe(ok);
    expect(extractors).toContain(extractor);
  });

  it('gradle.lockfile: dev only when every configuration is a test one', () => {
    const r = run('app.gradle.lockfile', 'app/gradle.lockfile');
    expect(r.issues).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      ['ch.qos.logback:logback-classic', '1.4.14', false, 4],
      ['com.fasterxml.jackson.core:jackson-databind', '2.15.3', false, 5],
      ['com.google.errorprone:error_prone_annotations', '2.23.0', false, 6], // annotationProcessor: not claimed dev
      ['com.google.guava:guava', '32.1.3-jre', false, 7],
      ['junit:junit', '4.13.2', true, 8],
      ['net.bytebuddy:byte-buddy', '1.14.10', true, 9],
      ['org.apiguardian:apiguardian-api', '1.1.2', true, 10], // testFixtures
      ['org.postgresql:postgresql', '42.7.1', false, 11],
      ['org.testcontainers:testcontainers', '1.19.3', true, 12],
      ['org.yaml:snakeyaml', '2.2', false, 13], // "contest" is not "test"
    ]);
    for (const p of r.packages) {
      expect(p).toMatchObject({ ecosystem: 'Maven', direct: false, pinned: true, source: 'app/gradle.lockfile' });
      expect(p.dependsOn).toBeUndefined();
    }
    expect(r.packages[3]?.purl).toBe('pkg:maven/com.google.guava/guava@32.1.3-jre');
  });

  it('buildscript-gradle.lockfile: build plugins are dev', () => {
    const r = run('buildscript-gradle.lockfile', 'buildscript-gradle.lockfile');
    expect(r.issues).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      ['com.github.ben-manes:gradle-versions-plugin', '0.50.0', true, 4],
      ['org.jetbrains.kotlin:kotlin-gradle-plugin', '1.9.21', true, 5],
    ]);
  });

  it('legacy per-configuration lockfile: the configuration is the file name', () => {
    const r = run('legacy/gradle/dependency-locks/testRuntimeClasspath.lockfile', 'gradle/dependency-locks/testRuntimeClasspath.lockfile');
    expect(r.issues).toEqual([]);
    expect(rowsOf(r)).toEqual<Row[]>([
      ['junit:junit', '4.12', true, 4],
      ['org.hamcrest:hamcrest-core', '1.3', true, 5],
    ]);
    const prod = extractor.extract({ path: 'gradle/dependency-locks/runtimeClasspath.lockfile', content: 'junit:junit:4.12\n' });
    expect(rowsOf(prod)).toEqual([['junit:junit', '4.12', false, 1]]);
  });

  it.each([
    ['testCompileClasspath', true],
    ['testRuntimeClasspath', true],
    ['integrationTestRuntimeClasspath', true],
    ['androidTestCompileClasspath', true],
    ['debugUnitTestRuntimeClasspath', true],
    ['testFixturesCompileClasspath', true],
    ['compileClasspath', false],
    ['releaseRuntimeClasspath', false],
    ['contestRuntimeClasspath', false],
    ['testingRuntimeClasspath', false],
    ['annotationProcessor', false],
  ])('configuration %s is test: %s', (name, expected) => {
    expect(isTestConfiguration(name)).toBe(expected);
  });

  it.each<[string, Row[], [number | undefined, string][]]>([
    ['empty.gradle.lockfile', [], [[undefined, 'Gradle lockfile is empty']]],
    ['not-a-lockfile.gradle.lockfile', [], [[1, 'not a Gradle lockfile: no `group:artifact:version=configurations` line']]],
    [
      'truncated.gradle.lockfile',
      [['com.google.guava:guava', '32.1.3-jre', false, 2]],
      [[3, 'Gradle lockfile: org.slf4j:slf4j-api:2.0 lists no configuration']],
    ],
    [
      'bad-lines.gradle.lockfile',
      // the second slf4j line (test only) does not make the package dev
      [['org.slf4j:slf4j-api', '2.0.9', false, 2]],
      [
        [3, 'Gradle lockfile: expected "group:artifact:version=configurations", got "org.slf4j:slf4j-api=compileClasspath"'],
        [4, 'Gradle lockfile: io.netty:netty-handler:4.1.100.Final lists no configuration'],
        [5, 'Gradle lockfile: expected "group:artifact:version=configurations", got "just some text"'],
      ],
    ],
  ])('bad input %s', (name, expected, expectedIssues) => {
    const r = run(name, `m/${name}`);
    expect(rowsOf(r)).toEqual(expected);
    expect(r.issues).toEqual(
      expectedIssues.map(([line, message]) => ({ path: `m/${name}`, line, message, kind: 'unparsable', scanner: 'deps' })),
    );
  });
});
