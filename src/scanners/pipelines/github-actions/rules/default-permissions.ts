import { defineRule } from '../rule.js';

export const defaultPermissions = defineRule({
  id: 'pipelines/github-actions/default-permissions',
  title: 'Job runs with the default GITHUB_TOKEN permissions',
  severity: 'low',
  cwe: [250, 269],
  description:
    'Neither the workflow nor the job declares `permissions:`, so the token gets the repository or organisation default, which is read-write on older repositories and organisations. A compromised step then gets more than the job needs.',
  remediation: 'Add `permissions: { contents: read }` (or `{}`) at the top of the workflow and grant write scopes only in the jobs that need them.',
  check(wf, report) {
    if (wf.kind !== 'workflow' || wf.permissions) return;
    // A reusable workflow's token is bounded by its caller's permissions: the caller is audited.
    if ([...wf.triggers.keys()].every((t) => t === 'workflow_call')) return;
    for (const job of wf.jobs)
      if (!job.permissions) report(job.pos, `job ${job.id} has no permissions block and the workflow has none either`, job.id);
  },
});
