import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string) {
  return brief(run(src, { path: 'lib/server.js', models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: streams, events and piping into the response', () => {
  it("a stream built from input: its 'data' chunks and .pipe(res) carry the input", () => {
    expect(hits(`const http = require('http');
const render = require('some-listing');
const replace = require('replacestream');
const fs = require('fs');
http.createServer(function (req, res) {
  let html = '';
  const listing = render(decodeURIComponent(req.url));
  listing.on('data', (buf) => { html += buf.toString(); });
  listing.on('end', () => res.end('<h3>' + html + '</h3>'));
}).listen(1);
http.createServer(function (req, res) {
  fs.createReadStream('layout.html').pipe(replace(/{{body}}/g, '<h3>' + req.url + '</h3>')).pipe(res);
}).listen(2);`)).toEqual(['xss@9', 'xss@12']);
  });

  it("the request's own 'data' events are its body", () => {
    expect(hits(`const http = require('http');
const { exec } = require('child_process');
http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => { exec('ping -c 1 ' + JSON.parse(body).host); res.end(); });
}).listen(1);`)).toEqual(['command-injection@6']);
  });

  it('fixed streams, other events and a JSON response stay quiet', () => {
    expect(hits(`const http = require('http');
const fs = require('fs');
http.createServer((req, res) => {
  let size = 0;
  req.on('end', (x) => res.end('<p>' + x + '</p>'));
  req.on('data', (chunk) => { size += chunk.length; });
  res.setHeader('Content-Type', 'application/json');
  fs.createReadStream('/srv/' + 'index.json').pipe(res);
  const s = fs.createReadStream('/srv/page.html');
  s.on('data', (buf) => res.write(buf));
}).listen(1);
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  require('stream').Readable.from([req.url]).pipe(res);
}).listen(2);`)).toEqual([]);
  });
});
