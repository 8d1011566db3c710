/** Zip slip is reported where an untrusted archive's entries are written, not where the archive is opened. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const sinks = (code: string) => brief(run(code, { models: MODELS, path: 'upload.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const AdmZip = require('adm-zip');
const fs = require('fs');
const path = require('path');
const app = express();
`;

describe('adm-zip archives from input', () => {
  it('an uploaded archive extracted whole: the finding is at extractAllTo, not at new AdmZip', () => {
    expect(sinks(`${HEAD}app.post('/a', (req, res) => {
  const zip = new AdmZip(req.body);
  const dir = '/srv/uploads';
  zip.extractAllTo(dir, true);
  res.send('ok');
});
app.post('/b', (req, res) => {
  const archive = new AdmZip(req.file.buffer);
  archive.extractEntryTo('docs/readme.txt', '/srv/docs', true, true);
  res.end();
});`)).toEqual(['9:path-traversal', '14:path-traversal']);
  });

  it('through a helper: the upload reaches the helper\'s extractAllTo', () => {
    expect(sinks(`${HEAD}function unpack(bytes, dest) {
  new AdmZip(bytes).extractAllTo(dest, true);
}
app.post('/h', (req, res) => {
  unpack(req.file.buffer, '/srv/h');
  res.end();
});`)).toEqual(['7:path-traversal']);
  });

  it('an entry loop: the finding is at the write', () => {
    expect(sinks(`${HEAD}app.post('/c', (req, res) => {
  const zip = new AdmZip(req.file.buffer);
  zip.getEntries().forEach((e) => {
    fs.writeFileSync(path.join('/srv/out', e.entryName), e.getData());
  });
  res.send('ok');
});`)).toEqual(['9:path-traversal']);
  });

  it('an archive shipped with the app extracted to a fixed place is clean', () => {
    expect(sinks(`${HEAD}app.post('/d', (req, res) => {
  const zip = new AdmZip(path.join(__dirname, 'templates.zip'));
  zip.extractAllTo('/srv/templates', true);
  res.send('ok');
});`)).toEqual([]);
  });

  it('a file name built from the request is still reported where the archive is read', () => {
    expect(sinks(`${HEAD}app.get('/e', (req, res) => {
  const zip = new AdmZip(\`/srv/archives/\${req.query.name}.zip\`);
  res.json(zip.getEntries().map((e) => e.name));
});`)).toEqual(['7:path-traversal']);
  });
});
