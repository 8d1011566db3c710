import { actionRef, allSteps, defineRule, isSha, stepKey } from '../rule.js';

/** Owners whose actions GitHub itself publishes: flagged by unpinned-first-party-action instead. */
export const FIRST_PARTY = /^(actions|github)\//;

export const unpinnedAction = defineRule({
  id: 'pipelines/github-actions/unpinned-action',
  title: 'Third-party action not pinned to a commit SHA',
  severity: 'medium',
  cwe: [829],
  description:
    'A tag or branch of an action can be moved by whoever controls the action\'s repository (as in the tj-actions/changed-files compromise of March 2025), so the next run executes new code with this job\'s token and secrets.',
  remediation: 'Pin to the full 40-character commit SHA and keep the tag as a comment: `uses: owner/action@<sha> # v1.2.3`; let Dependabot or Renovate update it.',
  check(wf, report) {
    for (const [job, step] of allSteps(wf)) {
      if (!step.uses) continue;
      const a = actionRef(step.uses.value);
      if (a.kind !== 'repo' || FIRST_PARTY.test(a.name) || isSha(a.ref) || /\$\{\{/.test(step.uses.value)) continue;
      report(step.uses.pos, `${step.uses.value.trim()} is ${a.ref ? `pinned to "${a.ref}", not a commit SHA` : 'not pinned at all'}`, stepKey(job, step));
    }
  },
});
