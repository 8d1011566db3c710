/** An array sent whole as a response body is JSON; joined into text, or written into the DOM, it is HTML. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const flows = (src: string) => brief(run(src, { models: MODELS }));

describe('arrays as response bodies', () => {
  it('res.send([x]) and ctx.body = [x] are JSON; the same values joined into a page, or set as innerHTML, are XSS', () => {
    expect(flows(`const express = require('express');
const Koa = require('koa');
const app = express();
app.get('/a', (req, res) => { res.send([req.query.q]); });
app.get('/b', (req, res) => { const list = [req.query.q, 'x']; res.send(list); });
app.get('/c', (req, res) => { res.send(['<li>', req.query.q, '</li>'].join('')); });
app.get('/d', (req, res) => { res.send('<ul>' + [req.query.q].join('') + '</ul>'); });
new Koa().use(async (ctx) => { ctx.body = [ctx.query.q]; });
document.body.innerHTML = [location.hash];`))
      .toEqual([
        { kind: 'xss', sink: 6, source: 6, label: 'http' },
        { kind: 'xss', sink: 7, source: 7, label: 'http' },
        { kind: 'xss', sink: 9, source: 9, label: 'browser' },
      ]);
  });
});
