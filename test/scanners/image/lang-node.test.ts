import { describe, expect, it } from 'vitest';
import { nodeAnalyzer } from '../../../src/scanners/image/lang/node.js';

const file = (path: string) => ({ path, type: 'file' as const, size: 200, mode: 0o644 });
const json = (v: unknown) => Buffer.from(JSON.stringify(v, null, 2));

describe('image/lang/node', () => {
  it('wants package.json files of installed packages only', () => {
    for (const p of [
      'app/node_modules/express/package.json',
      'app/node_modules/@babel/core/package.json',
      'app/node_modules/a/node_modules/b/package.json',
      'usr/lib/node_modules/npm/package.json',
      'usr/local/lib/node_modules/corepack/package.json',
      'app/node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json',
      'node_modules/left-pad/package.json',
    ]) {
      expect(nodeAnalyzer.wants(file(p)), p).toBe(true);
    }
    for (const p of [
      'app/package.json', // the application itself
      'app/node_modules/express/lib/package.json', // inside a package
      'app/node_modules/.bin/package.json',
      'app/node_modules/package.json',
      'app/node_modules/@babel/package.json',
      'app/node_modules/express/package.json.bak',
    ]) {
      expect(nodeAnalyzer.wants(file(p)), p).toBe(false);
    }
    expect(nodeAnalyzer.wants({ ...file('app/node_modules/express/package.json'), type: 'symlink' })).toBe(false);
  });

  it('reads name, version and licence of an installed package', async () => {
    const out = await nodeAnalyzer.analyze({
      path: 'usr/src/app/node_modules/@babel/core/package.json',
      mode: 0o644,
      content: json({ name: '@babel/core', version: '7.23.2', license: 'MIT', description: 'Babel compiler core.', _resolved: 'https://registry.npmjs.org/@babel/core/-/core-7.23.2.tgz' }),
    });
    expect(out.issues).toBeUndefined();
    expect(out.packages).toEqual([
      {
        ecosystem: 'npm',
        name: '@babel/core',
        version: '7.23.2',
        purl: 'pkg:npm/%40babel/core@7.23.2',
        direct: false,
        dev: false,
        pinned: true,
        source: 'usr/src/app/node_modules/@babel/core/package.json',
        license: 'MIT',
      },
    ]);
  });

  it('reads old licence shapes and leaves non-SPDX licences out', async () => {
    const one = await nodeAnalyzer.analyze({ path: 'node_modules/a/package.json', mode: 0o644, content: json({ name: 'a', version: '1.0.0', license: { type: 'ISC' } }) });
    expect(one.packages?.[0]?.license).toBe('ISC');
    const list = await nodeAnalyzer.analyze({ path: 'node_modules/b/package.json', mode: 0o644, content: json({ name: 'b', version: '1.0.0', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }) });
    expect(list.packages?.[0]?.license).toBe('MIT OR Apache-2.0');
    const custom = await nodeAnalyzer.analyze({ path: 'node_modules/c/package.json', mode: 0o644, content: json({ name: 'c', version: '2.0.0', license: 'SEE LICENSE IN LICENSE.txt' }) });
    expect(custom.packages?.[0]?.name).toBe('c');
    expect(custom.packages?.[0]?.license).toBeUndefined();
  });

  it('reports the real package name of an aliased install, and a non-registry version as unpinned', async () => {
    const out = await nodeAnalyzer.analyze({ path: 'node_modules/my-lodash/package.json', mode: 0o644, content: json({ name: 'lodash', version: '4.17.20' }) });
    expect(out.packages?.map((p) => `${p.name}@${p.version}`)).toEqual(['lodash@4.17.20']);
    const git = await nodeAnalyzer.analyze({ path: 'node_modules/x/package.json', mode: 0o644, content: json({ name: 'x', version: 'github:user/x#abc' }) });
    expect(git.packages?.[0]?.pinned).toBe(false);
  });

  it('passes over a package.json without a name or version', async () => {
    expect(await nodeAnalyzer.analyze({ path: 'node_modules/stub/package.json', mode: 0o644, content: json({ private: true, type: 'module' }) })).toEqual({});
  });

  it('turns bad JSON into an issue naming the file and line', async () => {
    const out = await nodeAnalyzer.analyze({ path: 'node_modules/broken/package.json', mode: 0o644, content: Buffer.from('{\n  "name": "broken",\n  "version": 1.0.0\n}') });
    expect(out.packages).toBeUndefined();
    expect(out.issues).toHaveLength(1);
    expect(out.issues![0]).toMatchObject({ path: 'node_modules/broken/package.json', kind: 'unparsable', scanner: 'image' });
    expect(out.issues![0]!.message).toMatch(/not valid JSON/);
    expect(out.issues![0]!.line).toBe(3);
    const arr = await nodeAnalyzer.analyze({ path: 'node_modules/arr/package.json', mode: 0o644, content: Buffer.from('[1,2]') });
    expect(arr.issues?.[0]?.message).toMatch(/not a JSON object/);
  });
});
