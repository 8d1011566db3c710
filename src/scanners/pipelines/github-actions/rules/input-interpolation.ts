import { contextRefs, expressions } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule, stepKey, usesAction } from '../rule.js';

export const inputInterpolation = defineRule({
  id: 'pipelines/github-actions/input-interpolation',
  title: 'Caller-supplied input expanded into a script of a reusable workflow or action',
  severity: 'low',
  cwe: [94],
  description:
    'A reusable workflow (`workflow_call`) or a composite action expands `${{ inputs.* }}` into `run:` or a github-script `script:`. Its callers decide the value; a caller that passes a pull request title or branch name turns it into command injection. (`workflow_dispatch` inputs alone are not flagged: only users with write access can dispatch.)',
  remediation: 'Map the input to an environment variable (`env: NAME: ${{ inputs.name }}`) and use `"$NAME"` in the script.',
  check(wf, report) {
    const reusable = wf.kind === 'action' || wf.triggers.has('workflow_call');
    if (!reusable) return;
    const types = wf.kind === 'action' ? wf.actionInputs : (wf.triggers.get('workflow_call')?.inputs ?? new Map<string, string>());
    for (const job of wf.jobs)
      for (const step of job.steps) {
        const script = step.run ?? (usesAction(step, 'actions/github-script') ? step.with.get('script') : undefined);
        if (!script) continue;
        for (const e of expressions(script.value)) {
          const ref = contextRefs(e.body).find((r) => /^inputs\.[\w-]+$/.test(r));
          if (!ref) continue;
          const name = ref.slice('inputs.'.length);
          const type = [...types].find(([k]) => k.toLowerCase() === name)?.[1];
          if (type === 'boolean' || type === 'number') continue;
          report(posIn(wf.text, script, e.raw), `${e.raw} is a caller-supplied input expanded into a script`, `${stepKey(job, step)}/${e.body}`);
        }
      }
  },
});
