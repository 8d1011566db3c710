/** NoSQL injection precision (issue 5): an id cast to an ObjectId cannot carry query operators, in either spelling. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS }));
}

describe('taint engine precision: ObjectId casts', () => {
  it('mongodb.ObjectID / ObjectId and mongoose.Types.ObjectId clean the filter; the raw cookie still flags', () => {
    expect(flows(`const express = require('express');
const mongodb = require('mongodb');
const mongoose = require('mongoose');
const ObjectId = mongodb.ObjectID;
const app = express();
const users = new mongodb.MongoClient('mongodb://x').db('d').collection('users');
app.get('/a', async (req, res) => { await users.findOne({ _id: ObjectId(req.cookies.session) }); res.end(); });
app.get('/b', async (req, res) => { await users.findOne({ _id: new mongodb.ObjectId(req.query.id) }); res.end(); });
app.get('/c', async (req, res) => { await users.findOne({ _id: mongoose.Types.ObjectID(req.query.id) }); res.end(); });
app.get('/d', async (req, res) => { await users.findOne({ _id: req.cookies.session }); res.end(); });`))
      .toEqual([{ kind: 'nosql-injection', sink: 10, source: 10, label: 'http' }]);
  });
});

describe('taint engine precision: a query through a project model module returns documents, not its filter', () => {
  it('User.findOne on a required model: the filter still flags, the returned document logged is clean', () => {
    expect(flows(`const express = require('express');
const User = require('../models/userModel');
const app = express();
app.post('/a', async (req, res) => { const email = req.body.email; const user = await User.findOne({ email }); console.log(user.id); res.end(); });
app.post('/b', async (req, res) => { const user = await User.findOne({ email: String(req.body.email) }); console.log('reset for ' + user.name + ' ' + req.body.email); res.end(); });`))
      .toEqual([
        { kind: 'nosql-injection', sink: 4, source: 4, label: 'http' },
        { kind: 'log-injection', sink: 5, source: 5, label: 'http' },
      ]);
  });
});
