/** Object schemas defined in one project file and parsed in another. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const SCHEMAS = `import { z } from 'zod';
import Joi from 'joi';
export const Q = z.object({ year: z.coerce.number().int(), region: z.enum(['eu', 'us']), note: z.string() });
const U = Joi.object({ id: Joi.number().integer(), name: Joi.string() });
export { U as UserSchema };
export const notASchema = 5;
`;

describe('taint engine: imported object schemas', () => {
  const lib = run(SCHEMAS, { path: 'src/schemas.ts', models: MODELS });

  it('exports carry each schema field verdict', () => {
    expect(lib.exports.schemas).toEqual({ Q: { year: true, region: true, note: false }, UserSchema: { id: true, name: false } });
  });

  it('typed fields of an imported zod or joi schema are clean; string fields keep the input', () => {
    const app = `import express from 'express';
import { exec } from 'child_process';
import { Q, UserSchema } from './schemas';
const app = express();
app.get('/1', (req, res) => { const q = Q.parse(req.query); exec(\`report \${q.region} \${q.year}\`); });
app.get('/2', (req, res) => { const q = Q.parse(req.query); exec('note ' + q.note); });
app.get('/3', async (req, res) => { const u = await UserSchema.validateAsync(req.body); exec('id ' + u.id); });
app.get('/4', (req, res) => { const { value } = UserSchema.validate(req.body); exec('name ' + value.name); });
`;
    expect(brief(run(app, { path: 'src/app.ts', models: MODELS, imported: { './schemas': lib.exports } })).map((h) => h.sink)).toEqual([6, 8]);
  });
});
