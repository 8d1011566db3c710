import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('figma');
const t = `figd_${g.str(B64URL, 40)}`;

export const cases: FamilyCases = {
  'secrets/figma/personal-access-token': {
    flagged: [ctx.env('FIGMA_TOKEN', t), `curl -H 'X-Figma-Token: ${t}' https://api.figma.com/v1/me`],
    clean: [`figd_${g.str(B64URL, 30)}`, `figd_${g.str(B64URL, 60)}`, 'FIGMA_TOKEN=figd_<token>'],
  },
};
