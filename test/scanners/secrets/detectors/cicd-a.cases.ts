// Cases for the part-A CI/CD and code-hosting families other than GitHub and GitLab.
import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xc1cd);
const uuid = g.uuid;

export const cases: FamilyCases = {
  'secrets/bitbucket/app-password': {
    flagged: [`BITBUCKET_APP_PASSWORD=ATBB${g.tok(CS.alnum, 32)}`, `password: "ATBB${g.tok(CS.alnum, 28)}"`],
    clean: [`ATBB${g.tok(CS.alnum, 20)}`, `ATBB${g.tok(CS.alnum, 40)}`, `ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/bitbucket/access-token': {
    flagged: [`BB_TOKEN=ATCTT3xFfGN0${g.tok(CS.b64url, 180)}=${g.tok(CS.upperHex, 8)}`, `"token": "ATCTT3xFfGN0${g.tok(CS.alnum, 150)}"`],
    clean: [`ATCTT3xFfGN0${g.tok(CS.alnum, 40)}`, `ATCTT3xFfGN0<access-token>`, `ATCTT3xFfGN1${g.tok(CS.alnum, 150)}`],
  },
  'secrets/bitbucket/oauth-consumer-secret': {
    flagged: [`BITBUCKET_CLIENT_SECRET=${g.tok(CS.alnum, 32)}`, `bitbucket:\n  bitbucket_oauth_secret: "${g.tok(CS.alnum, 32)}"`],
    clean: [`BITBUCKET_CLIENT_SECRET=${g.tok(CS.alnum, 20)}`, `BITBUCKET_CLIENT_SECRET=\${BB_SECRET}`, `GITHUB_CLIENT_SECRET=${g.tok(CS.alnum, 32)}`],
  },
  'secrets/circleci/personal-token': {
    flagged: [`CIRCLE_TOKEN=CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}`, `circle-token: "CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}"`],
    clean: [`CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 39)}`, `CCIPAT_${g.tok(CS.alnum, 22)}-${g.tok(CS.hex, 40)}`, `CCIPAT_<your-token>`],
  },
  'secrets/circleci/project-token': {
    flagged: [`token=CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}`, `{"circle": "CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}"}`],
    clean: [`CCIPRJ_${g.tok(CS.alnum, 21)}_${g.tok(CS.hex, 40)}`, `CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum.slice(20), 40)}`, `CCIPRJ_xxxx`],
  },
  'secrets/circleci/legacy-token': {
    flagged: [`CIRCLECI_TOKEN=${g.tok(CS.hex, 40)}`, `circle_api_key: "${g.tok(CS.hex, 40)}"`],
    clean: [`CIRCLECI_TOKEN=${g.tok(CS.hex, 39)}`, `CIRCLE_SHA1=${g.tok(CS.hex, 40)}`, `CIRCLECI_TOKEN=${'0'.repeat(40)}`],
  },
  'secrets/travis/api-token': {
    flagged: [`TRAVIS_TOKEN=${g.tok(CS.b64url, 22)}`, `travis_api_key: "${g.tok(CS.alnum, 22)}"`],
    clean: [`TRAVIS_TOKEN=${g.tok(CS.alnum, 21)}`, `TRAVIS_TOKEN=${g.tok(CS.alnum, 23)}`, `TRAVIS_TOKEN=<travis-token>`],
  },
  'secrets/buildkite/api-token': {
    flagged: [`BUILDKITE_API_TOKEN=bkua_${g.tok(CS.hex, 40)}`, `Authorization: Bearer bkua_${g.tok(CS.hex, 40)}`],
    clean: [`bkua_${g.tok(CS.hex, 39)}`, `bkua_${g.tok(CS.hex, 41)}`, `bkua_${g.tok(CS.alnum.slice(20), 40)}`],
  },
  'secrets/buildkite/agent-token': {
    flagged: [`BUILDKITE_AGENT_TOKEN=${g.tok(CS.alnum, 50)}`, `buildkite-agent-token: "${g.tok(CS.lowerAlnum, 50)}"`],
    clean: [`BUILDKITE_AGENT_TOKEN=${g.tok(CS.alnum, 30)}`, `BUILDKITE_AGENT_TOKEN=\${AGENT_TOKEN}`, `BUILDKITE_AGENT_NAME=${g.tok(CS.alnum, 50)}`],
  },
  'secrets/azure-devops/pat': {
    flagged: [`AZURE_DEVOPS_EXT_PAT=${g.tok(CS.alnum, 76)}AZDO${g.tok(CS.alnum, 4)}`, `"pat": "${g.tok(CS.alnum, 52)}JQQJ99${g.tok(CS.alnum, 18)}AZDO${g.tok(CS.alnum, 4)}"`],
    clean: [`${g.tok(CS.alnum, 75)}AZDO${g.tok(CS.alnum, 4)}`, `${g.tok(CS.alnum, 76)}AZDX${g.tok(CS.alnum, 4)}`, `${g.tok(CS.alnum, 77)}AZDO${g.tok(CS.alnum, 4)}`],
  },
  'secrets/azure-devops/legacy-pat': {
    flagged: [`AZURE_DEVOPS_PAT=${g.tok(CS.lowerBase32, 52)}`, `ado_token: "${g.tok(CS.lowerBase32, 52)}"`],
    clean: [`AZURE_DEVOPS_PAT=${g.tok(CS.lowerBase32, 51)}`, `AZURE_DEVOPS_PAT=${g.tok(CS.lowerAlnum.replace(/[2-7]/g, ''), 52)}`, `SOME_OTHER_VALUE=${g.tok(CS.lowerBase32, 52)}`],
  },
  'secrets/jenkins/api-token': {
    flagged: [`JENKINS_API_TOKEN=11${g.tok(CS.hex, 32)}`, `jenkins_password: "${g.tok(CS.hex, 32)}"`],
    clean: [`JENKINS_API_TOKEN=${g.tok(CS.hex, 20)}`, `JENKINS_URL=${g.tok(CS.hex, 32)}`, `JENKINS_API_TOKEN=\${JENKINS_TOKEN}`],
  },
  'secrets/drone/token': {
    flagged: [`DRONE_TOKEN=${g.tok(CS.alnum, 32)}`, `DRONE_RPC_SECRET: "${g.tok(CS.alnum, 32)}"`],
    clean: [`DRONE_TOKEN=${g.tok(CS.alnum, 31)}`, `DRONE_SERVER=${g.tok(CS.alnum, 32)}`, `DRONE_TOKEN=<drone-token-goes-here>`],
  },
  'secrets/terraform/cloud-api-token': {
    flagged: [`credentials "app.terraform.io" {\n  token = "${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.alnum, 67)}"\n}`, `TFE_TOKEN=${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.b64url, 67)}`],
    clean: [`${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.alnum, 30)}`, `${g.tok(CS.alnum, 14)}.atlasv2.${g.tok(CS.alnum, 67)}`, `xxxxxxxxxxxxxx.atlasv1.${'x'.repeat(67)}`],
  },
  'secrets/vault/service-token': {
    flagged: [`VAULT_TOKEN=hvs.${g.tok(CS.alnum, 24)}`, `token: "hvs.CAESI${g.tok(CS.b64url, 90)}"`],
    clean: [`hvs.${g.tok(CS.alnum, 20)}`, `hvs.<vault-token>`, `hvs.xxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/vault/batch-token': {
    flagged: [`VAULT_TOKEN=hvb.AAAAAQ${g.tok(CS.b64url, 130)}`, `{"client_token": "hvb.${g.tok(CS.b64url, 140)}"}`],
    clean: [`hvb.${g.tok(CS.alnum, 30)}`, `hvb.<batch-token>`, `hvbx${g.tok(CS.alnum, 130)}`],
  },
  'secrets/vault/recovery-token': {
    flagged: [`VAULT_TOKEN=hvr.${g.tok(CS.alnum, 24)}`, `recovery_token: hvr.${g.tok(CS.alnum, 40)}`],
    clean: [`hvr.${g.tok(CS.alnum, 10)}`, `hvr.<token>`, `hvr.xxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/vault/legacy-token': {
    flagged: [`export VAULT_TOKEN=s.${g.tok(CS.alnum, 24)}`, `curl -H "X-Vault-Token: s.${g.tok(CS.alnum, 24)}" https://vault.internal:8200/v1/secret/data/app`],
    clean: [`VAULT_TOKEN=s.${g.tok(CS.alnum, 23)}`, `VAULT_TOKEN=root`, `VAULT_ADDR=s.${g.tok(CS.alnum, 24)}`],
  },
  'secrets/pulumi/access-token': {
    flagged: [`PULUMI_ACCESS_TOKEN=pul-${g.tok(CS.hex, 40)}`, `accessToken: "pul-${g.tok(CS.hex, 40)}"`],
    clean: [`pul-${g.tok(CS.hex, 39)}`, `pul-${g.tok(CS.alnum.slice(20), 40)}`, `pul-<access-token>`],
  },
  'secrets/doppler/personal-token': {
    flagged: [`DOPPLER_TOKEN=dp.pt.${g.tok(CS.alnum, 43)}`, `doppler:\n  token: "dp.pt.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.pt.${g.tok(CS.alnum, 20)}`, `dp.pt.<personal-token>`, `dp.px.${g.tok(CS.alnum, 43)}`],
  },
  'secrets/doppler/service-token': {
    flagged: [`DOPPLER_TOKEN=dp.st.${g.tok(CS.alnum, 43)}`, `DOPPLER_TOKEN="dp.st.prd.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.st.${g.tok(CS.alnum, 30)}`, `dp.st.\${TOKEN}`, `dp.st.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/doppler/service-account-token': {
    flagged: [`DOPPLER_TOKEN=dp.sa.${g.tok(CS.alnum, 43)}`, `token: dp.sa.${g.tok(CS.alnum, 43)}`],
    clean: [`dp.sa.${g.tok(CS.alnum, 20)}`, `dp.sa.<token>`, `dp.sa.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/cli-token': {
    flagged: [`token: dp.ct.${g.tok(CS.alnum, 43)}`, `{"token":"dp.ct.${g.tok(CS.alnum, 43)}"}`],
    clean: [`dp.ct.${g.tok(CS.alnum, 20)}`, `dp.ct.<token>`, `dp.ct.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/scim-token': {
    flagged: [`SCIM_TOKEN=dp.scim.${g.tok(CS.alnum, 43)}`, `bearer: "dp.scim.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.scim.${g.tok(CS.alnum, 20)}`, `dp.scim.<token>`, `dp.scim.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/audit-token': {
    flagged: [`AUDIT_TOKEN=dp.audit.${g.tok(CS.alnum, 43)}`, `token = 'dp.audit.${g.tok(CS.alnum, 43)}'`],
    clean: [`dp.audit.${g.tok(CS.alnum, 20)}`, `dp.audit.<token>`, `dp.audit.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/codecov/upload-token': {
    flagged: [`CODECOV_TOKEN=${uuid()}`, `- uses: codecov/codecov-action@v4\n  with:\n    codecov_token: "${uuid()}"`],
    clean: [`CODECOV_TOKEN=\${{ secrets.CODECOV_TOKEN }}`, `CODECOV_TOKEN=${uuid().slice(0, 30)}`, `CODECOV_URL=${uuid()}`],
  },
  'secrets/sonarqube/user-token': {
    flagged: [`SONAR_TOKEN=squ_${g.tok(CS.hex, 40)}`, `sonar.token=squ_${g.tok(CS.hex, 40)}`],
    clean: [`squ_${g.tok(CS.hex, 39)}`, `squ_${g.tok(CS.alnum.slice(20), 40)}`, `squ_<token>`],
  },
  'secrets/sonarqube/project-analysis-token': {
    flagged: [`SONAR_TOKEN=sqp_${g.tok(CS.hex, 40)}`, `args: -Dsonar.login=sqp_${g.tok(CS.hex, 40)}`],
    clean: [`sqp_${g.tok(CS.hex, 41)}`, `sqp_${g.tok(CS.alnum.slice(20), 40)}`, `sqp_<token>`],
  },
  'secrets/sonarqube/global-analysis-token': {
    flagged: [`SONAR_TOKEN=sqa_${g.tok(CS.hex, 40)}`, `token: "sqa_${g.tok(CS.hex, 40)}"`],
    clean: [`sqa_${g.tok(CS.hex, 30)}`, `xsqa_${g.tok(CS.hex, 40)}`, `sqa_<token>`],
  },
  'secrets/sonarqube/legacy-token': {
    flagged: [`sonar.login=${g.tok(CS.hex, 40)}`, `SONAR_TOKEN: "${g.tok(CS.hex, 40)}"`],
    clean: [`sonar.login=${g.tok(CS.hex, 39)}`, `SONAR_HOST_URL=${g.tok(CS.hex, 40)}`, `sonar.login=\${SONAR_TOKEN}`],
  },
  'secrets/snyk/api-token': {
    flagged: [`SNYK_TOKEN=${uuid()}`, `snyk_api_key: "${uuid()}"`],
    clean: [`SNYK_TOKEN=\${{ secrets.SNYK_TOKEN }}`, `SNYK_ORG=${uuid()}`, `SNYK_TOKEN=${uuid().slice(0, 35)}`],
  },
  'secrets/jfrog/api-key': {
    flagged: [`ARTIFACTORY_API_KEY=AKCp${g.tok(CS.alnum, 69)}`, `X-JFrog-Art-Api: AKCp${g.tok(CS.alnum, 69)}`],
    clean: [`AKCp${g.tok(CS.alnum, 40)}`, `AKCp${g.tok(CS.alnum, 70)}`, `AKCx${g.tok(CS.alnum, 69)}`],
  },
  'secrets/jfrog/reference-token': {
    flagged: [`JFROG_ACCESS_TOKEN=cmVmdGtuOjAxOj${g.tok(CS.alnum, 50)}`, `password: "cmVmdGtuOjAxOj${g.tok(CS.alnum, 50)}"`],
    clean: [`cmVmdGtuOjAxOj${g.tok(CS.alnum, 20)}`, `cmVmdGtuOjAxOj<token>`, `cmVmdGtuOjAyOj${g.tok(CS.alnum, 50)}`],
  },
};
