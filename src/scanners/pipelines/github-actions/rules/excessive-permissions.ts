import { defineRule } from '../rule.js';

export const excessivePermissions = defineRule({
  id: 'pipelines/github-actions/excessive-permissions',
  title: 'GITHUB_TOKEN granted write-all',
  severity: 'high',
  cwe: [250, 269],
  description: '`permissions: write-all` gives the job token write access to code, releases, packages, workflows\' issues and more; any compromised step or injected command can use all of it.',
  remediation: 'Declare only the scopes the job needs, e.g. `permissions: { contents: read }`, and grant write scopes per job.',
  check(wf, report) {
    if (wf.permissions?.kind === 'all' && wf.permissions.value.value === 'write-all')
      report(wf.permissions.value.pos, 'the workflow grants write-all to every job', 'workflow');
    for (const job of wf.jobs)
      if (job.permissions?.kind === 'all' && job.permissions.value.value === 'write-all')
        report(job.permissions.value.pos, `job ${job.id} grants write-all`, job.id);
  },
});
