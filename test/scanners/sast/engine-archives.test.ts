import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

// Zip slip: an archive's entry names are chosen by whoever made the archive.
const sinks = (code: string) => brief(run(code, { models: MODELS, path: 'extract.js' })).map((h) => `${h.sink}:${h.kind}`);

describe('archive entry names are untrusted (zip slip)', () => {
  it('flags an unzipper entry written under its own name and not one checked to stay inside', () => {
    expect(sinks(`const unzipper = require('unzipper');
const fs = require('fs');
const path = require('path');
function unpack(input, dest) {
  const parser = unzipper.Parse();
  input.pipe(parser);
  parser.on('entry', (entry) => {
    entry.pipe(fs.createWriteStream(path.join(dest, entry.path)));
  });
}
function unpackSafely(input, dest) {
  const parser = unzipper.Parse();
  input.pipe(parser);
  parser.on('entry', (entry) => {
    const out = path.resolve(dest, entry.path);
    if (!out.startsWith(path.resolve(dest) + path.sep)) return entry.autodrain();
    entry.pipe(fs.createWriteStream(out));
  });
}
module.exports = { unpack, unpackSafely };`)).toEqual(['8:path-traversal']);
  });

  it('flags yauzl and tar-stream entries and adm-zip getEntries, not a fixed file name', () => {
    expect(sinks(`const yauzl = require('yauzl');
const tar = require('tar-stream');
const AdmZip = require('adm-zip');
const fs = require('fs');
const path = require('path');
yauzl.open('upload.zip', { lazyEntries: true }, (err, zipfile) => {
  zipfile.on('entry', (entry) => {
    fs.mkdirSync(path.join('/srv/out', entry.fileName), { recursive: true });
  });
});
const ex = tar.extract();
ex.on('entry', (header, stream, next) => {
  stream.pipe(fs.createWriteStream('/srv/out/' + header.name));
  fs.writeFileSync('/srv/out/last.txt', 'done');
});
new AdmZip('upload.zip').getEntries().forEach((e) => {
  fs.writeFileSync(path.join('/srv/out', e.entryName), e.getData());
});`)).toEqual(['8:path-traversal', '13:path-traversal', '17:path-traversal']);
  });
});
