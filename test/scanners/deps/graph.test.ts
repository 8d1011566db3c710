import { describe, expect, it } from 'vitest';
import { chains, markDev } from '../../../src/scanners/deps/graph.js';
import type { Package } from '../../../src/scanners/deps/package.js';

/** `pkg('a@1', ['b@1'], { direct: true })` */
function pkg(key: string, deps: string[] = [], o: { direct?: boolean; dev?: boolean } = {}): Package {
  const at = key.lastIndexOf('@');
  return {
    ecosystem: 'npm',
    name: key.slice(0, at),
    version: key.slice(at + 1),
    purl: `pkg:npm/${key}`,
    direct: o.direct ?? false,
    dev: o.dev ?? false,
    pinned: true,
    source: 'package-lock.json',
    dependsOn: deps,
  };
}

describe('chains', () => {
  it('shortest chain from a direct dependency', () => {
    const g = [
      pkg('express@4.17.1', ['body-parser@1.19.0', 'qs@6.7.0'], { direct: true }),
      pkg('body-parser@1.19.0', ['qs@6.7.0', 'raw-body@2.4.0']),
      pkg('raw-body@2.4.0', ['bytes@3.1.0']),
      pkg('bytes@3.1.0'),
      pkg('qs@6.7.0'),
    ];
    const c = chains(g);
    expect(c.get('express@4.17.1')).toEqual(['express@4.17.1']);
    expect(c.get('qs@6.7.0')).toEqual(['express@4.17.1', 'qs@6.7.0']);
    expect(c.get('bytes@3.1.0')).toEqual(['express@4.17.1', 'body-parser@1.19.0', 'raw-body@2.4.0', 'bytes@3.1.0']);
  });

  it('cycles terminate and still give shortest chains', () => {
    const g = [pkg('a@1', ['b@1'], { direct: true }), pkg('b@1', ['c@1']), pkg('c@1', ['a@1', 'b@1', 'd@1']), pkg('d@1', ['d@1'])];
    const c = chains(g);
    expect(c.get('d@1')).toEqual(['a@1', 'b@1', 'c@1', 'd@1']);
    expect(c.get('a@1')).toEqual(['a@1']);
    expect(c.size).toBe(4);
  });

  it('prefers a production chain over a shorter one through a devDependency', () => {
    const g = [
      pkg('jest@29.0.0', ['minimist@1.2.0'], { direct: true, dev: true }),
      pkg('app-lib@1.0.0', ['mid@1.0.0'], { direct: true }),
      pkg('mid@1.0.0', ['minimist@1.2.0']),
      pkg('minimist@1.2.0'),
    ];
    expect(chains(g).get('minimist@1.2.0')).toEqual(['app-lib@1.0.0', 'mid@1.0.0', 'minimist@1.2.0']);
  });

  it('packages no direct dependency reaches have no chain; unknown keys in dependsOn are ignored', () => {
    const g = [pkg('a@1', ['ghost@9'], { direct: true }), pkg('orphan@1', ['a@1'])];
    const c = chains(g);
    expect([...c.keys()]).toEqual(['a@1']);
  });

  it('empty input', () => {
    expect(chains([]).size).toBe(0);
  });
});

describe('markDev', () => {
  it('dev when every path from the project goes through a devDependency', () => {
    const g = [
      pkg('react@18.2.0', ['loose-envify@1.4.0']),
      pkg('jest@29.0.0', ['chalk@4.1.2', 'loose-envify@1.4.0']),
      pkg('loose-envify@1.4.0', ['js-tokens@4.0.0']),
      pkg('js-tokens@4.0.0'),
      pkg('chalk@4.1.2', ['chalk@4.1.2']),
    ];
    markDev(g, ['react@18.2.0'], ['jest@29.0.0']);
    expect(g.filter((p) => p.dev).map((p) => `${p.name}@${p.version}`)).toEqual(['jest@29.0.0', 'chalk@4.1.2']);
  });

  it('a package neither root reaches stays not dev when dev roots are given (unknown is not dev)', () => {
    const g = [pkg('a@1'), pkg('b@1'), pkg('c@1')];
    markDev(g, ['a@1'], ['b@1']);
    expect(g.map((p) => p.dev)).toEqual([false, true, false]);
    markDev(g, ['a@1']);
    expect(g.map((p) => p.dev)).toEqual([false, true, true]);
  });

  it('cycles between dev and prod packages', () => {
    const g = [pkg('p@1', ['x@1'], { direct: true }), pkg('d@1', ['y@1'], { direct: true }), pkg('x@1', ['y@1']), pkg('y@1', ['x@1'])];
    markDev(g, ['p@1'], ['d@1']);
    expect(g.map((p) => p.dev)).toEqual([false, true, false, false]);
  });
});
