import type { FamilyCases } from '../detector-cases.js';
import { CS, synth, withCrc32 } from '../synthetic-tokens.js';

const g = synth(0x345b2b);
const npmBody = g.tok(CS.alnum, 30);
const npm = withCrc32('npm_', npmBody);
const b64 = (s: string) => Buffer.from(s).toString('base64');

export const cases: FamilyCases = {
  'secrets/npm/access-token': {
    flagged: [`//registry.npmjs.org/:_authToken=${npm}`, `NPM_TOKEN=${npm}`],
    clean: [`npm_${npmBody}Zq7Zq7`, `npm_${npmBody}`, `npm_${'x'.repeat(36)}`, `xnpm_${npm.slice(4)}`],
  },
  'secrets/npm/npmrc-auth-token': {
    flagged: [`//registry.npmjs.org/:_authToken=${g.uuid()}`, `//npm.pkg.github.com/:_authToken="${g.tok(CS.alnum, 40)}"`],
    clean: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', `//registry.npmjs.org/:_authToken=${npm}`, '//registry.npmjs.org/:_authToken=', '_authToken=xxxxxxxxxxxxxxxxxxxxxxxx'],
  },
  'secrets/npm/npmrc-basic-auth': {
    flagged: [`_auth = ${b64(`deploy:${g.tok(CS.alnum, 16)}`)}`, `//nexus.internal/repository/npm/:_password=${b64(g.tok(CS.alnum, 14))}`],
    clean: ['_auth = ${NPM_AUTH}', `_auth = ${b64('justausername')}`, `_auth=${g.bytes(24).toString('base64').replace(/=+$/, '')}x`],
  },
};
