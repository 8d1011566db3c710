/** Node's http.request / https.get options: the host chooses the server, the path and port do not. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'proxy.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const http = require('http');
const https = require('https');
const app = express();
`;

describe('http.request options', () => {
  it('host (as well as hostname) from the request is SSRF, once per call', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { http.request({ host: req.query.host, path: '/status' }).end(); });
app.get('/b', (req, res) => { https.get({ host: req.body.server, port: 443, path: '/' }, (r) => r.pipe(res)); });
app.get('/c', (req, res) => { const opts = { hostname: req.query.h, host: req.query.h }; http.get(opts); });
app.get('/d', (req, res) => { http.request({ hostname: req.query.host, path: '/' }).end(); });`)).toEqual([
      '5:ssrf', '6:ssrf', '7:ssrf', '8:ssrf',
    ]);
  });

  it('a fixed host with the path or port from the request is clean', () => {
    expect(lines(`${HEAD}app.get('/a', (req, res) => { http.request({ host: 'inventory.internal', path: '/items/' + encodeURIComponent(req.params.id) }).end(); });
app.get('/b', (req, res) => { https.get({ hostname: 'api.example.com', port: 443, path: req.query.path }, (r) => r.pipe(res)); });
app.get('/c', (req, res) => { http.get({ host: 'localhost', port: Number(req.query.port), path: '/health' }); });
// hostname wins over host when both are set
app.get('/d', (req, res) => { http.get({ hostname: 'api.example.com', host: req.query.h }); });`)).toEqual([]);
  });
});
