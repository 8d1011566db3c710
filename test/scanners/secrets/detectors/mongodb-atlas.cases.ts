import type { FamilyCases } from '../detector-cases.js';
import { B64URL, LOWER, ctx, gen } from '../token-gen.js';

const g = gen('mongodb-atlas');
const priv = g.uuid();
const sa = `mdb_sa_sk_${g.str(B64URL, 40)}`;

export const cases: FamilyCases = {
  'secrets/mongodb-atlas/private-api-key': {
    flagged: [`MONGODB_ATLAS_PUBLIC_KEY=${g.str(LOWER, 8)}\nMONGODB_ATLAS_PRIVATE_KEY=${priv}\n`, `provider "mongodbatlas" {\n  private_key = "${priv}"\n}`],
    clean: [ctx.env('MONGODB_ATLAS_PRIVATE_KEY', priv.slice(0, 35)), ctx.env('MONGODB_ATLAS_PUBLIC_KEY', g.str(LOWER, 8)), ctx.env('MONGODB_ATLAS_PRIVATE_KEY', '<private-key>'), ctx.env('PRIVATE_KEY_ID', priv)],
  },
  'secrets/mongodb-atlas/service-account-secret': {
    flagged: [ctx.env('MONGODB_ATLAS_CLIENT_SECRET', sa), ctx.json('clientSecret', sa)],
    clean: [`mdb_sa_sk_${g.str(B64URL, 20)}`, 'mdb_sa_sk_<secret>', `mdb_sa_id_${g.str(B64URL, 40)}`],
  },
};
