/** Methods of a default-exported class (ESM `export default class`, CommonJS `module.exports = class`) across files. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';

const lib = (code: string, path: string, imported: Record<string, FileExports> = {}) => run(code, { models: MODELS, path, imported }).exports;
const hits = (code: string, path: string, imported: Record<string, FileExports>) =>
  brief(run(code, { models: MODELS, path, imported })).map((h) => `${h.source}:${h.kind}`);

const STORAGE = `import fs from 'node:fs/promises';
import path from 'node:path';
export default class Storage {
  static remove(file: string) { return fs.unlink(file); }
  static removeIn(dir: string, file: string) { return fs.unlink(path.join(dir, path.basename(file))); }
  purge(file: string) { return fs.rm(file); }
}
export function remove(name: string) { return name.trim(); }`;

describe('default-exported class across files', () => {
  it('ESM: static and instance methods through a default import', () => {
    const storage = lib(STORAGE, 'src/lib/storage.ts');
    expect(hits(`import express from 'express';
import Storage from './lib/storage';
const app = express();
app.post('/a', async (req, res) => { await Storage.remove(req.query.f as string); });
app.post('/b', async (req, res) => { await new Storage().purge(req.body.f); });
app.post('/c', async (req, res) => { const s = new Storage(); await s.purge(req.params.f); });
app.post('/d', async (req, res) => { await Storage.removeIn('/srv/uploads', req.query.f as string); });
app.post('/e', async (req, res) => { await Storage.remove('cache.tmp'); });`, 'src/server.ts', { './lib/storage': storage })).toEqual([
      '4:path-traversal', '5:path-traversal', '6:path-traversal',
    ]);
  });

  it('a named export beside the default class keeps its own summary', () => {
    const storage = lib(STORAGE, 'src/lib/storage.ts');
    expect(hits(`import express from 'express';
import { remove } from './lib/storage';
import fs from 'node:fs';
const app = express();
app.post('/a', (req, res) => { fs.readFileSync('/srv/' + remove('x')); res.send(remove(req.query.f)); });`, 'src/server.ts', { './lib/storage': storage })).toEqual(['5:xss']);
  });

  it('CommonJS: module.exports = class with static and instance methods', () => {
    const x = lib(`const fs = require('fs');
module.exports = class Files {
  static drop(f) { return fs.unlinkSync(f); }
  static dropSafe(f) { return fs.unlinkSync('/tmp/' + require('path').basename(f)); }
  read(f) { return fs.readFileSync(f, 'utf8'); }
};`, 'src/files.js');
    expect(hits(`const express = require('express');
const Files = require('./files');
const app = express();
app.post('/a', (req, res) => { Files.drop(req.query.f); });
app.post('/b', (req, res) => { new Files().read(req.query.f); });
app.post('/c', (req, res) => { Files.dropSafe(req.query.f); });
app.post('/d', (req, res) => { Files.drop('old.log'); });`, 'src/server.js', { './files': x })).toEqual(['4:path-traversal', '5:path-traversal']);
  });

  it('through a barrel: export { default } and export { default as Storage }', () => {
    const storage = lib(STORAGE, 'src/lib/storage.ts');
    const barrel = lib(`export { default } from './storage';
export { default as Storage } from './storage';
export * from './storage';`, 'src/lib/index.ts', { './storage': storage });
    expect(Object.keys(barrel.functions)).not.toContain('removeIn');
    expect(hits(`import express from 'express';
import Store, { Storage } from './lib';
const app = express();
app.post('/a', async (req, res) => { await Store.remove(req.query.f as string); });
app.post('/b', async (req, res) => { await Storage.remove(req.body.f); });
app.post('/c', async (req, res) => { await Storage.removeIn('/srv', req.body.f); });`, 'src/server.ts', { './lib': barrel })).toEqual([
      '4:path-traversal', '5:path-traversal',
    ]);
  });
});
