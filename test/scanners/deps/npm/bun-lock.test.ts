import { describe, expect, it } from 'vitest';
import { extractor } from '../../../../src/scanners/deps/ecosystems/npm/bun-lock.js';
import { issueSummary, run, summary } from './helpers.js';

// bun.lock is real bun 1.2 output for the same workspace as the pnpm fixtures.
const cases: Array<{ name: string; file: string; path?: string; packages: string[]; issues: string[] }> = [
  {
    name: 'bun.lock (bun 1.2): path keys resolve nested copies; workspaces give direct and dev',
    file: 'bun/bun.lock',
    packages: [
      '@types/ms@0.7.34 direct dev L36',
      'debug@4.4.3 direct prod L38 -> ms@2.1.3',
      'fsevents@2.3.3 direct prod L40',
      'is-number@7.0.0 direct dev L42',
      'is-odd@3.0.1 direct prod L44 -> is-number@6.0.0',
      'js-tokens@4.0.0 transitive prod L46',
      'loose-envify@1.4.0 transitive prod L48 -> js-tokens@4.0.0',
      'ms@2.1.3 transitive prod L50',
      'react@18.2.0 direct prod L52 -> loose-envify@1.4.0',
      'react-dom@18.2.0 direct prod L54 -> loose-envify@1.4.0, react@18.2.0, scheduler@0.23.2',
      'scheduler@0.23.2 transitive prod L56 -> loose-envify@1.4.0',
      'debug@2.6.9 direct prod L58 -> ms@2.0.0',
      'is-number@6.0.0 transitive prod L60',
      'ms@2.0.0 transitive prod L62',
    ],
    issues: [],
  },
  {
    name: 'comments, trailing commas, an alias, a git package, a bad entry',
    file: 'bun/comments.lock',
    packages: ['ms@2.1.3 direct prod L13', 'ms@2.0.0 direct dev L15'],
    issues: ['L16 bun.lock: package "broken" is not a ["name@version", ...] array'],
  },
  {
    name: 'truncated',
    file: 'bun/truncated.lock',
    packages: [
      '@types/ms@0.7.34 direct dev L36',
      'debug@4.4.3 direct prod L38',
      'fsevents@2.3.3 direct prod L40',
      'is-number@7.0.0 direct dev L42',
      'is-odd@3.0.1 direct prod L44',
    ],
    issues: ['L44 bun.lock: unexpected end of file'],
  },
  { name: 'empty', file: 'bun/empty.lock', packages: [], issues: ['L1 bun.lock: empty file'] },
  { name: 'not JSON', file: 'bun/not-json.lock', packages: [], issues: ["L1 bun.lock: unexpected character 'n'"] },
  {
    name: 'binary bun.lockb',
    file: 'bun/bun.lockb',
    path: 'bun.lockb',
    packages: [],
    issues: ['L? binary bun.lockb is not supported; run `bun install --save-text-lockfile` to write bun.lock'],
  },
];

describe('npm/bun-lock', () => {
  it.each(cases)('$name', ({ file, path, packages, issues }) => {
    const r = run(extractor, file, path ?? 'bun.lock');
    expect(summary(r.packages)).toEqual(packages);
    expect(issueSummary(r)).toEqual(issues);
    for (const i of r.issues) expect(i).toMatchObject({ kind: 'unparsable', scanner: 'deps' });
  });

  it('accepts bun.lock and bun.lockb', () => {
    expect(extractor.accepts('bun.lock')).toBe(true);
    expect(extractor.accepts('x/bun.lockb')).toBe(true);
    expect(extractor.accepts('bun.lock.json')).toBe(false);
  });

  it('an unknown lockfileVersion is an issue, read best effort', () => {
    const r = extractor.extract({ path: 'bun.lock', content: '{"lockfileVersion": 7, "packages": {"ms": ["ms@2.1.3", "", {}, ""]}}' });
    expect(summary(r.packages)).toEqual(['ms@2.1.3 transitive prod L1']);
    expect(issueSummary(r)).toEqual(['L1 bun.lock: unknown lockfileVersion 7; read best effort']);
  });
});
