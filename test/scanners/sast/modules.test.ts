import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extractImports, ModuleResolver } from '../../../src/scanners/sast/ir/modules.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** A temp project and a resolver over its source files. */
function project(files: Record<string, string>, root = '') {
  const dir = trees.make(files);
  const base = join(dir, root);
  const sources = Object.keys(files).filter((f) => SOURCE.test(f)).map((f) => join(dir, f));
  const r = new ModuleResolver({ root: base, files: sources });
  return {
    dir,
    resolve: (from: string, spec: string) => {
      const out = r.resolve(join(dir, from), spec);
      return out === undefined ? undefined : out.slice(dir.length + 1).split('\\').join('/');
    },
  };
}

describe('ModuleResolver: relative paths', () => {
  it('probes extensions in order, then directory index files', () => {
    const p = project({
      'src/a.ts': '', 'src/b.js': '', 'src/c.tsx': '', 'src/d.mjs': '', 'src/e.cts': '',
      'src/lib/index.ts': '', 'src/ui/index.jsx': '', 'src/dup.ts': '', 'src/dup.js': '',
    });
    expect(p.resolve('src/main.ts', './a')).toBe('src/a.ts');
    expect(p.resolve('src/main.ts', './b')).toBe('src/b.js');
    expect(p.resolve('src/main.ts', './c')).toBe('src/c.tsx');
    expect(p.resolve('src/main.ts', './d')).toBe('src/d.mjs');
    expect(p.resolve('src/main.ts', './e')).toBe('src/e.cts');
    expect(p.resolve('src/main.ts', './lib')).toBe('src/lib/index.ts');
    expect(p.resolve('src/main.ts', './ui/')).toBe('src/ui/index.jsx');
    expect(p.resolve('src/deep/x.ts', '../a')).toBe('src/a.ts');
    expect(p.resolve('src/main.ts', './dup')).toBe('src/dup.ts');
    expect(p.resolve('src/main.ts', './b.js')).toBe('src/b.js');
    expect(p.resolve('src/main.ts', './missing')).toBeUndefined();
  });

  it("maps TypeScript's ESM `./x.js` to `./x.ts` (and .mjs → .mts, .cjs → .cts, .jsx → .tsx)", () => {
    const p = project({ 'src/x.ts': '', 'src/y.mts': '', 'src/z.cts': '', 'src/w.tsx': '' });
    expect(p.resolve('src/main.ts', './x.js')).toBe('src/x.ts');
    expect(p.resolve('src/main.ts', './y.mjs')).toBe('src/y.mts');
    expect(p.resolve('src/main.ts', './z.cjs')).toBe('src/z.cts');
    expect(p.resolve('src/main.ts', './w.jsx')).toBe('src/w.tsx');
    expect(p.resolve('src/main.ts', './w.js')).toBe('src/w.tsx');
  });

  it('never resolves outside the scan root, even when the file exists there', () => {
    const p = project({ 'outside.ts': '', 'app/src/a.ts': '', 'app/src/in.ts': '' }, 'app');
    expect(p.resolve('app/src/a.ts', './in')).toBe('app/src/in.ts');
    expect(p.resolve('app/src/a.ts', '../../outside')).toBeUndefined();
    expect(p.resolve('app/src/a.ts', join(p.dir, 'outside.ts'))).toBeUndefined();
  });

  it('leaves packages, builtins and unknown names unresolved', () => {
    const p = project({ 'src/a.ts': '', 'src/express.ts': '' });
    expect(p.resolve('src/a.ts', 'express')).toBeUndefined();
    expect(p.resolve('src/a.ts', 'node:fs')).toBeUndefined();
    expect(p.resolve('src/a.ts', 'fs')).toBeUndefined();
  });
});

describe('ModuleResolver: import cycles', () => {
  it('resolves both directions of a cycle, and a file importing itself, without looping', () => {
    const files = {
      'src/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
      'src/b.ts': "import { a } from './a';\nexport const b = () => a();\n",
      'src/self.ts': "export * from './self';\n",
    };
    const p = project(files);
    expect(extractImports(files['src/a.ts'])).toEqual(['./b.js']);
    expect(p.resolve('src/a.ts', './b.js')).toBe('src/b.ts');
    expect(p.resolve('src/b.ts', './a')).toBe('src/a.ts');
    expect(p.resolve('src/self.ts', extractImports(files['src/self.ts'])[0]!)).toBe('src/self.ts');
  });
});

