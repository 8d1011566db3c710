import { describe, expect, it } from 'vitest';
import { extractor } from '../../../../src/scanners/deps/ecosystems/npm/pnpm-lock.js';
import { fastParse, libraryParse } from '../../../../src/scanners/deps/ecosystems/npm/lock-yaml.js';
import { fixture, issueSummary, run, summary } from './helpers.js';

// v5.yaml (pnpm 7, lockfileVersion 5.4), v6.yaml (pnpm 8) and v9.yaml (pnpm 9) are real output
// for one workspace: root + packages/lib (@shop/lib) that depends on react-dom 18.2.0 with react
// as a devDependency and peer, so react-dom has a peer suffix and react is prod via react-dom.
const SHOP = (lines: number[]) =>
  [
    '@types/ms@0.7.34 direct dev',
    'debug@2.6.9 direct prod',
    'debug@4.4.3 direct prod',
    'fsevents@2.3.3 direct prod',
    'is-number@6.0.0 transitive prod',
    'is-number@7.0.0 direct dev',
    'is-odd@3.0.1 direct prod',
    'js-tokens@4.0.0 transitive prod',
    'loose-envify@1.4.0 transitive prod',
    'ms@2.0.0 transitive prod',
    'ms@2.1.3 transitive prod',
    'react-dom@18.2.0 direct prod',
    'react@18.2.0 direct prod',
    'scheduler@0.23.2 transitive prod',
  ].map((s, i) => `${s} L${lines[i]!}${DEPS[s.split(' ')[0]!] ?? ''}`);
const DEPS: Record<string, string> = {
  'debug@2.6.9': ' -> ms@2.0.0',
  'debug@4.4.3': ' -> ms@2.1.3',
  'is-odd@3.0.1': ' -> is-number@6.0.0',
  'loose-envify@1.4.0': ' -> js-tokens@4.0.0',
  'react-dom@18.2.0': ' -> loose-envify@1.4.0, react@18.2.0, scheduler@0.23.2',
  'react@18.2.0': ' -> loose-envify@1.4.0',
  'scheduler@0.23.2': ' -> loose-envify@1.4.0',
};

