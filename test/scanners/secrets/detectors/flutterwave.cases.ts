import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('flutterwave');
const live = `FLWSECK-${g.str(HEX, 32)}-X`;
const test = `FLWSECK_TEST-${g.str(HEX, 32)}-X`;
const enc = `FLWSECK${g.str(HEX, 12)}`;

export const cases: FamilyCases = {
  'secrets/flutterwave/live-secret-key': {
    flagged: [ctx.env('FLW_SECRET_KEY', live), ctx.code('secretKey', live)],
    clean: [`FLWSECK-${g.str(HEX, 31)}-X`, `FLWPUBK-${g.str(HEX, 32)}-X`, 'FLWSECK-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-X', test],
  },
  'secrets/flutterwave/test-secret-key': {
    flagged: [ctx.env('FLW_SECRET_KEY', test), ctx.json('secret_key', test)],
    clean: [`FLWSECK_TEST-${g.str(HEX, 33)}-X`, `FLWPUBK_TEST-${g.str(HEX, 32)}-X`, 'FLWSECK_TEST-<secret>-X'],
  },
  'secrets/flutterwave/encryption-key': {
    flagged: [ctx.env('FLW_ENCRYPTION_KEY', enc), ctx.code('encKey', `FLWSECK_TEST${g.str(HEX, 12)}`)],
    clean: [`FLWSECK${g.str(HEX, 11)}`, `FLWSECK${g.str(HEX, 13)}`, live, 'FLWSECK_TESTxxxxxxxxxxxx'],
  },
};
