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
