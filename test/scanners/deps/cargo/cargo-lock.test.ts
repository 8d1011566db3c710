import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractor } from '../../../../src/scanners/deps/ecosystems/cargo/cargo-lock.js';
import { cargoExtractors as extractors } from '../../../../src/scanners/deps/ecosystems/cargo/index.js';

const fixture = (name: string) => ({
  path: `sub/${name}`,
  content: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
});

type Row = [name: string, version: string, direct: boolean, line: number, dependsOn: string[]];
const rows = (name: string) =>
  extractor.extract(fixture(name)).packages.map((p): Row => [p.name, p.version, p.direct, p.line ?? -1, p.dependsOn ?? []]);
const issues = (name: string) =>
  extractor.extract(fixture(name)).issues.map((i) => [i.line, i.message, i.kind, i.scanner, i.path]);

describe('cargo/cargo-lock', () => {
  it('accepts Cargo.lock only', () => {
    expect(extractor.accepts('Cargo.lock')).toBe(true);
    expect(extractor.accepts('crates/x/Cargo.lock')).toBe(true);
    expect(extractor.accepts('Cargo.toml')).toBe(false);
    expect(extractor.accepts('notCargo.lock')).toBe(false);
    expect(extractors).toContain(extractor);
  });

  it.each<[string, Row[]]>([
    [
      'v4-workspace.Cargo.lock', // real: cargo generate-lockfile on a two-crate workspace
      [
        ['aho-corasick', '1.1.5', false, 5, ['memchr@2.8.3']],
        ['cfg-if', '1.0.5', true, 24, []],
        ['itoa', '0.4.8', true, 30, []],
        ['itoa', '1.0.19', true, 36, []],
        ['memchr', '2.8.3', true, 42, []],
        ['regex', '1.13.2', true, 48, ['aho-corasick@1.1.5', 'memchr@2.8.3', 'regex-automata@0.4.19', 'regex-syntax@0.8.12']],
        ['regex-automata', '0.4.19', false, 60, ['aho-corasick@1.1.5', 'memchr@2.8.3', 'regex-syntax@0.8.12']],
        ['regex-syntax', '0.8.12', false, 71, []],
      ],
    ],
    [
      'v3-git-and-sources.Cargo.lock',
      [
        ['log', '0.4.20', true, 15, []],
        ['log', '0.4.20', true, 21, []],
        ['serde', '1.0.193', true, 26, []],
        ['smallvec', '1.11.2', true, 32, []],
      ],
    ],
    [
      'v2.Cargo.lock',
      [
        ['autocfg', '1.1.0', false, 3, []],
        ['libc', '0.2.150', false, 17, []],
        ['num-traits', '0.2.17', true, 23, ['autocfg@1.1.0', 'time@0.3.30']],
        ['time', '0.1.45', true, 33, ['libc@0.2.150']],
        ['time', '0.3.30', false, 42, []],
      ],
    ],
    [
      'v1.Cargo.lock',
      [
        ['libc', '0.2.40', true, 9, []],
        ['rand', '0.4.2', true, 14, ['libc@0.2.40']],
      ],
    ],
  ])('%s', (name, expected) => {
    expect(rows(name)).toEqual(expected);
    expect(issues(name)).toEqual([]);
  });

  it('sets ecosystem, purl (with the registry or git source when not crates.io), pinned, dev and no licence', () => {
    const pkgs = extractor.extract(fixture('v3-git-and-sources.Cargo.lock')).packages;
    expect(pkgs.map((p) => p.purl)).toEqual([
      'pkg:cargo/log@0.4.20',
      'pkg:cargo/log@0.4.20?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Frust-lang%2Flog%3Fbranch%3Dmaster%236e1735597bb21c5d979a077395df85e1d633e077',
      'pkg:cargo/serde@1.0.193',
      'pkg:cargo/smallvec@1.11.2?repository_url=https%3A%2F%2Fmy-registry.example.com%2Findex',
    ]);
    for (const p of pkgs) {
      expect(p).toMatchObject({ ecosystem: 'crates.io', pinned: true, dev: false, source: 'sub/v3-git-and-sources.Cargo.lock' });
      expect(p.license).toBeUndefined();
    }
  });

  it.each<[string, Row[], [number | undefined, string][]]>([
    ['empty.Cargo.lock', [], [[undefined, 'Cargo.lock is empty']]],
    ['not-toml.Cargo.lock', [], [[1, 'Cargo.lock is not valid TOML: Invalid TOML document: illegal character in key']]],
    [
      'truncated.Cargo.lock',
      [
        // memchr was cut off, so aho-corasick's edge to it is gone; itoa 0.4.8 was cut mid-entry.
        ['aho-corasick', '1.1.5', false, 5, []],
        ['cfg-if', '1.0.5', true, 24, []],
      ],
      [[33, 'Cargo.lock is not valid TOML: Invalid TOML document: unfinished string']],
    ],
    [
      'unknown-version.Cargo.lock',
      [['anyhow', '1.0.75', true, 10, []]],
      [[1, 'Cargo.lock version 7 is not one Rampart knows (1-4); read as version 4, results may be incomplete']],
    ],
    [
      'missing-fields.Cargo.lock',
      [['bytes', '1.5.0', true, 11, []]],
      [
        [16, 'Cargo.lock: [[package]] entry without a name'],
        [20, 'Cargo.lock: [[package]] entry "noversion" without a version'],
        [3, 'Cargo.lock: dependency "nowhere" of app 0.1.0 is not locked'],
      ],
    ],
  ])('bad input %s: keeps good entries, reports each problem', (name, expected, expectedIssues) => {
    expect(rows(name)).toEqual(expected);
    expect(issues(name)).toEqual(
      expectedIssues.map(([line, message]) => [line, message, 'unparsable', 'deps', `sub/${name}`]),
    );
  });

  it('never throws on odd shapes', () => {
    for (const content of ['package = 3', 'package = [1, "x"]', '[[package]]\nname = 1\nversion = 2\ndependencies = "x"', 'version = "four"']) {
      expect(() => extractor.extract({ path: 'Cargo.lock', content })).not.toThrow();
    }
  });
});
