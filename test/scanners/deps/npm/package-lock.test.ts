import { describe, expect, it } from 'vitest';
import { extractor } from '../../../../src/scanners/deps/ecosystems/npm/package-lock.js';
import { applyManifest } from '../../../../src/scanners/deps/ecosystems/npm/manifest.js';
import { issueSummary, run, summary, fixture } from './helpers.js';

// v1, v2 and v3 are real npm 11 output for the same project: a root with two dependencies, two
// devDependencies (one scoped), an optional dependency, and workspace packages/lib (@shop/lib)
// that needs debug@2.6.9 while the root has debug@4 (nested copies), and is-odd that needs
// is-number@6 while the root's dev is-number is 7.
const SHOP = [
  '@types/ms@0.7.34 direct dev L29',
  'debug@4.4.3 direct prod L35 -> ms@2.1.3',
  'fsevents@2.3.3 direct prod L51',
  'is-number@7.0.0 direct dev L63',
  'is-odd@3.0.1 direct prod L72 -> is-number@6.0.0',
  'is-number@6.0.0 transitive prod L83',
  'ms@2.1.3 transitive prod L91',
  'debug@2.6.9 direct prod L103 -> ms@2.0.0',
  'ms@2.0.0 transitive prod L111',
];

const cases: Array<{ name: string; file: string; path?: string; packages: string[]; issues: string[] }> = [
  { name: 'v3 (npm 11)', file: 'package-lock/v3.json', packages: SHOP, issues: [] },
  { name: 'v2 (npm 11 --lockfile-version 2) reads `packages`', file: 'package-lock/v2.json', packages: SHOP, issues: [] },
  {
    name: 'npm-shrinkwrap.json',
    file: 'package-lock/npm-shrinkwrap.json',
    path: 'tools/cli/npm-shrinkwrap.json',
    packages: SHOP,
    issues: [],
  },
  {
    name: 'v1: nested dependencies, requires resolved through the nesting; unrequired top-level entries are direct',
    file: 'package-lock/v1.json',
    packages: [
      'debug@2.6.9 direct prod L13 -> ms@2.0.0',
      'ms@2.0.0 transitive prod L20',
      '@types/ms@0.7.34 direct dev L26',
      'debug@4.4.3 direct prod L31 -> ms@2.1.3',
      'fsevents@2.3.3 direct prod L38',
      'is-number@7.0.0 direct dev L43',
      'is-odd@3.0.1 direct prod L48 -> is-number@6.0.0',
      'is-number@6.0.0 transitive prod L55',
      'ms@2.1.3 transitive prod L61',
    ],
    issues: [],
  },
  {
    name: 'v3 edge cases: alias, bundled, peer, devOptional, git, file: link outside workspaces, unresolvable dependency',
    file: 'package-lock/v3-edge.json',
    packages: [
      'left-pad@1.3.0 transitive prod L31',
      '@babel/core@7.23.0 direct dev L36 -> @babel/helper-plugin@7.22.5, debug@4.3.4',
      'debug@4.3.4 transitive dev L44 -> ms@2.1.2',
      // devOptional: installed by a production install with optional dependencies, so not dev
      '@babel/helper-plugin@7.22.5 transitive prod L51 -> @babel/core@7.23.0',
      '@esbuild/linux-x64@0.19.12 direct prod L58',
      'loose-envify@1.4.0 transitive prod L75 -> js-tokens@4.0.0',
      'js-tokens@4.0.0 transitive prod L81',
      'ms@2.1.2 transitive prod L84',
      // "my-lodash": "npm:lodash@^4.17.21": reported under the real name
      'lodash@4.17.21 direct prod L87',
      'npm-bundle@1.0.0 direct prod L92 -> abbrev@2.0.0',
      'abbrev@2.0.0 transitive prod L100',
      // a devDependency that react-dom needs as a peer: npm does not flag it dev
      'react@18.2.0 direct prod L104 -> loose-envify@1.4.0',
      'react-dom@18.2.0 direct prod L110 -> loose-envify@1.4.0, react@18.2.0, scheduler@0.23.0',
      'scheduler@0.23.0 transitive prod L120 -> loose-envify@1.4.0',
    ],
    issues: [],
  },
  { name: 'empty file', file: 'package-lock/empty.json', packages: [], issues: ['L1 package-lock.json: empty file'] },
  {
    name: 'not JSON',
    file: 'package-lock/not-json.json',
    packages: [],
    issues: ["L1 package-lock.json: unexpected character 'l'"],
  },
  {
    name: 'truncated: the entries before the cut, and the line of the cut',
    file: 'package-lock/truncated.json',
    packages: [
      '@types/ms@0.7.34 direct dev L29',
      'debug@4.4.3 direct prod L35',
      'fsevents@2.3.3 direct prod L51',
      'is-number@7.0.0 direct dev L63',
      'is-odd@3.0.1 direct prod L72 -> is-number@6.0.0',
      'is-number@6.0.0 transitive prod L83',
    ],
    issues: ['L85 package-lock.json: unterminated string'],
  },
  {
    name: 'unknown lockfileVersion: issue, read best effort',
    file: 'package-lock/unknown-version.json',
    packages: ['ms@2.1.3 direct prod L6'],
    issues: ['L1 package-lock.json: unknown lockfileVersion 4; read best effort'],
  },
  {
    name: 'missing fields: bad entries named with their line, good ones kept',
    file: 'package-lock/missing-fields.json',
    packages: ['ms@2.1.3 direct prod L10'],
    issues: [
      'L6 package-lock.json: entry "node_modules/debug" has no version',
      'L9 package-lock.json: entry "node_modules/weird" is not an object',
    ],
  },
];

