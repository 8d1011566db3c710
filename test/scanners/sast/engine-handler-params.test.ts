import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string) {
  return brief(run(src, { path: 'lib/server.js', models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: request handlers found by parameter names', () => {
  it('req and res later in the parameter list are the request and the response', () => {
    expect(hits(`const fs = require('fs');
exports.handle = function (root, options, req, res) {
  const name = decodeURIComponent(req.url);
  fs.readFile(root + name, function (err, data) {
    if (err) { res.end('<p>No file ' + name + '</p>'); return; }
    res.end(data);
  });
};`)).toEqual(['path-traversal@4', 'xss@5']);
  });

  it('a lone req, names in another order, or a destructured parameter there are not a handler', () => {
    expect(hits(`const fs = require('fs');
exports.a = function (root, req) { fs.readFile(root + req.url, () => {}); };
exports.b = function (root, res, req) { res.end('<p>' + req.url + '</p>'); };
exports.c = function (root, { url }, res) { res.end('<p>' + url + '</p>'); };
exports.d = function (root, opts, req, res) { res.type('json').send(req.query.q); };`)).toEqual([]);
  });
});
