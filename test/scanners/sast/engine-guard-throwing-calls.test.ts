import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
`;
// The first line of a body is line 4.
const sinks = (body: string) => brief(run(HEAD + body, { models: MODELS })).map((b) => `${b.kind}:${b.sink}`);

/** Validators called as statements, which throw unless their argument passes (written by us). */
describe('taint engine: a validator that throws, called before the sink', () => {
  it('a throwing character check of the parameter cleans the argument after the call', () => {
    expect(sinks(`function ensureName(str) {
  if (str.match(/[^\\w]/)) throw new Error('bad name ' + str);
}
function ensureAll(name, dir) {
  ensureName(name);
  if (!/^[a-z]+$/.test(dir)) throw new Error('bad dir');
}
app.get('/a', (req, res) => {
  const a = req.query.a;
  ensureName(a);
  exec('ifconfig ' + a);
});
app.get('/b', (req, res) => {
  ensureAll(req.query.n, req.query.d);
  exec('ls ' + req.query.d + '/' + req.query.n);
});`)).toEqual([]);
  });

  it('the same validators weakened, skipped on a path, or given another value clean nothing', () => {
    expect(sinks(`let loose = false;
function ensureLoose(str) {
  if (str.match(/[^\\w ;]/)) throw new Error('bad');
}
function ensureUnless(str) {
  if (loose) return;
  if (str.match(/[^\\w]/)) throw new Error('bad');
}
function ensureTrimmed(str) {
  str = str.trim();
  if (/[^\\w]/.test(str)) throw new Error('bad');
}
async function ensureLater(str) {
  if (/[^\\w]/.test(str)) throw new Error('bad');
}
function ensureName(str) {
  if (/[^\\w]/.test(str)) throw new Error('bad');
}
app.get('/a', (req, res) => {
  const a = req.query.a;
  ensureLoose(a);
  exec('ifconfig ' + a);
  const b = req.query.b;
  ensureUnless(b);
  exec('ifconfig ' + b);
  const c = req.query.c;
  ensureTrimmed(c);
  exec('ifconfig ' + c);
  const d = req.query.d;
  ensureLater(d);
  exec('ifconfig ' + d);
  const e = req.query.e;
  if (req.query.strict) ensureName(e);
  exec('ifconfig ' + e);
  const f = req.query.f;
  ensureName(req.query.g);
  exec('ifconfig ' + f);
});`)).toEqual(['command-injection:25', 'command-injection:28', 'command-injection:31', 'command-injection:34', 'command-injection:37', 'command-injection:40']);
  });

  it('an awaited async validator cleans; not awaited, or with a local shadowing the validator\'s list, it does not', () => {
    expect(sinks(`const ALLOWED = ['eth0', 'wlan0'];
async function ensureKnown(nic) {
  if (!ALLOWED.includes(nic)) throw new Error('unknown');
}
app.get('/a', async (req, res) => {
  await ensureKnown(req.query.nic);
  exec('ifconfig ' + req.query.nic);
});
app.get('/b', async (req, res) => {
  const ALLOWED = req.query.list;
  await ensureKnown(req.query.nic);
  exec('ifconfig ' + req.query.nic);
});
app.get('/c', (req, res) => {
  ensureKnown(req.query.nic);
  exec('ifconfig ' + req.query.nic);
});
function ensureListed(nic) {
  if (!this.allowed.includes(nic)) throw new Error('unknown');
}
class Nics {
  constructor() { this.allowed = ['eth0']; }
  up(req) {
    ensureListed(req.query.nic);
    exec('ifconfig ' + req.query.nic);
  }
}
app.get('/d', (req, res) => new Nics().up(req));`)).toEqual(['command-injection:15', 'command-injection:19', 'command-injection:28']);
  });
});

describe('taint engine: match() and exec() read like test()', () => {
  it('a failed block-list match or a passed anchored match cleans what the class rules out', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  const a = req.query.a;
  if (a.match(/[^\\w]/)) return res.end();
  exec('ifconfig ' + a);
  const b = req.query.b;
  if (/[^\\w-]/.exec(b)) return res.end();
  exec('ifconfig ' + b);
  const c = req.query.c;
  if (!c.match(/^[\\w-]+$/)) return res.end();
  exec('ifconfig ' + c);
});`)).toEqual([]);
  });

  it('a class that allows shell characters, a g flag or a pattern read from input cleans nothing', () => {
    expect(sinks(`app.get('/a', (req, res) => {
  const a = req.query.a;
  if (a.match(/[^\\w;]/)) return res.end();
  exec('ifconfig ' + a);
  const b = req.query.b;
  if (/[^\\w]/g.exec(b)) return res.end();
  exec('ifconfig ' + b);
  const c = req.query.c;
  if (!c.match(/^[\\w ]+$/)) return res.end();
  exec('ifconfig ' + c);
  const d = req.query.d;
  if (!d.match(req.query.re)) return res.end();
  exec('ifconfig ' + d);
});`)).toEqual(['command-injection:7', 'command-injection:10', 'command-injection:13', 'command-injection:16']);
  });
});
