import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, schemes, versionScheme } from '../../../../src/scanners/deps/versions.js';
import { scheme as alpine } from '../../../../src/scanners/deps/ecosystems/alpine/version.js';
import { scheme as cargo } from '../../../../src/scanners/deps/ecosystems/cargo/version.js';
import { scheme as composer } from '../../../../src/scanners/deps/ecosystems/composer/version.js';
import { scheme as debian } from '../../../../src/scanners/deps/ecosystems/debian/version.js';
import { scheme as go } from '../../../../src/scanners/deps/ecosystems/go/version.js';
import { scheme as maven } from '../../../../src/scanners/deps/ecosystems/maven/version.js';
import { scheme as npm } from '../../../../src/scanners/deps/ecosystems/npm/version.js';
import { scheme as nuget } from '../../../../src/scanners/deps/ecosystems/nuget/version.js';
import { scheme as pypi } from '../../../../src/scanners/deps/ecosystems/pypi/version.js';
import { scheme as rpm } from '../../../../src/scanners/deps/ecosystems/rpm/version.js';
import { scheme as rubygems } from '../../../../src/scanners/deps/ecosystems/rubygems/version.js';

const root = join(import.meta.dirname, '../../../..');

/** The Ecosystem union as package.ts spells it. */
function declaredEcosystems(): string[] {
  const src = readFileSync(join(root, 'src/scanners/deps/package.ts'), 'utf8');
  const union = /export type Ecosystem =([^;]+);/.exec(src)![1]!;
  return [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('versionScheme', () => {
  it('has a scheme for every ecosystem of the Ecosystem type, and only those', () => {
    const declared = declaredEcosystems();
    expect(declared.length).toBeGreaterThan(10);
    for (const e of declared) expect(versionScheme(e), e).toBeDefined();
    expect(schemes.flatMap((s) => s.ecosystems).sort()).toEqual([...declared].sort());
  });

  it('lists every scheme module under ecosystems/', () => {
    const dir = join(root, 'src/scanners/deps/ecosystems');
    const modules = readdirSync(dir).filter((d) => existsSync(join(dir, d, 'version.ts')));
    expect(modules.length).toBe(schemes.length);
  });

  it.each([
    ['npm', npm],
    ['PyPI', pypi],
    ['Go', go],
    ['crates.io', cargo],
    ['RubyGems', rubygems],
    ['Packagist', composer],
    ['Maven', maven],
    ['NuGet', nuget],
    ['Debian', debian],
    ['Ubuntu', debian],
    ['Alpine', alpine],
    ['AlmaLinux', rpm],
    ['Rocky Linux', rpm],
    ['Red Hat', rpm],
  ])('maps %s', (name, expected) => {
    expect(versionScheme(name)).toBe(expected);
  });

  it.each([
    ['Debian:12', debian],
    ['Debian:11', debian],
    ['Ubuntu:22.04:LTS', debian],
    ['Ubuntu:Pro:18.04:LTS', debian],
    ['Alpine:v3.19', alpine],
    ['AlmaLinux:9', rpm],
    ['Rocky Linux:8', rpm],
    ['Red Hat:enterprise_linux:9::appstream', rpm],
  ])('maps the release-qualified name %s by the part before the colon', (name, expected) => {
    expect(versionScheme(name)).toBe(expected);
  });

  it.each(['', 'Hex', 'Pub', 'debian', 'NPM', 'pypi', ':Debian', 'Maven ', 'GIT'])('has no scheme for %j', (name) => {
    expect(versionScheme(name)).toBeUndefined();
  });

  it('never throws on a non-string ecosystem', () => {
    expect(versionScheme(undefined as unknown as string)).toBeUndefined();
    expect(versionScheme(3 as unknown as string)).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('orders by the ecosystem named', () => {
    // The same pair, four different answers.
    expect(compareVersions('npm', '1.0.0-rc.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('PyPI', '1.0rc1', '1.0')).toBeLessThan(0);
    expect(compareVersions('Debian:12', '1.0~rc1', '1.0')).toBeLessThan(0);
    expect(compareVersions('Debian', '1.0+rc1', '1.0')).toBeGreaterThan(0);
    expect(compareVersions('RubyGems', '1.0.0', '1.0')).toBe(0);
    expect(compareVersions('AlmaLinux:9', '1.0.0', '1.0')).toBeGreaterThan(0);
    expect(compareVersions('Maven', '1.0-SNAPSHOT', '1.0')).toBeLessThan(0);
    expect(compareVersions('Alpine:v3.19', '1.0_p1-r0', '1.0-r5')).toBeGreaterThan(0);
    expect(compareVersions('Go', 'v1.2.3', '1.2.3')).toBe(0);
  });

  it('is undefined for an unknown ecosystem and never throws on garbage', () => {
    expect(compareVersions('Hex', '1.0.0', '2.0.0')).toBeUndefined();
    for (const s of schemes) {
      for (const e of s.ecosystems) {
        expect(() => compareVersions(e, '¯\\_(ツ)_/¯', '')).not.toThrow();
      }
    }
  });
});