describe('ModuleResolver: tsconfig paths and baseUrl', () => {
  it('applies `paths` (longest prefix wins, several targets tried) and `baseUrl`', () => {
    const p = project({
      'tsconfig.json': `{
        // comments and trailing commas are fine (JSONC)
        "compilerOptions": {
          "baseUrl": ".",
          "paths": { "@app/*": ["src/app/*"], "@app/db/*": ["src/database/*"], "@shared": ["missing/x", "src/shared/index.ts"], },
        },
      }`,
      'src/app/routes.ts': '', 'src/database/pool.ts': '', 'src/shared/index.ts': '', 'src/util/log.ts': '',
      'src/app/main.ts': '',
    });
    expect(p.resolve('src/app/main.ts', '@app/routes')).toBe('src/app/routes.ts');
    expect(p.resolve('src/app/main.ts', '@app/db/pool')).toBe('src/database/pool.ts');
    expect(p.resolve('src/app/main.ts', '@shared')).toBe('src/shared/index.ts');
    expect(p.resolve('src/app/main.ts', 'src/util/log')).toBe('src/util/log.ts');
    expect(p.resolve('src/app/main.ts', 'lodash')).toBeUndefined();
  });

  it('uses the nearest tsconfig.json and follows a relative `extends`; paths without baseUrl are relative to their config', () => {
    const p = project({
      'tsconfig.base.json': '{ "compilerOptions": { "paths": { "~/*": ["./packages/api/src/*"] } } }',
      'packages/api/tsconfig.json': '{ "extends": "../../tsconfig.base", "compilerOptions": { "strict": true } }',
      'packages/api/src/db.ts': '',
      'packages/api/src/server.ts': '',
      'packages/web/tsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./lib/*"] } } }',
      'packages/web/lib/db.ts': '',
      'packages/web/main.ts': '',
    });
    expect(p.resolve('packages/api/src/server.ts', '~/db')).toBe('packages/api/src/db.ts');
    expect(p.resolve('packages/web/main.ts', '~/db')).toBe('packages/web/lib/db.ts');
  });

  it('without a tsconfig mapping, @/ and ~/ name the nearest source root up from the importer', () => {
    const p = project({
      'api/src/controllers/preview.ts': '', 'api/src/services/fetcher.ts': '', 'api/src/lib/errors.ts': '',
      'web/app/page.tsx': '', 'web/components/card.tsx': '',
    });
    expect(p.resolve('api/src/controllers/preview.ts', '@/services/fetcher.js')).toBe('api/src/services/fetcher.ts');
    expect(p.resolve('api/src/controllers/preview.ts', '~/lib/errors')).toBe('api/src/lib/errors.ts');
    expect(p.resolve('web/app/page.tsx', '@/components/card')).toBe('web/components/card.tsx');
    expect(p.resolve('web/app/page.tsx', '@/missing/x')).toBeUndefined();
    expect(p.resolve('web/app/page.tsx', '@scope/components/card')).toBeUndefined();
  });

  it('a tsconfig mapping of @/ wins over the convention', () => {
    const p = project({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./lib/*"] } } }',
      'lib/util.ts': '', 'src/util.ts': '', 'src/a.ts': '',
    });
    expect(p.resolve('src/a.ts', '@/util')).toBe('lib/util.ts');
  });

  it('does not follow `extends` out of the scan root', () => {
    const p = project({
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
      'app/tsconfig.json': '{ "extends": "../tsconfig.json" }',
      'app/a.ts': '', 'app/b.ts': '',
    }, 'app');
    expect(p.resolve('app/a.ts', 'b')).toBeUndefined();
  });

  it('survives a broken tsconfig.json and an extends cycle', () => {
    const p = project({
      'a/tsconfig.json': '{ "compilerOptions": { "baseUrl": ',
      'a/x.ts': '', 'a/y.ts': '',
      'b/tsconfig.json': '{ "extends": "./other.json", "compilerOptions": { "baseUrl": "." } }',
      'b/other.json': '{ "extends": "./tsconfig.json" }',
      'b/x.ts': '', 'b/y.ts': '',
    });
    expect(p.resolve('a/x.ts', 'y')).toBeUndefined();
    expect(p.resolve('b/x.ts', 'y')).toBe('b/y.ts');
  });
});

describe('ModuleResolver: workspace packages', () => {
  it('resolves a package self-name through exports, main (built path mapped to src) and index', () => {
    const p = project({
      'package.json': '{ "name": "monorepo", "private": true }',
      'packages/db/package.json': '{ "name": "@acme/db", "main": "dist/index.js" }',
      'packages/db/src/index.ts': '',
      'packages/db/src/pool.ts': '',
      'packages/auth/package.json': '{ "name": "@acme/auth", "exports": { ".": { "import": "./lib/main.mjs", "require": "./lib/main.cjs" }, "./tokens": "./lib/tokens.js" } }',
      'packages/auth/lib/main.mjs': '',
      'packages/auth/lib/tokens.js': '',
      'packages/util/package.json': '{ "name": "util-pkg" }',
      'packages/util/index.js': '',
      'apps/web/server.ts': '',
    });
    expect(p.resolve('apps/web/server.ts', '@acme/db')).toBe('packages/db/src/index.ts');
    expect(p.resolve('apps/web/server.ts', '@acme/db/pool')).toBe('packages/db/src/pool.ts');
    expect(p.resolve('apps/web/server.ts', '@acme/auth')).toBe('packages/auth/lib/main.mjs');
    expect(p.resolve('apps/web/server.ts', '@acme/auth/tokens')).toBe('packages/auth/lib/tokens.js');
    expect(p.resolve('apps/web/server.ts', 'util-pkg')).toBe('packages/util/index.js');
    expect(p.resolve('apps/web/server.ts', '@acme/dbx')).toBeUndefined();
  });

  it('takes packages/<name> for a scoped name no package.json names (a partial monorepo checkout), never an unscoped one', () => {
    const p = project({
      'packages/utils/index.js': '',
      'packages/db/src/index.ts': '',
      'packages/db/src/pool.ts': '',
      'packages/named/package.json': '{ "name": "@other/named" }',
      'packages/named/index.js': '',
      'packages/lodash/index.js': '',
      'apps/web/route.js': '',
    });
    expect(p.resolve('apps/web/route.js', '@vulnlab/utils')).toBe('packages/utils/index.js');
    expect(p.resolve('apps/web/route.js', '@vulnlab/db')).toBe('packages/db/src/index.ts');
    expect(p.resolve('apps/web/route.js', '@vulnlab/db/pool')).toBe('packages/db/src/pool.ts');
    // A folder whose package.json names another package, an unscoped name, a missing folder.
    expect(p.resolve('apps/web/route.js', '@vulnlab/named')).toBeUndefined();
    expect(p.resolve('apps/web/route.js', 'lodash')).toBeUndefined();
    expect(p.resolve('apps/web/route.js', '@vulnlab/missing')).toBeUndefined();
  });

  it('ignores packages under node_modules', () => {
    const p = project({
      'node_modules/left/package.json': '{ "name": "left", "main": "index.js" }',
      'node_modules/left/index.js': '',
      'src/a.js': '',
    });
    expect(p.resolve('src/a.js', 'left')).toBeUndefined();
  });
});

describe('extractImports', () => {
  it('finds ESM imports, re-exports, dynamic imports and requires', () => {
    const src = `
import a from './a';
import { b, c as d } from "./b.js";
import * as ns from '../ns';
import './side-effect';
import type { T } from './types';
export * from './star';
export { e } from './e';
const f = require('./f');
const { g } = require("./g").inner;
const h = await import('./h');
const skip = require('./' + name);
`;
    expect(extractImports(src)).toEqual(['./a', './b.js', '../ns', './side-effect', './types', './star', './e', './f', './g', './h']);
  });

  it('skips comments, strings, templates and regex literals', () => {
    const src = [
      "// import x from './commented'",
      "/* require('./block') */",
      "const s = \"import y from './in-string'\";",
      'const t = `require("./in-template") ${ require(\'./in-substitution\') } and ${ { a: 1 }.a } tail`;',
      "const re = /from '.\\/in-regex'/g; const re2 = x.replace(/[/'\"]/g, '');",
      "const ratio = a / b; const c = require('./after-division');",
      'return /import z from ".\\/re2"/.test(s);',
      "const jsx = <p>don't stop</p>;",
      "import w from './after-jsx';",
    ].join('\n');
    expect(extractImports(src)).toEqual(['./in-substitution', './after-division', './after-jsx']);
  });

  it('is linear on pathological input', () => {
    const big = 'a = `${'.repeat(20_000) + '}`'.repeat(20_000) + '\n' + "'unterminated\n".repeat(50_000) + "import q from './q';";
    const cpu = cpuTimed(() => {
      expect(extractImports(big)).toEqual(['./q']);
    });
    expect(cpu.ms).toBeLessThan(2000);
  });
});

describe('ModuleResolver reading files', () => {
  it('does not read a tsconfig.json that is a symlink out of the root', async () => {
    const { symlinkSync } = await import('node:fs');
    const outside = trees.make({ 'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }' });
    const dir = trees.make({ 'a.ts': '', 'b.ts': '' });
    symlinkSync(join(outside, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    const r = new ModuleResolver({ root: dir, files: [join(dir, 'a.ts'), join(dir, 'b.ts')] });
    expect(r.resolve(join(dir, 'a.ts'), 'b')).toBeUndefined();
    // The same config as a real file is honoured.
    const dir2 = trees.make({ 'a.ts': '', 'b.ts': '' });
    mkdirSync(dirname(join(dir2, 'tsconfig.json')), { recursive: true });
    writeFileSync(join(dir2, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "." } }');
    const r2 = new ModuleResolver({ root: dir2, files: [join(dir2, 'a.ts'), join(dir2, 'b.ts')] });
    expect(r2.resolve(join(dir2, 'a.ts'), 'b')).toBe(join(dir2, 'b.ts'));
  });
});
