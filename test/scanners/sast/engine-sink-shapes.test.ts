import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string, path = 'src/routes.ts') {
  return brief(run(src, { path, models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

const KOA = `import Router from '@koa/router';
const router = new Router();
`;

describe('taint engine: what a sink argument can carry', () => {
  it('Koa: a string body is a page, an object body is JSON', () => {
    expect(hits(KOA + `router.get('/a', async (ctx) => { ctx.body = { success: true, data: ctx.query.q }; });
router.get('/b', async (ctx) => { ctx.body = '<p>' + ctx.query.q + '</p>'; });
router.get('/c', async (ctx) => { ctx.body = ctx.query.q; });`)).toEqual(['xss@4', 'xss@5']);
  });

  it('logging: an object argument is inspected (quoted), a string argument is not', () => {
    expect(hits(KOA + `router.post('/a', async (ctx) => { console.log('request:', { body: ctx.request.body, url: ctx.url }); });
router.post('/b', async (ctx) => { console.log('user: ' + ctx.request.body.user); });`)).toEqual(['log-injection@4']);
  });

  it('MongoDB filters: operators need an object; $where is code; an ORM where-object is not a Mongo filter', () => {
    expect(hits(KOA + `router.post('/a', async (ctx) => { await User.find({ name: 'x-' + ctx.request.body.n }); });
router.post('/b', async (ctx) => { await User.find({ $where: 'this.a == "' + ctx.request.body.n + '"' }); });
router.post('/c', async (ctx) => { await User.findOne({ where: { username: ctx.request.body.username } }); });
router.post('/d', async (ctx) => { await User.find({ name: ctx.request.body.n }); });
router.post('/e', async (ctx) => { const doc = parseXml(ctx.request.body); await User.findOne({ name: doc.get('//name').text() }); });`))
      .toEqual(['nosql-injection@4', 'nosql-injection@6']);
  });

  it("a model imported from the project's models folder is a Mongoose model whatever its name; other imports and ORM where-objects are not", () => {
    expect(hits(`const express = require('express');
const Coupon = require('../models/couponModel');
const PassResetToken = require('./models/passResetToken');
import Invoice from '@/models/Invoice';
const Helper = require('../lib/coupons');
const app = express();
app.post('/a', async (req, res) => { const { coupon } = req.body; res.json(await Coupon.findOne({ code: coupon })); });
app.post('/b', async (req, res) => { res.json(await PassResetToken.findOne({ token: req.body.token })); });
app.post('/c', async (req, res) => { res.json(await Invoice.deleteOne({ number: req.body.n })); });
app.post('/d', async (req, res) => { res.json(await Helper.findOne({ code: req.body.c })); });
app.post('/e', async (req, res) => { res.json(await Coupon.findOne({ where: { code: req.body.c } })); });
app.post('/f', async (req, res) => { res.json(await Coupon.findOne({ code: String(req.body.c) })); });`, 'src/routes.js'))
      .toEqual(['nosql-injection@7', 'nosql-injection@8', 'nosql-injection@9']);
  });

  it("path.relative(root, p).startsWith('..') inline confines p", () => {
    expect(hits(`const http = require('http'), fs = require('fs'), path = require('path');
const root = path.resolve('public');
http.createServer(function (req, res) {
  const full = path.join(root, decodeURIComponent(req.url));
  if (path.relative(root, full).startsWith('..')) { res.statusCode = 403; return res.end(); }
  fs.readFile(full, (e, d) => res.end(d));
}).listen(1);
http.createServer(function (req, res) {
  const full = path.join(root, decodeURIComponent(req.url));
  if (path.relative(full, root).startsWith('..')) { res.statusCode = 403; return res.end(); }
  fs.readFile(full, (e, d) => res.end(d));
}).listen(2);`, 'lib/static.js')).toEqual(['path-traversal@11']);
  });
});
