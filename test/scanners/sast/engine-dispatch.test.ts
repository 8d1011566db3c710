import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string) {
  return brief(run(src, { path: 'lib/index.js', models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: calls through dispatch tables and deep callbacks', () => {
  it('table[key](…) runs the functions of the table', () => {
    expect(hits(`const express = require('express');
const app = express();
const renderers = {
  html(res, text) { res.send('<p>' + text + '</p>'); },
  plain(res, text) { res.type('text/plain').send(text); },
};
app.get('/', (req, res) => { renderers[req.query.format](res, req.query.q); });`)).toEqual(['xss@4']);
  });

  it("exports[name](…) runs the module's exported functions", () => {
    expect(hits(`const fs = require('fs');
exports.html = function (out, name) { out.push('<li>' + name + '</li>'); fs.readFile(name, () => {}); };
exports.json = function (out, name) { out.push(JSON.stringify({ name })); };
module.exports.serve = function (req, res) {
  exports[req.query.type](res.locals.list, req.query.file);
};`)).toEqual(['path-traversal@2']);
  });

  it('a table of functions that do nothing with the input gives no finding', () => {
    expect(hits(`const express = require('express');
const app = express();
const escapeHtml = require('escape-html');
const views = { a: (res, t) => res.send('<b>' + escapeHtml(t) + '</b>'), b: (res) => res.send('<i>ok</i>') };
app.get('/', (req, res) => { views[req.query.v](res, req.query.t); });`)).toEqual([]);
  });

  it('a helper given the response runs with it through callbacks nested six deep', () => {
    expect(hits(`const fs = require('fs');
const http = require('http');
http.createServer(function (req, res) {
  fs.stat('/srv', function () {
    fs.readdir('/srv', function () {
      page(res, decodeURIComponent(req.url));
    });
  });
}).listen(8080);
function page(out, title) {
  fs.readFile('/a', function () {
    fs.readFile('/b', function () {
      fs.readFile('/c', function () {
        out.end('<h1>' + title + '</h1>');
      });
    });
  });
}`)).toEqual(['xss@14']);
  });
});
