import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

// Link entries of an archive: the entry's name and its link target both come from the archive.
const sinks = (code: string) => brief(run(code, { models: MODELS, path: 'extract.js' })).map((h) => `${h.sink}:${h.kind}`);

describe('archive link entries and the path calls an extractor makes on an entry', () => {
  it("flags a hard link made with linkSync from a tar entry's linkpath, and lchown/utimesSync of its name", () => {
    expect(sinks(`const tar = require('tar-stream');
const fs = require('fs');
const path = require('path');
function unpack(input, dest) {
  const ex = tar.extract();
  ex.on('entry', (header, stream, next) => {
    const out = path.join(dest, header.name);
    if (header.type === 'link') fs.linkSync(path.join(dest, header.linkname), out);
    fs.lchownSync(out, header.uid, header.gid);
    fs.utimesSync(out, header.mtime, header.mtime);
    stream.resume();
    next();
  });
  input.pipe(ex);
}
module.exports = { unpack };`)).toEqual(['8:path-traversal', '8:path-traversal', '9:path-traversal', '10:path-traversal']);
  });

  it('clean: names and link targets resolved and checked to stay under the destination', () => {
    expect(sinks(`const tar = require('tar-stream');
const fs = require('fs');
const path = require('path');
function unpack(input, dest) {
  const root = path.resolve(dest);
  const ex = tar.extract();
  ex.on('entry', (header, stream, next) => {
    const out = path.resolve(root, header.name);
    const target = path.resolve(root, header.linkname || '');
    if (!out.startsWith(root + path.sep) || !target.startsWith(root + path.sep)) return next();
    if (header.type === 'link') fs.linkSync(target, out);
    fs.lchownSync(out, header.uid, header.gid);
    stream.resume();
    next();
  });
  input.pipe(ex);
}
function unpackFlat(input, dest) {
  const ex = tar.extract();
  ex.on('entry', (header, stream, next) => {
    const out = path.join(dest, path.basename(header.name));
    fs.utimesSync(out, header.mtime, header.mtime);
    stream.resume();
    next();
  });
  input.pipe(ex);
}
module.exports = { unpack, unpackFlat };`)).toEqual([]);
  });
});
