import type { FamilyCases } from '../detector-cases.js';
import { ctx, gen } from '../token-gen.js';

const g = gen('hubspot');
const pat = `pat-na1-${g.uuid()}`;
const legacy = g.uuid();

export const cases: FamilyCases = {
  'secrets/hubspot/private-app-token': {
    flagged: [ctx.env('HUBSPOT_ACCESS_TOKEN', pat), ctx.header(`pat-eu1-${g.uuid()}`)],
    clean: [`pat-na1-${g.uuid().slice(0, 30)}`, 'pat-na1-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', `pat-xx1-${g.uuid()}`],
  },
  'secrets/hubspot/legacy-api-key': {
    flagged: [ctx.env('HUBSPOT_API_KEY', legacy), `https://api.hubapi.com/contacts/v1/lists?hapikey=${legacy}`],
    clean: [ctx.env('HUBSPOT_API_KEY', legacy.slice(0, 35)), ctx.env('HUBSPOT_PORTAL_ID', '4512345'), `hubspot:\n  form_id: "${g.uuid()}"\n`, ctx.env('HUBSPOT_API_KEY', '00000000-0000-0000-0000-000000000000')],
  },
};
