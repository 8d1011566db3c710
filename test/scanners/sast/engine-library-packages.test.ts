import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLibraryPackage, packageFolders } from '../../../src/scanners/sast/models/project-versions.js';
import { cacheDirFor } from '../../../src/scanners/sast/options.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());


/** Command-injection findings of a tree as `file:line`. */
async function cmd(root: string, paths: string[], options: Record<string, unknown> = {}): Promise<string[]> {
  const findings = await scanRoot(root, paths, options);
  return findings.filter((f) => f.ruleId === 'sast/js/command-injection').map((f) => `${f.location.path}:${f.location.startLine}`);
}

// An exported helper whose parameter reaches a shell, and a class keeping its argument for a shell.
const HELPER = [
  "const { exec } = require('child_process');",
  "exports.runReport = function (name) { exec('report ' + name); };", // 2
  'class Runner { constructor(tool) { this.tool = tool; } go() { exec(this.tool); } }', // 3
  'module.exports.Runner = Runner;',
].join('\n');

describe('SAST library-input: only in packages others import', () => {
  it('a private app: its exported helpers are not a library', async () => {
    const root = trees.make({ 'package.json': '{ "name": "reports", "private": true, "main": "lib/report.js" }', 'lib/report.js': HELPER });
    expect(await cmd(root, ['lib/report.js'])).toEqual([]);
  });

  it('an app manifest without name/version or an entry point is not a library either', async () => {
    const root = trees.make({ 'package.json': '{ "dependencies": { "express": "^4.0.0" } }', 'lib/report.js': HELPER });
    expect(await cmd(root, ['lib/report.js'])).toEqual([]);
  });

  it('a published package (name and version), one with an entry point, and loose files keep library findings', async () => {
    const published = trees.make({ 'package.json': '{ "name": "report-lib", "version": "1.0.0" }', 'lib/report.js': HELPER });
    expect(await cmd(published, ['lib/report.js'])).toEqual(['lib/report.js:2', 'lib/report.js:3']);
    const entry = trees.make({ 'package.json': '{ "exports": "./lib/report.js" }', 'lib/report.js': HELPER });
    expect(await cmd(entry, ['lib/report.js'])).toEqual(['lib/report.js:2', 'lib/report.js:3']);
    const loose = trees.make({ 'lib/report.js': HELPER });
    expect(await cmd(loose, ['lib/report.js'])).toEqual(['lib/report.js:2', 'lib/report.js:3']);
  });

  it('the nearest package.json decides: a library workspace under a private monorepo root, an app under a library', async () => {
    const root = trees.make({
      'package.json': '{ "name": "mono", "private": true, "workspaces": ["packages/*"] }',
      'packages/shell/package.json': '{ "name": "@mono/shell", "version": "0.1.0", "main": "index.js" }',
      'packages/shell/index.js': HELPER,
      'apps/web/report.js': HELPER,
      'tools/package.json': '{ "name": "tools", "version": "1.0.0", "private": true }',
      'tools/run.js': HELPER,
    });
    expect(await cmd(root, ['packages/shell/index.js', 'apps/web/report.js', 'tools/run.js'])).toEqual(['packages/shell/index.js:2', 'packages/shell/index.js:3']);
  });

  it('a request value still counts in an app', async () => {
    const root = trees.make({
      'package.json': '{ "private": true }',
      'server.js': "const express = require('express');\nconst { runReport } = require('./lib/report');\nconst app = express();\napp.get('/r', (req, res) => runReport(req.query.n));\n",
      'lib/report.js': HELPER,
    });
    expect(await cmd(root, ['server.js', 'lib/report.js'])).toEqual(['lib/report.js:2']);
  });

  it('the verdict is in the cache key: making the package private drops the library findings', async () => {
    const root = trees.make({ 'package.json': '{ "name": "report-lib", "version": "1.0.0" }', 'lib/report.js': HELPER });
    try {
      const opts = { cache: true };
      expect(await cmd(root, ['lib/report.js'], opts)).toEqual(['lib/report.js:2', 'lib/report.js:3']);
      writeFileSync(join(root, 'package.json'), '{ "name": "report-lib", "version": "1.0.0", "private": true }');
      expect(await cmd(root, ['lib/report.js'], opts)).toEqual([]);
      writeFileSync(join(root, 'package.json'), '{ "name": "report-lib", "version": "1.0.1" }');
      expect(await cmd(root, ['lib/report.js'], opts)).toEqual(['lib/report.js:2', 'lib/report.js:3']);
    } finally {
      rmSync(cacheDirFor(root), { recursive: true, force: true });
    }
  });

  it('isLibraryPackage and packageFolders', () => {
    expect(isLibraryPackage({ name: 'a', version: '1.0.0' })).toBe(true);
    expect(isLibraryPackage({ main: 'x.js' })).toBe(true);
    expect(isLibraryPackage({ types: 'x.d.ts' })).toBe(true);
    expect(isLibraryPackage({ name: 'a', version: '1.0.0', main: 'x.js', private: true })).toBe(false);
    expect(isLibraryPackage({ name: 'a' })).toBe(false);
    const root = trees.make({ 'package.json': '{ "private": true }', 'p/package.json': '{ "name": "p", "version": "1.0.0" }', 'q/package.json': 'not json' });
    expect(packageFolders(root, ['p/a/b.js', 'q/c.js', 'd.js'])).toEqual({ '': false, p: true });
    expect(packageFolders(trees.make({ 'a.js': '' }), ['a.js'])).toBeUndefined();
  });
});
