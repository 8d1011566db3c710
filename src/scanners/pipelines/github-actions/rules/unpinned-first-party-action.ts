import { actionRef, allSteps, defineRule, isSha, stepKey } from '../rule.js';
import { FIRST_PARTY } from './unpinned-action.js';

export const unpinnedFirstPartyAction = defineRule({
  id: 'pipelines/github-actions/unpinned-first-party-action',
  title: 'GitHub-published action not pinned to a commit SHA',
  severity: 'low',
  cwe: [829],
  description:
    'Actions under `actions/` and `github/` are maintained by GitHub, so a moved tag is less likely, but a tag is still mutable and the code run is not reviewable from the workflow alone.',
  remediation: 'Pin to the full commit SHA with the version in a comment (`actions/checkout@<sha> # v4.2.2`) and let Dependabot update it.',
  check(wf, report) {
    for (const [job, step] of allSteps(wf)) {
      if (!step.uses) continue;
      const a = actionRef(step.uses.value);
      if (a.kind !== 'repo' || !FIRST_PARTY.test(a.name) || isSha(a.ref)) continue;
      report(step.uses.pos, `${step.uses.value.trim()} is ${a.ref ? `pinned to "${a.ref}", not a commit SHA` : 'not pinned at all'}`, stepKey(job, step));
    }
  },
});
