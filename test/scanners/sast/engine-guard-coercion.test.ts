/** Guards on a string coercion of a value, and URL allow-lists by origin/host equality. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const flows = (src: string) => brief(run(src, { models: MODELS }));

describe('a check of String(x) / x.toString() / `${x}` holds for x', () => {
  it('an anchored allow-list regex on the coercion cleans the value; trim() or an unanchored regex does not', () => {
    expect(flows(`const express = require('express');
const { exec } = require('child_process');
const app = express();
app.get('/a', (req, res) => { if (!/^[a-z0-9]+$/.test(String(req.query.f))) return res.sendStatus(400); exec('cat ' + req.query.f); });
app.get('/b', (req, res) => { if (!/^[a-z0-9]+$/.test(req.query.f.toString())) return; exec('cat ' + req.query.f); });
app.get('/c', (req, res) => { if (!/^[a-z0-9]+$/.test(\`\${req.query.f}\`)) return; exec('cat ' + req.query.f); });
app.get('/d', (req, res) => { if (!/^[a-z0-9]+$/.test(req.query.f.trim())) return; exec('cat ' + req.query.f); });
app.get('/e', (req, res) => { if (!/[a-z0-9]+/.test(String(req.query.f))) return; exec('cat ' + req.query.f); });`))
      .toEqual([
        { kind: 'command-injection', sink: 7, source: 7, label: 'http' },
        { kind: 'command-injection', sink: 8, source: 8, label: 'http' },
      ]);
  });
});

describe('URL allow-list by equality', () => {
  it('new URL(x).origin / .host / .hostname equal to a literal fixes the server; .protocol or a suffix check does not', () => {
    expect(flows(`const express = require('express');
const app = express();
app.get('/a', async (req, res) => { const u = new URL(String(req.query.u)); if (u.origin !== 'https://api.example.com') return res.sendStatus(400); res.send(await (await fetch(u)).text()); });
app.get('/b', async (req, res) => { const u = new URL(req.query.u); if (u.hostname === 'api.example.com') { await fetch(u); } });
app.get('/c', async (req, res) => { const u = new URL(req.query.u); if (u.protocol !== 'https:') return; await fetch(u); });
app.get('/d', async (req, res) => { const u = new URL(req.query.u); if (!u.hostname.endsWith('example.com')) return; await fetch(u); });`))
      .toEqual([
        { kind: 'ssrf', sink: 5, source: 5, label: 'http' },
        { kind: 'ssrf', sink: 6, source: 6, label: 'http' },
      ]);
  });
});
