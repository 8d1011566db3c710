import { describe, expect, it } from 'vitest';
import { applyManifest, extractor } from '../../../../src/scanners/deps/ecosystems/npm/yarn-lock.js';
import { fixture, issueSummary, run, summary } from './helpers.js';

// v1.lock is real yarn 1.22 output and berry.lock real yarn 4 output (nodeLinker node-modules)
// for the project in package.json (workspace packages/lib needs debug@2.6.9). Berry also pulls
// node-gyp for its fsevents compatibility patch.
const only = (lines: string[], names: RegExp) => lines.filter((l) => names.test(l));
const SHOP_NAMES = /^(@types\/ms|debug|fsevents|is-number|is-odd|ms)@/;

describe('npm/yarn-lock: extract', () => {
  it('v1: descriptors resolve dependencies; without package.json, packages nothing depends on are direct', () => {
    const r = run(extractor, 'yarn/v1.lock', 'yarn.lock');
    expect(summary(r.packages)).toEqual([
      '@types/ms@0.7.34 direct prod L5',
      'debug@2.6.9 direct prod L10 -> ms@2.0.0',
      'debug@4.4.3 direct prod L17 -> ms@2.1.3',
      'fsevents@2.3.3 direct prod L24',
      'is-number@6.0.0 transitive prod L29',
      'is-number@7.0.0 direct prod L34',
      'is-odd@3.0.1 direct prod L39 -> is-number@6.0.0',
      'ms@2.0.0 transitive prod L46',
      'ms@2.1.3 transitive prod L51',
    ]);
    expect(r.issues).toEqual([]);
    expect(r.packages[0]!.purl).toBe('pkg:npm/%40types/ms@0.7.34');
  });

  it('Berry: npm: resolutions, a patch: as its package, workspaces give direct dependencies', () => {
    const r = run(extractor, 'yarn/berry.lock', 'yarn.lock');
    expect(only(summary(r.packages), SHOP_NAMES)).toEqual([
      '@types/ms@0.7.34 direct prod L25',
      'debug@2.6.9 direct prod L46 -> ms@2.0.0',
      'debug@4.4.3 direct prod L55 -> ms@2.1.3',
      'fsevents@2.3.3 direct prod L93 -> node-gyp@13.1.0',
      'is-number@6.0.0 transitive prod L119',
      'is-number@7.0.0 direct prod L126',
      'is-odd@3.0.1 direct prod L133 -> is-number@6.0.0',
      'ms@2.0.0 transitive prod L165',
      'ms@2.1.3 transitive prod L172',
    ]);
    expect(r.packages).toHaveLength(29);
    expect(r.packages.some((p) => p.name === 'shop-api' || p.name === '@shop/lib')).toBe(false);
    expect(r.issues).toEqual([]);
  });

  it('v1 edge cases: multi-descriptor headers, npm: alias, git and file: entries skipped', () => {
    const r = run(extractor, 'yarn/v1-edge.lock', 'yarn.lock');
    expect(summary(r.packages)).toEqual([
      '@babel/code-frame@7.22.13 direct prod L5 -> @babel/highlight@7.22.20, chalk@2.4.2',
      '@babel/highlight@7.22.20 transitive prod L13 -> chalk@2.4.2',
      'chalk@2.4.2 transitive prod L19',
    ]);
  });

  const broken: Array<{ name: string; file: string; packages: string[]; issues: string[] }> = [
    {
      name: 'v1 with a bad header, an entry without version and a truncated last line',
      file: 'yarn/v1-broken.lock',
      packages: ['ms@2.1.3 direct prod L4', 'is-number@7.0.0 direct prod L15'],
      issues: [
        "L7 yarn.lock: expected an entry header ending in ':'",
        'L17 yarn.lock: unterminated string in "resolved"',
        'L10 yarn.lock: entry "debug@^4.3.4" has no version',
      ],
    },
    { name: 'binary junk', file: 'yarn/not-a-lockfile.lock', packages: [], issues: ["L1 yarn.lock: expected an entry header ending in ':'"] },
    {
      name: 'Berry with an unknown __metadata.version and an entry without resolution',
      file: 'yarn/berry-unknown.lock',
      packages: ['ms@2.1.3 transitive prod L5'],
      issues: ['L1 yarn.lock: unknown __metadata.version "99"; read best effort', 'L11 yarn.lock: entry "debug@npm:^4.3.4" has no resolution'],
    },
    {
      name: 'Berry truncated inside an entry',
      file: 'yarn/berry-truncated.lock',
      packages: [
        '@isaacs/fs-minipass@4.0.1 transitive prod L8',
        '@types/ms@0.7.34 transitive prod L25',
        'abbrev@5.0.0 transitive prod L32',
        'chownr@3.0.0 transitive prod L39',
      ],
      issues: ['L46 yarn.lock: entry "debug@npm:2.6.9" has no resolution'],
    },
  ];
  it.each(broken)('$name', ({ file, packages, issues }) => {
    const r = run(extractor, file, 'yarn.lock');
    expect(summary(r.packages)).toEqual(packages);
    expect(issueSummary(r)).toEqual(issues);
  });

  it('empty and JSON files are issues, not packages', () => {
    for (const content of ['', '  \n', '{"lockfileVersion": 3}']) {
      const r = extractor.extract({ path: 'yarn.lock', content });
      expect(r.packages).toEqual([]);
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ kind: 'unparsable', scanner: 'deps', path: 'yarn.lock', line: 1 });
    }
  });

  it('accepts yarn.lock only', () => {
    expect(extractor.accepts('web/yarn.lock')).toBe(true);
    expect(extractor.accepts('yarn.lock.orig')).toBe(false);
  });
});