const cases: Array<{ name: string; file: string; packages: string[]; issues: string[] }> = [
  { name: 'v5.4 (pnpm 7): /name/version_peer keys', file: 'pnpm/v5.yaml', packages: SHOP([34, 38, 49, 61, 69, 74, 79, 86, 89, 95, 99, 103, 113, 119]), issues: [] },
  { name: 'v6 (pnpm 8): /name@version(peer) keys', file: 'pnpm/v6.yaml', packages: SHOP([44, 48, 59, 71, 79, 84, 89, 96, 99, 105, 109, 113, 123, 129]), issues: [] },
  { name: 'v9 (pnpm 9): packages + snapshots', file: 'pnpm/v9.yaml', packages: SHOP([44, 47, 55, 64, 69, 73, 77, 81, 84, 88, 91, 94, 99, 103]), issues: [] },
  {
    name: 'v5.3 single project: top-level specifiers and dependencies, an aliased /qs/6.11.0',
    file: 'pnpm/v5-single.yaml',
    packages: [
      '@types/node@18.19.3 direct dev L17 -> undici-types@5.26.5',
      'express@4.18.2 direct prod L23 -> qs@6.11.0',
      'qs@6.11.0 direct prod L30',
      'undici-types@5.26.5 transitive dev L35',
    ],
    issues: [],
  },
  {
    name: 'v9 edge cases: workspace link, npm: alias, git tarball, nested peer suffixes, two peer variants',
    file: 'pnpm/v9-edge.yaml',
    packages: [
      '@testing-library/react@14.1.2 direct dev L36 -> react-dom@18.2.0, react@18.2.0',
      'js-tokens@4.0.0 transitive prod L47',
      'loose-envify@1.4.0 transitive prod L50 -> js-tokens@4.0.0',
      'react-dom@18.2.0 direct prod L54 -> loose-envify@1.4.0, react@18.2.0, scheduler@0.23.0',
      'react@18.2.0 direct prod L59 -> loose-envify@1.4.0',
      'scheduler@0.23.0 transitive prod L63 -> loose-envify@1.4.0',
      'string-width@4.2.3 direct prod L66',
    ],
    issues: [],
  },
  { name: 'empty file', file: 'pnpm/empty.yaml', packages: [], issues: ['L1 pnpm-lock.yaml: empty file'] },
  {
    name: 'truncated: entries before the cut, dev only where importers say so',
    file: 'pnpm/truncated.yaml',
    packages: [
      '@types/ms@0.7.34 direct dev L44',
      'debug@2.6.9 direct prod L47',
      'debug@4.4.3 direct prod L55',
      'fsevents@2.3.3 direct prod L64',
      'is-number@6.0.0 transitive prod L69',
      'is-number@7.0.0 direct dev L73',
    ],
    issues: ['L74 pnpm-lock.yaml: Flow map in block collection must be sufficiently indented and end with a }'],
  },
  {
    name: 'not YAML',
    file: 'pnpm/not-yaml.yaml',
    packages: [],
    issues: [
      'L1 pnpm-lock.yaml: Implicit keys of flow sequence pairs need to be on a single line',
      'L3 pnpm-lock.yaml: Flow map in block collection must be sufficiently indented and end with a }',
      'L3 pnpm-lock.yaml: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    name: 'unknown lockfileVersion: issue, read as v9',
    file: 'pnpm/unknown-version.yaml',
    packages: SHOP([44, 47, 55, 64, 69, 73, 77, 81, 84, 88, 91, 94, 99, 103]),
    issues: ['L1 pnpm-lock.yaml: unknown lockfileVersion "10.0"; read best effort'],
  },
  {
    name: 'missing fields: a key without version',
    file: 'pnpm/missing-fields.yaml',
    packages: ['ms@2.1.3 transitive prod L5', 'debug@4.4.3 transitive prod L10'],
    issues: ['L7 pnpm-lock.yaml: cannot read the package key "@types/ms"'],
  },
];

describe('npm/pnpm-lock', () => {
  it.each(cases)('$name', ({ file, packages, issues }) => {
    const r = run(extractor, file, 'pnpm-lock.yaml');
    expect(summary(r.packages)).toEqual(packages);
    expect(issueSummary(r)).toEqual(issues);
  });

  it('purl and source', () => {
    const r = run(extractor, 'pnpm/v9.yaml', 'apps/web/pnpm-lock.yaml');
    expect(r.packages[0]).toMatchObject({ purl: 'pkg:npm/%40types/ms@0.7.34', source: 'apps/web/pnpm-lock.yaml', pinned: true, ecosystem: 'npm' });
  });

  it('never throws on hostile input', () => {
    for (const content of ['[1, 2]', 'a: &x [*x]', '- a\n- b', '\t\tkey: 1', 'lockfileVersion: 9.0\npackages: 5', '{'.repeat(5000)]) {
      const r = extractor.extract({ path: 'pnpm-lock.yaml', content });
      expect(r.packages).toEqual([]);
    }
  });
});

describe('lock YAML reader', () => {
  const files = ['pnpm/v5.yaml', 'pnpm/v6.yaml', 'pnpm/v9.yaml', 'pnpm/v5-single.yaml', 'pnpm/v9-edge.yaml', 'yarn/berry.lock'];
  it.each(files)('the fast reader agrees with the yaml library on %s', (f) => {
    const text = fixture(f);
    const fast = fastParse(text);
    const lib = libraryParse(text);
    // the fast reader keeps plain numbers as strings (a version `1.0` is not the number 1)
    const norm = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? String(x) : x))) as unknown;
    expect(norm(fast.value)).toEqual(norm(lib.value));
    const sections = ['packages', 'snapshots', 'importers'];
    for (const s of sections) {
      const a = fast.value?.[s] as Record<string, object> | undefined;
      const b = lib.value?.[s] as Record<string, object> | undefined;
      if (!a || !b) continue;
      for (const k of Object.keys(a)) {
        if (typeof a[k] === 'object' && a[k] !== null) expect(fast.lineOf(a[k])).toBe(lib.lineOf(b[k]!));
      }
    }
  });

  it('falls back to the library for YAML outside the lockfile subset', () => {
    expect(() => fastParse('a:\n  - 1\n  - 2\n')).toThrow();
    expect(() => fastParse('a: &anchor 1\n')).toThrow();
    expect(() => fastParse('a: |\n  text\n')).toThrow();
    expect(() => fastParse('a:\n    b: 1\n  c: 2\n')).toThrow();
  });
});
