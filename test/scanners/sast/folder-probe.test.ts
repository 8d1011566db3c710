import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FolderProbe } from '../../../src/scanners/sast/ir/folder-probe.js';
import { ModuleResolver } from '../../../src/scanners/sast/ir/modules.js';
import { packageFolders } from '../../../src/scanners/sast/models/project-versions.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// A workspace: packages/lib is a library (name + version), packages/app is private; src/ has none.
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'root', private: true }),
  'packages/lib/package.json': JSON.stringify({ name: '@w/lib', version: '1.0.0', main: 'dist/index.js' }),
  'packages/lib/src/index.ts': 'export const x = 1;\n',
  'packages/app/package.json': JSON.stringify({ name: '@w/app', private: true }),
  'packages/app/src/main.ts': "import { x } from '@w/lib';\nimport y from 'express';\n",
  'src/tool.ts': "import { x } from '@w/lib';\n",
};
const REL = Object.keys(FILES).filter((f) => f.endsWith('.ts'));

describe('FolderProbe shared by the resolver and the library verdicts', () => {
  it('gives the same answers as each stat on its own', () => {
    const dir = trees.make(FILES);
    const abs = REL.map((f) => join(dir, f));
    const plain = new ModuleResolver({ root: dir, files: abs });
    const probe = new FolderProbe();
    const verdicts = packageFolders(dir, REL, undefined, probe);
    const shared = new ModuleResolver({ root: dir, files: abs, probe });
    for (const from of abs) {
      for (const spec of ['@w/lib', '@w/app', 'express']) expect(shared.resolve(from, spec)).toBe(plain.resolve(from, spec));
    }
    expect(shared.resolve(join(dir, 'src/tool.ts'), '@w/lib')).toBe(join(dir, 'packages/lib/src/index.ts'));
    expect(verdicts).toEqual(packageFolders(dir, REL));
    expect(verdicts).toEqual({ '': false, 'packages/lib': true, 'packages/app': false });
  });

  it('tells files from folders and missing paths, and keeps the first answer for the scan', () => {
    const dir = trees.make({ 'a/package.json': '{}' });
    const probe = new FolderProbe();
    expect(probe.isFile(join(dir, 'a/package.json'))).toBe(true);
    expect(probe.exists(join(dir, 'a'))).toBe(true);
    expect(probe.isFile(join(dir, 'a'))).toBe(false);
    expect(probe.exists(join(dir, 'b/package.json'))).toBe(false);
    // Made after the first look: this scan's probe still says missing (a new scan makes a new probe).
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b/package.json'), '{}');
    expect(probe.exists(join(dir, 'b/package.json'))).toBe(false);
    expect(new FolderProbe().isFile(join(dir, 'b/package.json'))).toBe(true);
  });
});
