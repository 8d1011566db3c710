import type { FamilyCases } from '../detector-cases.js';
import { ctx, gen } from '../token-gen.js';

const g = gen('intercom');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const token = b64(`tok:${g.uuid().replace(/-/g, '_')}:1:0`);

export const cases: FamilyCases = {
  'secrets/intercom/access-token': {
    flagged: [ctx.env('INTERCOM_ACCESS_TOKEN', token), `curl https://api.intercom.io/me -H 'Authorization: Bearer ${token}'`],
    clean: [
      b64(`tok:${g.uuid()}`), // not the token shape
      b64(`tok:${g.uuid().replace(/-/g, '_')}:1:0 trailing words here`),
      ctx.env('INTERCOM_ACCESS_TOKEN', '<access-token>'),
      b64('tok:short:1:0'),
    ],
  },
};
