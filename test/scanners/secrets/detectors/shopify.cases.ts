import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('shopify');
const tok = (p: string) => `${p}${g.str(HEX, 32)}`;
const family = (prefix: string, envName: string) => ({
  flagged: [ctx.env(envName, tok(prefix)), ctx.json('accessToken', tok(prefix))],
  clean: [`${prefix}${g.str(HEX, 31)}`, `${prefix}${g.str(ALNUM, 32)}Z`, `${prefix}<token>`, `${prefix}${'0'.repeat(32)}`],
});

export const cases: FamilyCases = {
  'secrets/shopify/admin-access-token': family('shpat_', 'SHOPIFY_ACCESS_TOKEN'),
  'secrets/shopify/custom-app-access-token': family('shpca_', 'SHOPIFY_TOKEN'),
  'secrets/shopify/private-app-token': family('shppa_', 'SHOPIFY_PASSWORD'),
  'secrets/shopify/shared-secret': family('shpss_', 'SHOPIFY_API_SECRET'),
};
