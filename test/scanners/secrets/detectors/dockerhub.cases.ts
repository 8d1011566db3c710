import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xf45885);
const b64 = (s: string) => Buffer.from(s).toString('base64');

export const cases: FamilyCases = {
  'secrets/dockerhub/personal-access-token': {
    flagged: [`echo dckr_pat_${g.tok(CS.b64url, 27)} | docker login -u ci --password-stdin`, `DOCKERHUB_TOKEN=dckr_pat_${g.tok(CS.b64url, 27)}`],
    clean: [`dckr_pat_${g.tok(CS.alnum, 20)}`, `dckr_pat_${g.tok(CS.alnum, 30)}`, `dckr_pat_<token>`],
  },
  'secrets/dockerhub/organization-access-token': {
    flagged: [`DOCKER_OAT=dckr_oat_${g.tok(CS.b64url, 32)}`, `password: dckr_oat_${g.tok(CS.alnum, 27)}`],
    clean: [`dckr_oat_${g.tok(CS.alnum, 20)}`, `dckr_oat_${g.tok(CS.alnum, 45)}`, `dckr_oat_<token>`],
  },
  'secrets/dockerhub/config-auth': {
    flagged: [
      `{\n  "auths": {\n    "https://index.docker.io/v1/": {\n      "auth": "${b64(`builder:${g.tok(CS.alnum, 18)}`)}"\n    }\n  }\n}`,
      `{"auths":{"ghcr.io":{"auth":"${b64(`ci-bot:ghp_${g.tok(CS.alnum, 36)}`)}"}}}`,
    ],
    clean: [
      `{"auths": {"https://index.docker.io/v1/": {"auth": "${b64('builder:')}"}}}`,
      `{"auths": {"https://index.docker.io/v1/": {"auth": "${b64('builder:<password>')}"}}}`,
      `{"auths": {"https://index.docker.io/v1/": {}}, "credsStore": "desktop"}`,
      `{"auth": "${g.bytes(30).toString('base64')}"}`,
    ],
  },
};
