/** NoSQL injection (issue 5): JSON text spliced from input and parsed is a filter the input can fill with operators. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS })).filter((f) => f.kind === 'nosql-injection');
}

describe('taint engine: JSON.parse of text built from input', () => {
  it('a template of JSON parsed into a filter, whole or field by field, is flagged', () => {
    expect(flows(`const express = require('express');
const Item = require('../models/item');
const app = express();
app.post('/a', async (req, res) => { const q = JSON.parse(\`{"owner": "\${req.body.owner}"}\`); res.json(await Item.find(q)); });
app.post('/b', async (req, res) => { let q = '{"tag": "' + req.body.tag + '", "live": 1}'; q = JSON.parse(q); q = { tag: q.tag }; res.json(await Item.find(q)); });`).map((f) => f.sink))
      .toEqual([4, 5]);
  });

  it('not: a string field compared as text, or input escaped by JSON.stringify before the splice', () => {
    expect(flows(`const express = require('express');
const Item = require('../models/item');
const app = express();
app.post('/a', async (req, res) => { res.json(await Item.find({ owner: String(req.body.owner) })); });
app.post('/b', async (req, res) => { const q = JSON.parse('{"owner": ' + JSON.stringify(String(req.body.owner)) + '}'); res.json(await Item.find(q)); });`))
      .toEqual([]);
  });
});

describe('taint engine: a JSON.parse reviver sees the parsed text', () => {
  it('a reviver that evals marked strings runs request data; one that only converts dates does not', () => {
    expect(brief(run(`const express = require('express');
const app = express();
function revive(raw) {
  return JSON.parse(raw, (key, value) => (typeof value === 'string' && value.startsWith('fn:') ? eval('(' + value.slice(3) + ')') : value));
}
function withDates(raw) {
  return JSON.parse(raw, (key, value) => (typeof value === 'string' && /^\\d{4}-\\d\\d-\\d\\d$/.test(value) ? new Date(value) : value));
}
app.post('/a', (req, res) => { res.json({ ok: !!revive(req.body.data), when: withDates(req.body.data) }); });`, { models: MODELS })).filter((f) => f.kind === 'code-injection').map((f) => f.sink))
      .toEqual([4]);
  });
});
