import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import http from 'http';
import fs from 'fs';
import path from 'path';
`;
// Bodies start on line 4.
const flows = (body: string) => brief(run(HEAD + body, { path: 'src/server.js' }));
const PT = (sink: number, source: number) => ({ kind: 'path-traversal', sink, source, label: 'http' });

describe('taint engine: callbacks inside a helper that a handler calls with the request', () => {
  it('a nested callback of a helper summarised first still sees the request (server.on request shape)', () => {
    expect(flows(`function file(req, res) {
  const filepath = path.join(process.cwd(), req.query.f);
  fs.access(filepath, (err) => {
    fs.readFile(filepath, (err2, buf) => res.end(buf));
  });
}
const server = http.createServer();
server.on('request', (req, res) => file(req, res));
`)).toEqual([PT(7, 5)]);
  });

  it('the same helper with a fixed file name is clean in its callbacks', () => {
    expect(flows(`function file(req, res) {
  const filepath = path.join(process.cwd(), 'index.html');
  fs.access(filepath, (err) => {
    fs.readFile(filepath, (err2, buf) => res.end(buf));
  });
}
http.createServer((req, res) => file(req, res));
`)).toEqual([]);
  });
});
