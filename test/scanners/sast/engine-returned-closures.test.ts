import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import fs from 'fs';
const app = express();
`;
// Bodies start on line 4.
const flows = (body: string) => brief(run(HEAD + body));
const PT = (sink: number, source: number) => ({ kind: 'path-traversal', sink, source, label: 'http' });

describe('taint engine: closures a function returns belong to its summary', () => {
  it('a thunk reading the file it was made with (koa v1 read-file shape) is a parameter → sink', () => {
    expect(flows(`function reader(file) {
  return (done) => fs.readFile(file, done);
}
app.get('/a', (req, res) => {
  reader(req.query.f)(() => {});
});`)).toEqual([PT(5, 8)]);
  });

  it('the same thunk made with a fixed name is clean', () => {
    expect(flows(`function reader(file) {
  return (done) => fs.readFile(file, done);
}
app.get('/a', (req, res) => {
  reader('/srv/motd')(() => {});
  res.send('ok');
});`)).toEqual([]);
  });

  it('methods of a returned object reach sinks with the factory parameter', () => {
    expect(flows(`function store(dir) {
  return { get: (name) => fs.readFileSync(dir + '/index.html') };
}
app.get('/a', (req, res) => {
  const s = store(req.query.d);
  res.end(s.get('x'));
});`)).toEqual([PT(5, 8)]);
  });

  it('a returned (req, res) middleware still runs as a handler of its own', () => {
    expect(flows(`function serve(root) {
  return function (req, res) {
    fs.readFile(root + req.query.f, () => {});
  };
}
app.use(serve('/srv'));`)).toEqual([PT(6, 6)]);
  });
});
