import { actionRef, defineRule, isSha } from '../rule.js';

export const unpinnedReusableWorkflow = defineRule({
  id: 'pipelines/github-actions/unpinned-reusable-workflow',
  title: 'Reusable workflow from another repository not pinned to a commit SHA',
  severity: 'medium',
  cwe: [829],
  description: 'A job calls `owner/repo/.github/workflows/x.yml@<tag or branch>`; whoever can push to that repository decides what this job runs, with the secrets passed to it.',
  remediation: 'Reference the reusable workflow by full commit SHA (`@<40-hex sha> # v1`), or keep it in this repository (`./.github/workflows/x.yml`).',
  check(wf, report) {
    for (const job of wf.jobs) {
      if (!job.uses) continue;
      const a = actionRef(job.uses.value);
      if (a.kind !== 'repo' || isSha(a.ref)) continue;
      report(job.uses.pos, `${job.uses.value.trim()} is ${a.ref ? `pinned to "${a.ref}", not a commit SHA` : 'not pinned'}`, job.id);
    }
  },
});
