import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { missingReturnAfterDeny } from '../../../src/scanners/sast/rules/missing-return-after-deny.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return missingReturnAfterDeny.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** A deny followed only by handing the request on runs no protected code (written by us). */
describe('sast/js/missing-return-after-deny: next(…) after the if', () => {
  it('an error handler that answers 401 and then calls next(err) is clean; protected work after the deny is reported', () => {
    expect(lines(`const app = require('express')();
app.use((err, req, res, next) => {
  if (err.code === 'invalid_token') {
    res.status(401).json({ error: 'bad token' });
  }
  next(err);
});
app.use((req, res, next) => {
  if (!req.session.user) {
    res.sendStatus(403);
  }
  return next();
});
app.post('/transfer', (req, res, next) => {
  if (!req.session.user) {
    res.status(401).send('login');
  }
  next();
  req.app.locals.bank.transfer(req.body);
});
app.get('/me', (req, res) => {
  if (!req.user) {
    res.status(401).json({ error: 'login' });
  }
  res.json(req.user);
});`)).toEqual([16, 23]);
  });
});
