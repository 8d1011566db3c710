import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('onepassword');
const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = `ops_${b64u({ signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: g.str(B64URL, 22) }, email: `${g.str(ALNUM, 12).toLowerCase()}@1passwordserviceaccounts.com`, srpX: g.str(ALNUM, 64).toLowerCase(), muk: { alg: 'A256GCM', ext: true, k: g.str(B64URL, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' }, secretKey: `A3-${g.str(ALNUM, 6).toUpperCase()}`, throttleSecret: { seed: g.str(ALNUM, 64).toLowerCase(), deviceUuid: g.str(ALNUM, 26).toLowerCase() }, deviceUuid: g.str(ALNUM, 26).toLowerCase() })}`;

export const cases: FamilyCases = {
  'secrets/onepassword/service-account-token': {
    flagged: [ctx.env('OP_SERVICE_ACCOUNT_TOKEN', token), ctx.yaml('op_token', token)],
    clean: [`ops_${b64u({ hello: 'world', value: g.str(ALNUM, 100) })}`, 'OP_SERVICE_ACCOUNT_TOKEN=ops_<token>', `ops_eyJ${g.str(ALNUM, 40)}`],
  },
};