describe('npm/yarn-lock: applyManifest', () => {
  const summarise = (lines: string[]) => only(lines, SHOP_NAMES).map((l) => l.replace(/ L\d+.*/, ''));
  const SHOP = [
    '@types/ms@0.7.34 direct dev',
    'debug@2.6.9 transitive prod', // the workspace's: its manifest is not given
    'debug@4.4.3 direct prod',
    'fsevents@2.3.3 direct prod',
    'is-number@6.0.0 transitive prod',
    'is-number@7.0.0 direct dev',
    'is-odd@3.0.1 direct prod',
    'ms@2.0.0 transitive prod', // reached by nothing declared here: unknown, so not dev
    'ms@2.1.3 transitive prod',
  ];

  it('v1: the root package.json decides direct and dev', () => {
    const r = applyManifest(run(extractor, 'yarn/v1.lock', 'yarn.lock'), fixture('yarn/package.json'));
    expect(summarise(summary(r.packages))).toEqual(SHOP);
  });

  it('v1: workspace manifests make their dependencies direct', () => {
    const lib = { name: '@shop/lib', dependencies: { debug: '2.6.9' } };
    const r = applyManifest(run(extractor, 'yarn/v1.lock', 'yarn.lock'), fixture('yarn/package.json'), { workspaces: [lib] });
    const s = summarise(summary(r.packages));
    expect(s).toContain('debug@2.6.9 direct prod');
    expect(s).toContain('ms@2.0.0 transitive prod');
  });

  it('Berry: workspaces recorded in the lockfile stay direct; the root manifest marks dev', () => {
    const r = applyManifest(run(extractor, 'yarn/berry.lock', 'yarn.lock'), fixture('yarn/package.json'));
    expect(summarise(summary(r.packages))).toEqual(
      SHOP.map((l) => (l.startsWith('debug@2.6.9') ? 'debug@2.6.9 direct prod' : l)),
    );
    expect(r.packages.find((p) => p.name === 'node-gyp')).toMatchObject({ direct: false, dev: false });
  });

  it('an npm: alias in package.json is matched to the real package', () => {
    const r = applyManifest(run(extractor, 'yarn/v1-edge.lock', 'yarn.lock'), fixture('yarn/v1-edge.package.json'));
    expect(summary(r.packages).map((l) => l.replace(/ L\d+.*/, ''))).toEqual([
      '@babel/code-frame@7.22.13 direct prod',
      '@babel/highlight@7.22.20 transitive prod',
      'chalk@2.4.2 direct prod', // declared dev as chalk, prod as my-chalk
    ]);
  });

  it('a manifest that is not JSON adds an issue and changes nothing', () => {
    const before = run(extractor, 'yarn/v1.lock', 'web/yarn.lock');
    const r = applyManifest(before, '{ nope');
    expect(r.packages).toEqual(before.packages);
    expect(r.issues).toEqual([{ path: 'web/package.json', kind: 'unparsable', message: 'package.json: not a JSON object', scanner: 'deps' }]);
  });

  it('does not modify its input', () => {
    const before = run(extractor, 'yarn/v1.lock', 'yarn.lock');
    const copy = structuredClone(before);
    applyManifest(before, fixture('yarn/package.json'));
    expect(before).toEqual(copy);
  });
});
