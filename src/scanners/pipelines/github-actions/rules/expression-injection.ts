import { expressions, jobTrackers } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule, stepKey, usesAction } from '../rule.js';

export const expressionInjection = defineRule({
  id: 'pipelines/github-actions/expression-injection',
  title: 'Attacker-controlled expression expanded into a script',
  severity: 'high',
  cwe: [94, 78],
  description:
    'A `${{ }}` expression is replaced by its value before the shell (or actions/github-script) runs, so a pull request title, branch name, comment or commit message containing quotes and commands runs those commands with the job\'s token and secrets. The data may reach the script directly or through an `env:` variable or a step output.',
  remediation:
    'Pass the value through an environment variable and use it as a shell variable: `env: TITLE: ${{ github.event.issue.title }}` then `run: echo "$TITLE"` (in github-script read `process.env.TITLE`).',
  references: ['https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections'],
  check(wf, report) {
    for (const [job, tt] of jobTrackers(wf)) {
      for (const step of job.steps) {
        const scope = tt.stepScope(step.env);
        const script = step.run ?? (usesAction(step, 'actions/github-script') ? step.with.get('script') : undefined);
        if (script) {
          for (const e of expressions(script.value)) {
            const t = tt.exprTaint(e.body, scope);
            if (!t) continue;
            const flow = t.via.length ? ` (from ${t.source} via ${t.via.join(' → ')})` : '';
            report(
              posIn(wf.text, script, e.raw),
              `${e.raw} is expanded into ${step.run ? 'run:' : 'the github-script script:'} and carries attacker-controlled data${flow}`,
              `${stepKey(job, step)}/${e.body}`,
            );
          }
        }
        tt.afterStep(step, scope);
      }
    }
  },
});
