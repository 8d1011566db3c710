import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x9173);
const u = CS.b64url;
const t20 = () => g.tok(u.replace(/[-_]/g, ''), 20);

export const cases: FamilyCases = {
  'secrets/gitlab/personal-access-token': {
    flagged: [`GITLAB_TOKEN=glpat-${t20()}`, `private_token: "glpat-${g.tok(CS.alnum, 27)}.01.${g.tok(CS.lowerAlnum, 9)}"`],
    clean: [`glpat-${g.tok(CS.alnum, 12)}`, `glpat-xxxxxxxxxxxxxxxxxxxx`, `glpat-<your-token>`, `Xglpat-${t20()}`],
  },
  'secrets/gitlab/runner-auth-token': {
    flagged: [`token = "glrt-${t20()}"`, `CI_RUNNER_TOKEN: glrt-t1_${t20()}`],
    clean: [`glrt-${g.tok(CS.alnum, 10)}`, `glrt-REPLACE_WITH_TOKEN_VALUE`, `glrt-$RUNNER_TOKEN`],
  },
  'secrets/gitlab/runner-registration-token': {
    flagged: [`--registration-token GR1348941${t20()}`, `registration_token: "GR1348941${t20()}"`],
    clean: [`GR1348941${g.tok(CS.alnum, 12)}`, `GR1348941xxxxxxxxxxxxxxxxxxxx`, `GR1348941<token>`],
  },
  'secrets/gitlab/deploy-token': {
    flagged: [`DEPLOY_TOKEN=gldt-${t20()}`, `{"token": "gldt-${t20()}"}`],
    clean: [`gldt-${g.tok(CS.alnum, 15)}`, `gldt-<deploy-token>`, `gldt-000000000000000000000`],
  },
  'secrets/gitlab/pipeline-trigger-token': {
    flagged: [`curl -F token=glptt-${g.tok(CS.hex, 40)} -F ref=main`, `TRIGGER_TOKEN: "glptt-${t20()}"`],
    clean: [`glptt-${g.tok(CS.hex, 12)}`, `glptt-\${TRIGGER_TOKEN}`, `glptt-xxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/gitlab/feed-token': {
    flagged: [`https://gitlab.com/dashboard/issues.atom?feed_token=glft-${t20()}`, `feed: glft-${t20()}`],
    clean: [`glft-${g.tok(CS.alnum, 8)}`, `glft-<feed-token>`, `glft-REPLACE_ME_PLEASE_NOW_X`],
  },
  'secrets/gitlab/incoming-mail-token': {
    flagged: [`incoming+group-project-glimt-${g.tok(CS.lowerAlnum, 25)}@incoming.gitlab.com`.replace('-glimt', ' glimt'), `mail_token = "glimt-${g.tok(CS.lowerAlnum, 25)}"`],
    clean: [`glimt-${g.tok(CS.lowerAlnum, 24)}`, `glimt-${g.tok(CS.lowerAlnum, 26)}`, `glimt-<incoming-email-token>`],
  },
  'secrets/gitlab/ci-job-token': {
    flagged: [`JOB_TOKEN=glcbt-64_${t20()}`, `"token": "glcbt-${t20()}"`],
    clean: [`glcbt-${g.tok(CS.alnum, 10)}`, `glcbt-$CI_JOB_TOKEN`, `glcbt-<job-token>`],
  },
  'secrets/gitlab/oauth-app-secret': {
    flagged: [`GITLAB_OAUTH_SECRET=gloas-${g.tok(CS.hex, 64)}`, `client_secret: 'gloas-${g.tok(CS.hex, 64)}'`],
    clean: [`gloas-${g.tok(CS.hex, 63)}`, `gloas-${g.tok(CS.hex, 65)}`, `gloas-${g.tok(CS.alnum.slice(10, 36), 64)}`],
  },
  'secrets/gitlab/scim-token': {
    flagged: [`scim_token = "glsoat-${t20()}"`, `Authorization: Bearer glsoat-${t20()}`],
    clean: [`glsoat-${g.tok(CS.alnum, 19)}`, `glsoat-${g.tok(CS.alnum, 21)}`, `glsoat-<scim-token>`],
  },
  'secrets/gitlab/agent-token': {
    flagged: [`--set config.token=glagent-${g.tok(CS.alnum, 50)}`, `token: glagent-${g.tok(CS.alnum, 50)}`],
    clean: [`glagent-${g.tok(CS.alnum, 30)}`, `glagent-${g.tok(CS.alnum, 51)}`, `glagent-<agent-token>`],
  },
  'secrets/gitlab/feature-flag-client-token': {
    flagged: [`UNLEASH_INSTANCE_ID=glffct-${t20()}`, `instanceId: 'glffct-${t20()}'`],
    clean: [`glffct-${g.tok(CS.alnum, 19)}`, `glffct-${g.tok(CS.alnum, 22)}`, `glffct-<instance-id>`],
  },
};
