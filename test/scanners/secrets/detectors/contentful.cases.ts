import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('contentful');
const pat = `CFPAT-${g.str(B64URL, 43)}`;
const cda = g.str(B64URL, 43);

export const cases: FamilyCases = {
  'secrets/contentful/personal-access-token': {
    flagged: [ctx.env('CONTENTFUL_MANAGEMENT_TOKEN', pat), ctx.json('accessToken', pat)],
    clean: [`CFPAT-${g.str(B64URL, 42)}`, `CFPAT-${g.str(B64URL, 44)}`, 'CFPAT-<token>'],
  },
  'secrets/contentful/delivery-token': {
    flagged: [ctx.env('CONTENTFUL_DELIVERY_TOKEN', cda), `contentful.createClient({ space: 'abc', accessToken: '${cda}' })`],
    clean: [ctx.env('CONTENTFUL_DELIVERY_TOKEN', g.str(B64URL, 42)), ctx.env('CONTENTFUL_SPACE_ID', g.str(B64URL, 43)), ctx.env('CONTENTFUL_DELIVERY_TOKEN', '<delivery-token>')],
  },
};
