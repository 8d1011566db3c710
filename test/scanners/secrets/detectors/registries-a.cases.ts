import type { FamilyCases } from '../detector-cases.js';
import { CS, synth, withCrc32 } from '../synthetic-tokens.js';

const g = synth(0x4e9d);
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
  'secrets/pypi/upload-token': {
    flagged: [`[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 160)}`, `TWINE_PASSWORD=pypi-AgEIcHlwaS5vcmcCJ${g.tok(CS.b64url, 70)}`],
    clean: [`pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 20)}`, `pypi-AgEIcHlwaS5vcmc<token>`, `pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 100)}`],
  },
  'secrets/pypi/test-upload-token': {
    flagged: [`[testpypi]\n  password = pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 120)}`, `TWINE_PASSWORD="pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 80)}"`],
    clean: [`pypi-AgENdGVzdC5weXBpLm9yZw${g.tok(CS.b64url, 10)}`, `pypi-AgENdGVzdC5weXBpLm9yZw<token>`, `pypi-AgEIcHlwaS5vcmc${g.tok(CS.b64url, 100)}`],
  },
  'secrets/rubygems/api-key': {
    flagged: [`GEM_HOST_API_KEY=rubygems_${g.tok(CS.hex, 48)}`, `---\n:rubygems_api_key: rubygems_${g.tok(CS.hex, 48)}`],
    clean: [`rubygems_${g.tok(CS.hex, 47)}`, `rubygems_${g.tok(CS.alnum.slice(20), 48)}`, `rubygems_<api-key>`],
  },
  'secrets/nuget/api-key': {
    flagged: [`dotnet nuget push pkg.nupkg --api-key oy2${g.tok(CS.lowerAlnum, 43)}`, `NUGET_API_KEY: "oy2${g.tok(CS.lowerAlnum, 43)}"`],
    clean: [`oy2${g.tok(CS.lowerAlnum, 42)}`, `oy2${g.tok(CS.lowerAlnum, 44)}`, `oy2${g.tok(CS.upperAlnum, 43)}`],
  },
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
  'secrets/crates/api-token': {
    flagged: [`CARGO_REGISTRY_TOKEN=cio${g.tok(CS.alnum, 32)}`, `[registry]\ntoken = "cio${g.tok(CS.alnum, 32)}"`],
    clean: [`cio${g.tok(CS.alnum, 31)}`, `cio${g.tok(CS.alnum, 33)}`, `precio${g.tok(CS.alnum, 32)}`],
  },
  'secrets/packagist/api-token': {
    flagged: [`COMPOSER_AUTH_TOKEN=packagist_uat_${g.tok(CS.alnum, 68)}`, `"token": "packagist_ort_${g.tok(CS.alnum, 40)}"`],
    clean: [`packagist_uat_${g.tok(CS.alnum, 20)}`, `packagist_uat_<token>`, `packagist_${g.tok(CS.alnum, 68)}`],
  },
  'secrets/hex/api-key': {
    flagged: [`HEX_API_KEY=${g.tok(CS.hex, 32)}`, `hexpm_key: "${g.tok(CS.hex, 32)}"`],
    clean: [`HEX_API_KEY=${g.tok(CS.hex, 31)}`, `HEX_API_KEY=\${HEX_KEY}`, `HEX_MIRROR=${g.tok(CS.hex, 32)}`],
  },
  'secrets/clojars/deploy-token': {
    flagged: [`CLOJARS_PASSWORD=CLOJARS_${g.tok(CS.lowerAlnum, 60)}`, `:password "CLOJARS_${g.tok(CS.lowerAlnum, 60)}"`],
    clean: [`CLOJARS_${g.tok(CS.lowerAlnum, 59)}`, `CLOJARS_${g.tok(CS.lowerAlnum, 61)}`, `CLOJARS_USERNAME`],
  },
};
