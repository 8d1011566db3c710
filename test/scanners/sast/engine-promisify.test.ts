import { describe, expect, it } from 'vitest';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import fs from 'fs';
import Q from 'q';
import Bluebird from 'bluebird';
import pify from 'pify';
const app = express();
`;
// Bodies start on line 7.
const flows = (body: string) => brief(run(HEAD + body));
const PT = (sink: number, source: number) => ({ kind: 'path-traversal', sink, source, label: 'http' });

describe('taint engine: promise wrappers of a sink are the sink', () => {
  it('Q.denodeify, Bluebird.promisify and pify of fs.readFile read the request path', () => {
    expect(flows(`const readQ = Q.denodeify(fs.readFile);
const readB = Bluebird.promisify(fs.readFile);
const readP = pify(fs.readFile);
app.get('/a', async (req, res) => {
  await readQ(req.query.a);
  await readB(req.query.b);
  await readP(req.query.c);
});`)).toEqual([PT(11, 11), PT(12, 12), PT(13, 13)]);
  });

  it('the wrapped sink with a fixed path, and a wrapped non-sink with the request path, are clean', () => {
    expect(flows(`const readQ = Q.denodeify(fs.readFile);
const statB = Bluebird.promisify(fs.stat);
app.get('/a', async (req, res) => {
  await readQ('/srv/motd');
  await statB(req.query.b);
  res.send('ok');
});`)).toEqual([]);
  });
});
