import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const sinks = (code: string) => brief(run(code, { models: MODELS, path: 'app.js' })).map((h) => `${h.sink}:${h.kind}`);

describe('file libraries beyond fs are path sinks', () => {
  it('mkdirp, rimraf, jsonfile and fstream writers with a request path; fixed paths are clean', () => {
    expect(sinks(`const express = require('express');
const mkdirp = require('mkdirp');
const rimraf = require('rimraf');
const jsonfile = require('jsonfile');
const fstream = require('fstream');
const path = require('path');
const app = express();
app.post('/dir', (req, res) => {
  mkdirp.sync(path.join('/srv/data', req.body.dir));
  rimraf(path.join('/srv/data', req.query.old), () => {});
  jsonfile.writeFileSync('/srv/data/' + req.body.name + '.json', req.body);
  req.pipe(fstream.Writer({ path: path.join('/srv/data', req.query.file) }));
  mkdirp.sync('/srv/data/cache');
  req.pipe(fstream.Writer({ path: '/srv/data/upload.bin' }));
  req.pipe(fstream.Writer('/srv/data/' + req.query.raw));
  res.end('ok');
});`)).toEqual(['9:path-traversal', '10:path-traversal', '11:path-traversal', '12:path-traversal', '15:path-traversal']);
  });
});
