import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('easypost');
const prod = `EZAK${g.str(HEX, 54)}`;
const test = `EZTK${g.str(HEX, 54)}`;

export const cases: FamilyCases = {
  'secrets/easypost/production-api-key': {
    flagged: [ctx.env('EASYPOST_API_KEY', prod), ctx.code('client', prod)],
    clean: [`EZAK${g.str(HEX, 53)}`, `EZAK${g.str(ALNUM, 54)}`, 'EZAK<production-key>', test],
  },
  'secrets/easypost/test-api-key': {
    flagged: [ctx.env('EASYPOST_TEST_KEY', test), ctx.json('apiKey', test)],
    clean: [`EZTK${g.str(HEX, 55)}`, 'EZTKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', prod],
  },
};
