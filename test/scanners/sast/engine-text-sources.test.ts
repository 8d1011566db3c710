import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function hits(src: string, path = 'src/app.js') {
  return brief(run(src, { path, models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: sources that are always text', () => {
  it('route parameters and headers cannot carry NoSQL operators; body and query can', () => {
    expect(hits(`const express = require('express');
const User = require('./models/user');
const app = express();
app.get('/u/:id', async (req, res) => res.json(await User.findOne({ _id: req.params.id })));
app.get('/h', async (req, res) => res.json(await User.findOne({ token: req.headers['x-token'] })));
app.post('/b', async (req, res) => res.json(await User.findOne({ name: req.body.name })));
app.get('/q', async (req, res) => res.json(await User.find({ name: req.query.name })));
app.get('/w/:id', async (req, res) => res.json(await User.find({ $where: 'this.id == ' + req.params.id })));`)).toEqual(['nosql-injection@6', 'nosql-injection@7', 'nosql-injection@8']);
  });

  it('text sources still reach every other sink', () => {
    expect(hits(`const express = require('express');
const fs = require('fs');
const app = express();
app.get('/f/:name', (req, res) => { fs.readFile('/srv/' + req.params.name, (e, d) => res.end(d)); });
app.get('/s/:q', (req, res) => { db.query("SELECT * FROM t WHERE a = '" + req.params.q + "'"); res.end(); });`)).toEqual(['path-traversal@4', 'sql-injection@5']);
  });

  it('Koa route parameters and NestJS @Param are text; @Body is not', () => {
    expect(hits(`import { Controller, Get, Post, Param, Body } from '@nestjs/common';
@Controller('users')
export class UsersController {
  constructor(private readonly users: any) {}
  @Get(':name') one(@Param('name') name: string) { return this.users.findOne({ name }); }
  @Post() find(@Body() body: any) { return this.users.findOne({ name: body.name }); }
}
const Router = require('@koa/router');
const router = new Router();
router.get('/k/:id', async (ctx) => { ctx.body = await User.findOne({ id: ctx.params.id }); });`, 'src/users.controller.ts')).toEqual(['nosql-injection@6']);
  });
});
