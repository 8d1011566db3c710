import { defineRule } from '../rule.js';

export const secretsInherit = defineRule({
  id: 'pipelines/github-actions/secrets-inherit',
  title: 'Reusable workflow called with secrets: inherit',
  severity: 'medium',
  cwe: [272, 200],
  description: '`secrets: inherit` hands every repository, environment and organisation secret to the called workflow, although it needs only a few; a compromise of that workflow leaks them all.',
  remediation: 'Pass only the secrets the called workflow declares: `secrets: { NPM_TOKEN: ${{ secrets.NPM_TOKEN }} }`.',
  check(wf, report) {
    for (const job of wf.jobs) if (job.secretsInherit) report(job.secretsInherit.pos, `job ${job.id} passes all secrets to ${job.uses?.value.trim() ?? 'a reusable workflow'}`, job.id);
  },
});
