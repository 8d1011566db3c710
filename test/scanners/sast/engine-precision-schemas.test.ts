/** Validation libraries' object schemas (issue 5 precision): typed fields are clean, string fields keep the input's taint. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { z } from 'zod';
import Joi from 'joi';
import { exec } from 'child_process';
const app = express();
`;
// Bodies start on line 6.
function flows(body: string) {
  return brief(run(HEAD + body, { models: MODELS }));
}

describe('taint engine precision: object schemas', () => {
  it('zod: number, enum and uuid fields are clean (const, inline, destructured, safeParse); a string field is not', () => {
    expect(flows(`const Q = z.object({ id: z.number().int(), kind: z.enum(['a', 'b']), ref: z.string().uuid(), name: z.string() });
app.get('/1', (req, res) => { const { id } = Q.parse(req.query); exec('echo ' + id); });
app.get('/2', (req, res) => { const v = Q.parse(req.query); exec('echo ' + v.kind + v.ref); });
app.get('/3', (req, res) => { const v = z.object({ id: z.coerce.number() }).strict().parse(req.query); exec('echo ' + v.id); });
app.get('/4', (req, res) => { const r = Q.safeParse(req.query); if (!r.success) return; exec('echo ' + r.data.id); });
app.get('/5', (req, res) => { const v = Q.parse(req.query); exec('echo ' + v.name); });
app.get('/6', (req, res) => { const v = z.object({ id: z.number().transform((n) => req.query.x) }).parse(req.query); exec('echo ' + v.id); });`))
      .toEqual([
        { kind: 'command-injection', sink: 11, source: 11, label: 'http' },
        { kind: 'command-injection', sink: 12, source: 12, label: 'http' },
      ]);
  });

  it('a string held to an anchored regex without `.` is clean; an unanchored one is not', () => {
    expect(flows(`const S = z.object({ slug: z.string().regex(/^[a-z0-9-]+$/), free: z.string().regex(/[a-z]/) });
app.get('/1', (req, res) => { const v = S.parse(req.body); exec('ls ' + v.slug); });
app.get('/2', (req, res) => { const v = S.parse(req.body); exec('ls ' + v.free); });`))
      .toEqual([{ kind: 'command-injection', sink: 8, source: 8, label: 'http' }]);
  });

  it('joi: validate().value and validateAsync with a number field are clean; a string field is not', () => {
    expect(flows(`const S = Joi.object({ id: Joi.number().integer().required(), name: Joi.string() });
app.get('/1', (req, res) => { const { value } = S.validate(req.query); exec('echo ' + value.id); });
app.get('/2', async (req, res) => { const v = await S.validateAsync(req.query); exec('echo ' + v.id); });
app.get('/3', (req, res) => { const { value } = S.validate(req.query); exec('echo ' + value.name); });`))
      .toEqual([{ kind: 'command-injection', sink: 9, source: 9, label: 'http' }]);
  });

  it('a schema const reassigned is not trusted', () => {
    expect(flows(`let Q = z.object({ id: z.number() });
Q = z.object({ id: z.string() });
app.get('/1', (req, res) => { const v = Q.parse(req.query); exec('echo ' + v.id); });`))
      .toEqual([{ kind: 'command-injection', sink: 8, source: 8, label: 'http' }]);
  });
});