describe('npm/package-lock', () => {
  it.each(cases)('$name', ({ file, path, packages, issues }) => {
    const r = run(extractor, file, path ?? 'package-lock.json');
    expect(summary(r.packages)).toEqual(packages);
    expect(issueSummary(r)).toEqual(issues);
    for (const i of r.issues) expect(i).toMatchObject({ kind: 'unparsable', scanner: 'deps', path: path ?? 'package-lock.json' });
  });

  it('fills every Package field', () => {
    const r = run(extractor, 'package-lock/v3.json', 'app/package-lock.json');
    expect(r.packages[0]).toEqual({
      ecosystem: 'npm',
      name: '@types/ms',
      version: '0.7.34',
      purl: 'pkg:npm/%40types/ms@0.7.34',
      direct: true,
      dev: true,
      pinned: true,
      source: 'app/package-lock.json',
      line: 29,
      dependsOn: [],
      license: 'MIT', // package-lock v2+ copies package.json `license`
    });
    expect(r.packages.find((p) => p.name === 'debug' && p.version === '4.4.3')?.purl).toBe('pkg:npm/debug@4.4.3');
  });

  it('accepts package-lock.json and npm-shrinkwrap.json only', () => {
    expect(extractor.accepts('package-lock.json')).toBe(true);
    expect(extractor.accepts('a/b/npm-shrinkwrap.json')).toBe(true);
    expect(extractor.accepts('a/package.json')).toBe(false);
    expect(extractor.accepts('node_modules/.package-lock.json')).toBe(false);
    expect(extractor.accepts('package-lock.json.bak')).toBe(false);
  });

  it('v1 with package.json: exact direct and dev', () => {
    const r = applyManifest(run(extractor, 'package-lock/v1.json', 'package-lock.json'), fixture('package-lock/package.json'));
    const direct = r.packages.filter((p) => p.direct).map((p) => `${p.name}@${p.version}${p.dev ? ' dev' : ''}`);
    // the workspace's debug@2.6.9 is not in the root manifest (yarn-style workspaces need their manifests)
    expect(direct).toEqual(['@types/ms@0.7.34 dev', 'debug@4.4.3', 'fsevents@2.3.3', 'is-number@7.0.0 dev', 'is-odd@3.0.1']);
  });

  it('never throws on hostile input', () => {
    const inputs = ['[', '{"packages": 5}', '{"lockfileVersion": 3, "packages": {"node_modules/a": null}}', '['.repeat(100000), '"\\', '\u0000'];
    for (const content of inputs) {
      const r = extractor.extract({ path: 'package-lock.json', content });
      expect(r.issues.length).toBeGreaterThan(0);
    }
  });
});
