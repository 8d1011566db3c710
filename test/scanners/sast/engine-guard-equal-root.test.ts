/** Path traversal guards (issue 5): `!p.startsWith(root + sep) && p !== root` admits the root itself and what lies under it. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS })).filter((f) => f.kind === 'path-traversal');
}

describe('taint engine guards: equal to a value that is not input', () => {
  it('realpath root, resolve, startsWith(root + sep) or equal to the root: clean; equal to another input: flagged', () => {
    expect(flows(`const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
const FILES = path.join(__dirname, 'files');
app.get('/a', (req, res) => {
  const root = fs.realpathSync(FILES);
  const target = path.resolve(root, req.query.file);
  if (!target.startsWith(root + path.sep) && target !== root) throw new Error('denied');
  res.send(fs.readFileSync(target, 'utf8'));
});
app.get('/b', (req, res) => {
  const target = path.resolve(FILES, req.query.file);
  if (!target.startsWith(FILES + path.sep) && target !== req.query.other) throw new Error('denied');
  res.send(fs.readFileSync(target, 'utf8'));
});`).map((f) => f.sink)).toEqual([15]);
  });
});
