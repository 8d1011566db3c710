import { PackageURL } from 'packageurl-js';
import type { ScanIssue } from '../../../../core/scanner.js';
import type { Extractor, ExtractResult, Package } from '../../package.js';

/**
 * Gradle dependency lock state (https://docs.gradle.org/current/userguide/dependency_locking.html).
 *
 * - `gradle.lockfile` (Gradle 6.4+, one per project): `group:artifact:version=conf1,conf2` per
 *   line, `#` comments, and `empty=conf1,conf2` for configurations that resolved to nothing.
 * - `buildscript-gradle.lockfile` (and `settings-gradle.lockfile`): the same for the build
 *   script's `classpath`, i.e. build plugins. These run in the build, not in what ships: dev.
 * - The older per-configuration files, `gradle/dependency-locks/<configuration>.lockfile`
 *   (Gradle 4.8-6): `group:artifact:version` per line, the configuration is the file name.
 *
 * Every entry is an exact resolved version (pinned). A package is dev when every configuration
 * that locks it is a test one (`testCompileClasspath`, `integrationTestRuntimeClasspath`,
 * `androidTestCompileClasspath`, `testFixturesRuntimeClasspath`...: a `test` / `Test` word in the
 * name). Anything else, including annotation processors and tooling configurations, is treated as
 * production, so nothing is hidden by a guess. The lockfile records neither which dependencies
 * the build script declares (direct is false) nor the graph.
 */

const ENTRY = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=(.*))?$/;
/** `test` as a word inside a camelCase configuration name. */
const TEST_CONFIGURATION = /(^test|Test)(?![a-z])/;

function issue(path: string, message: string, line?: number): ScanIssue {
  return { path, line, kind: 'unparsable', scanner: 'deps', message };
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `gradle/dependency-locks/compileClasspath.lockfile` → `compileClasspath`. */
function legacyConfiguration(path: string): string | undefined {
  const m = /(?:^|\/)gradle\/dependency-locks\/([^/]+)\.lockfile$/.exec(path);
  return m?.[1];
}

export function isTestConfiguration(name: string): boolean {
  return TEST_CONFIGURATION.test(name);
}

export function extractGradleLockfile(file: { path: string; content: string }): ExtractResult {
  const { path, content } = file;
  const issues: ScanIssue[] = [];
  const packages: Package[] = [];
  if (content.trim() === '') return { packages, issues: [issue(path, 'Gradle lockfile is empty')] };

  const base = baseName(path);
  const buildTooling = base === 'buildscript-gradle.lockfile' || base === 'settings-gradle.lockfile';
  const legacy = legacyConfiguration(path);
  const seen = new Map<string, Package>();

  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    if (/^empty=/.test(text)) return;
    const m = ENTRY.exec(text);
    if (!m) {
      issues.push(issue(path, `Gradle lockfile: expected "group:artifact:version=configurations", got "${text.slice(0, 80)}"`, line));
      return;
    }
    const [, group, artifact, version, confList] = m as unknown as [string, string, string, string, string | undefined];
    const configurations =
      confList === undefined ? (legacy ? [legacy] : []) : confList.split(',').map((c) => c.trim()).filter(Boolean);
    if (configurations.length === 0) {
      issues.push(issue(path, `Gradle lockfile: ${group}:${artifact}:${version} lists no configuration`, line));
      return;
    }
    const dev = buildTooling || configurations.every(isTestConfiguration);
    const name = `${group}:${artifact}`;
    const key = `${name}@${version}`;
    const before = seen.get(key);
    if (before) {
      // The same coordinates twice (hand edits, merges): one package, prod if either line is.
      before.dev &&= dev;
      return;
    }
    let purl: string;
    try {
      purl = new PackageURL('maven', group, artifact, version, undefined, undefined).toString();
    } catch (e) {
      issues.push(issue(path, `Gradle lockfile: ${text}: ${(e as Error).message}`, line));
      return;
    }
    const p: Package = {
      ecosystem: 'Maven',
      name,
      version,
      purl,
      direct: false,
      dev,
      pinned: true,
      source: path,
      line,
    };
    seen.set(key, p);
    packages.push(p);
  });
  if (packages.length === 0 && issues.length > 0 && !/^[ \t]*(#|empty=)/m.test(content)) {
    // Nothing of the format at all: one issue, not one per line.
    return { packages, issues: [issue(path, 'not a Gradle lockfile: no `group:artifact:version=configurations` line', 1)] };
  }
  return { packages, issues };
}

export const extractor: Extractor = {
  id: 'maven/gradle-lockfile',
  ecosystem: 'Maven',
  accepts: (path) => {
    const base = baseName(path);
    return (
      base === 'gradle.lockfile' ||
      base === 'buildscript-gradle.lockfile' ||
      base === 'settings-gradle.lockfile' ||
      legacyConfiguration(path) !== undefined
    );
  },
  extract: extractGradleLockfile,
};
