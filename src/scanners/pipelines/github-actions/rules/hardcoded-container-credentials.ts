import { defineRule } from '../rule.js';

export const hardcodedContainerCredentials = defineRule({
  id: 'pipelines/github-actions/hardcoded-container-credentials',
  title: 'Registry password written in the workflow',
  severity: 'high',
  cwe: [798, 522],
  description: 'A `container:` or `services:` entry gives `credentials.password` as a literal, so everyone who can read the repository can log in to the registry.',
  remediation: 'Store the password as a secret and reference it: `password: ${{ secrets.REGISTRY_PASSWORD }}`; rotate the exposed one.',
  check(wf, report) {
    for (const job of wf.jobs)
      for (const c of [job.container, ...job.services]) {
        const p = c?.credentials?.password;
        if (c && p && p.value.trim() !== '' && !/\$\{\{/.test(p.value)) report(p.pos, `${c.name} in job ${job.id} has a hardcoded registry password`, `${job.id}/${c.name}`);
      }
  },
});
