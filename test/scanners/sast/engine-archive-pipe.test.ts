/** `src.pipe(parser).on('entry', …)`: the listener is the archive parser's, as with a parser variable. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'unpack.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const fs = require('fs');
const path = require('path');
const unzipper = require('unzipper');
const tar = require('tar');
`;

describe('archive entry listeners on a piped parser', () => {
  it('unzipper and tar entries written under their own names are zip slip', () => {
    expect(lines(`${HEAD}fs.createReadStream('upload.zip').pipe(unzipper.Parse()).on('entry', (entry) => {
  entry.pipe(fs.createWriteStream(path.join('/srv/uploads', entry.path)));
});
fs.createReadStream('upload.tar').pipe(new tar.Parse()).on('entry', (e) => {
  e.pipe(fs.createWriteStream('/srv/uploads/' + e.path));
});`)).toEqual(['6:path-traversal', '9:path-traversal']);
  });

  it('an entry checked to stay inside, or written under a fixed name, is clean', () => {
    expect(lines(`${HEAD}fs.createReadStream('upload.zip').pipe(unzipper.Parse()).on('entry', (entry) => {
  const out = path.resolve('/srv/uploads', entry.path);
  if (!out.startsWith('/srv/uploads' + path.sep)) return entry.autodrain();
  entry.pipe(fs.createWriteStream(out));
});
let n = 0;
fs.createReadStream('upload.zip').pipe(unzipper.Parse()).on('entry', (entry) => {
  entry.pipe(fs.createWriteStream(path.join('/srv/uploads', 'part-' + n++ + '.bin')));
});
fs.createReadStream('notes.txt').pipe(fs.createWriteStream('/tmp/copy.txt')).on('finish', (x) => fs.writeFileSync('/tmp/done', String(x)));`)).toEqual([]);
  });
});
