import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractor } from '../../../../src/scanners/deps/ecosystems/rubygems/gemfile-lock.js';
import { rubygemsExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/rubygems/index.js';

const fixture = (name: string) => ({
  path: `app/${name}`,
  content: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
});
type Row = [name: string, version: string, direct: boolean, line: number, dependsOn: string[]];
const rows = (name: string) =>
  extractor.extract(fixture(name)).packages.map((p): Row => [p.name, p.version, p.direct, p.line ?? -1, p.dependsOn ?? []]);
const issues = (name: string) => extractor.extract(fixture(name)).issues.map((i) => [i.line, i.message]);

describe('rubygems/gemfile-lock', () => {
  it('accepts Gemfile.lock and gems.locked', () => {
    expect(extractor.accepts('Gemfile.lock')).toBe(true);
    expect(extractor.accepts('api/gems.locked')).toBe(true);
    expect(extractor.accepts('Gemfile')).toBe(false);
    expect(extractor.accepts('my.Gemfile.lock.bak')).toBe(false);
    expect(extractors).toContain(extractor);
  });

  it.each<[string, Row[]]>([
    [
      'app.Gemfile.lock',
      [
        ['activesupport', '7.1.3', true, 6, ['base64@0.2.0', 'concurrent-ruby@1.2.3', 'i18n@1.14.1', 'tzinfo@2.0.6']],
        ['base64', '0.2.0', false, 22, []],
        ['concurrent-ruby', '1.2.3', false, 23, []],
        ['diff-lcs', '1.5.1', false, 24, []],
        ['i18n', '1.14.1', false, 25, ['concurrent-ruby@1.2.3']],
        ['mini_portile2', '2.8.5', false, 27, []],
        // three platform variants, one package; direct through the PATH gem (the project's gemspec)
        ['nokogiri', '1.15.4', true, 28, ['mini_portile2@2.8.5', 'racc@1.7.3']],
        ['racc', '1.7.3', false, 35, []],
        ['rspec', '3.13.0', true, 36, ['rspec-core@3.13.0', 'rspec-expectations@3.13.0']],
        ['rspec-core', '3.13.0', false, 39, []],
        ['rspec-expectations', '3.13.0', false, 40, ['diff-lcs@1.5.1']],
        ['sqlite3', '1.7.2', true, 42, []],
        ['tzinfo', '2.0.6', false, 43, ['concurrent-ruby@1.2.3']],
        ['acme-client-sdk', '2.1.0', true, 49, []],
      ],
    ],
    [
      'old-bundler.Gemfile.lock',
      [
        ['rack', '1.6.13', false, 4, []],
        ['rack-protection', '1.5.5', false, 5, ['rack@1.6.13']],
        ['sinatra', '1.4.8', true, 7, ['rack@1.6.13', 'rack-protection@1.5.5', 'tilt@2.0.10']],
        ['tilt', '2.0.10', false, 11, []],
      ],
    ],
  ])('%s', (name, expected) => {
    expect(rows(name)).toEqual(expected);
    expect(issues(name)).toEqual([]);
  });

  it('purls carry git source, private registry and a single build platform; dev, pinned, no licence', () => {
    const pkgs = extractor.extract(fixture('app.Gemfile.lock')).packages;
    const purl = (n: string) => pkgs.find((p) => p.name === n)?.purl;
    expect(purl('activesupport')).toBe(
      'pkg:gem/activesupport@7.1.3?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Frails%2Frails.git%402e7a7b9b6c0f6a2d4b8e5c1f3a9d0e7b6c5a4f3e',
    );
    expect(purl('nokogiri')).toBe('pkg:gem/nokogiri@1.15.4');
    expect(purl('sqlite3')).toBe('pkg:gem/sqlite3@1.7.2?platform=x86_64-linux');
    expect(purl('acme-client-sdk')).toBe('pkg:gem/acme-client-sdk@2.1.0?repository_url=https%3A%2F%2Fgems.internal.example.com%2F');
    expect(pkgs.map((p) => p.name)).not.toContain('inventory_tool');
    for (const p of pkgs) {
      expect(p).toMatchObject({ ecosystem: 'RubyGems', dev: false, pinned: true, source: 'app/app.Gemfile.lock' });
      expect(p.license).toBeUndefined();
    }
  });

  it.each<[string, Row[], [number | undefined, string][]]>([
    ['empty.Gemfile.lock', [], [[undefined, 'Gemfile.lock is empty']]],
    ['not-a-lockfile.Gemfile.lock', [], [[1, 'not a Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section']]],
    [
      'truncated.Gemfile.lock',
      [
        ['activesupport', '7.1.3', true, 6, ['base64@0.2.0', 'concurrent-ruby@1.2.3']],
        ['base64', '0.2.0', false, 22, []],
        ['concurrent-ruby', '1.2.3', false, 23, []],
        ['diff-lcs', '1.5.1', false, 24, []],
      ],
      [
        [25, 'Gemfile.lock: bad spec line "nokogiri (1.15" (expected "name (version)")'],
        [undefined, 'Gemfile.lock has no DEPENDENCIES section (truncated?): direct dependencies are unknown'],
      ],
    ],
    [
      'bad-lines.Gemfile.lock',
      [
        ['json', '2.7.1', true, 4, []],
        ['puma', '6.4.2', true, 8, ['nio4r@2.7.0']],
        ['nio4r', '2.7.0', false, 10, []],
        ['thor', '1.3.0', false, 12, []],
        ['thor', '1.2.2', false, 14, []],
      ],
      [
        [5, 'Gemfile.lock: bad spec line "broken line without version" (expected "name (version)")'],
        [6, 'Gemfile.lock: bad spec line "rake ()" (expected "name (version)")'],
        [7, 'Gemfile.lock: unexpected indentation in GEM: "odd (1.0)"'],
        [11, 'Gemfile.lock has an unresolved merge conflict'],
        [20, 'Gemfile.lock: bad DEPENDENCIES line "(missing name)"'],
      ],
    ],
  ])('bad input %s', (name, expected, expectedIssues) => {
    expect(rows(name)).toEqual(expected);
    expect(issues(name)).toEqual(expectedIssues);
    for (const i of extractor.extract(fixture(name)).issues) {
      expect(i).toMatchObject({ kind: 'unparsable', scanner: 'deps', path: `app/${name}` });
    }
  });

  it('handles CRLF line endings', () => {
    const f = fixture('old-bundler.Gemfile.lock');
    const crlf = extractor.extract({ ...f, content: f.content.replace(/\n/g, '\r\n') });
    expect(crlf.issues).toEqual([]);
    expect(crlf.packages.map((p) => [p.name, p.version, p.line])).toEqual(
      extractor.extract(f).packages.map((p) => [p.name, p.version, p.line]),
    );
  });
});
