import { COMPROMISED_ACTIONS } from '../data/compromised-actions.js';
import { actionRef, allSteps, defineRule, stepKey } from '../rule.js';

/** `v45.0.7` / `45` → [45, 0, 7]; undefined for a branch name or SHA. */
const version = (ref: string): number[] | undefined => (/^v?\d+(\.\d+){0,2}$/.test(ref) ? ref.replace(/^v/, '').split('.').map(Number) : undefined);

function below(v: number[], fixed: number[]): boolean {
  // A major-only tag (`v45`) below the fixed major is affected; `v46` equal-major tags are not.
  for (let i = 0; i < fixed.length; i++) {
    const a = v[i];
    const b = fixed[i]!;
    if (a === undefined) return false;
    if (a !== b) return a < b;
  }
  return false;
}

export const compromisedAction = defineRule({
  id: 'pipelines/github-actions/compromised-action',
  title: 'Action with a known compromise',
  severity: 'critical',
  cwe: [506, 829],
  description:
    'The step uses an action at a commit or version affected by a known supply-chain compromise, during which the action exfiltrated secrets of the workflows that ran it.',
  remediation: 'Upgrade to a fixed version pinned by commit SHA, and rotate every secret available to workflows that ran the affected version during the incident window.',
  references: ['https://github.com/advisories/GHSA-mrrh-fwg8-r2c3', 'https://github.com/reviewdog/reviewdog/issues/2079'],
  check(wf, report) {
    for (const [job, step] of allSteps(wf)) {
      if (!step.uses) continue;
      const a = actionRef(step.uses.value);
      const hit = COMPROMISED_ACTIONS.find((c) => c.name === a.name);
      if (!hit || !a.ref) continue;
      const v = version(a.ref);
      const bad = hit.commits.includes(a.ref.toLowerCase()) || (!!hit.fixedIn && !!v && below(v, version(hit.fixedIn)!));
      if (bad) report(step.uses.pos, `${step.uses.value.trim()} is affected by ${hit.advisory} (${hit.window}): ${hit.summary}`, stepKey(job, step));
    }
  },
});
