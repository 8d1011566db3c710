import { allSteps, defineRule, stepKey, usesAction } from '../rule.js';
import type { Step } from '../parse.js';

/** actions/checkout keeps the token in .git/config unless told not to. */
export const persistsCredentials = (step: Step): boolean =>
  usesAction(step, 'actions/checkout') && step.with.get('persist-credentials')?.value.trim().toLowerCase() !== 'false';

export const checkoutPersistCredentials = defineRule({
  id: 'pipelines/github-actions/checkout-persist-credentials',
  title: 'actions/checkout persists the token in .git/config',
  severity: 'low',
  cwe: [522],
  description:
    'By default actions/checkout writes the GITHUB_TOKEN into the checkout\'s .git/config, where every later step (and any uploaded artifact or cache of the workspace) can read it.',
  remediation: 'Set `with: persist-credentials: false` and pass a token explicitly to the one step that pushes.',
  check(wf, report) {
    for (const [job, step] of allSteps(wf))
      if (persistsCredentials(step) && step.uses) report(step.uses.pos, 'actions/checkout without persist-credentials: false leaves the token in .git/config', stepKey(job, step));
  },
});
