import { allSteps, defineRule, stepKey, usesAction } from '../rule.js';
import type { Workflow } from '../parse.js';

const isRelease = (wf: Workflow): boolean => {
  if (wf.triggers.has('release')) return true;
  const push = wf.triggers.get('push');
  return !!push && push.filters.has('tags') && !push.filters.has('branches') && !push.filters.has('branches-ignore');
};

export const cachePoisoning = defineRule({
  id: 'pipelines/github-actions/cache-poisoning',
  title: 'Release workflow restores a cache',
  severity: 'medium',
  cwe: [349, 829],
  description:
    'A workflow that builds releases (on `release` or tag pushes) restores a GitHub Actions cache. Caches written by other workflows on the default branch, including ones that run pull request code, are visible to it; a poisoned cache then ends up inside the released artifact.',
  remediation: 'Do not use caches in release and publishing workflows: remove actions/cache and set the setup action\'s `cache:` input to false or drop it.',
  check(wf, report) {
    if (!isRelease(wf)) return;
    for (const [job, step] of allSteps(wf)) {
      if (!step.uses) continue;
      if (usesAction(step, 'actions/cache') && !/\/save$/.test(step.uses.value.split('@')[0] ?? ''))
        report(step.uses.pos, 'a release workflow restores an actions/cache entry', stepKey(job, step));
      else if (/^actions\/setup-/.test(step.uses.value.trim())) {
        const c = step.with.get('cache');
        if (c && c.value.trim() !== '' && c.value.trim().toLowerCase() !== 'false') report(c.pos, `a release workflow enables the ${step.uses.value.split('@')[0]} cache`, stepKey(job, step));
      }
    }
  },
});
