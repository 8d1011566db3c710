import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('databricks');
const t = `dapi${g.str(HEX, 32)}`;

export const cases: FamilyCases = {
  'secrets/databricks/personal-access-token': {
    flagged: [ctx.env('DATABRICKS_TOKEN', t), `[DEFAULT]\nhost = https://dbc-1.cloud.databricks.com\ntoken = ${t}-2\n`],
    clean: [`dapi${g.str(HEX, 31)}`, `dapi${g.str(ALNUM, 32)}Q`, 'DATABRICKS_TOKEN=dapi<token>', `rapidapi${g.str(HEX, 32)}`],
  },
};
