import { expressions, jobTrackers } from '../contexts.js';
import { posIn } from '../parse.js';
import { defineRule, stepKey } from '../rule.js';

const WRITE = /(GITHUB_ENV|GITHUB_PATH)\b/;

export const untrustedGithubEnv = defineRule({
  id: 'pipelines/github-actions/untrusted-github-env',
  title: 'Attacker-controlled data written to GITHUB_ENV or GITHUB_PATH',
  severity: 'high',
  cwe: [94, 74],
  description:
    'Lines appended to $GITHUB_ENV become environment variables of every later step, and lines in $GITHUB_PATH change which programs run. A value with a newline can set LD_PRELOAD, NODE_OPTIONS or BASH_ENV, so data from a pull request, issue or comment written there runs code.',
  remediation: 'Pass untrusted values to later steps as step outputs or through the step\'s own `env:`; never write them to GITHUB_ENV or GITHUB_PATH.',
  check(wf, report) {
    for (const [job, tt] of jobTrackers(wf)) {
      for (const step of job.steps) {
        const scope = tt.stepScope(step.env);
        if (step.run) {
          for (const line of step.run.value.split('\n')) {
            const w = WRITE.exec(line);
            if (!w || !/>>|tee\b/.test(line)) continue;
            const byExpr = expressions(line).map((e) => tt.exprTaint(e.body, scope)).find((t) => t);
            const t = byExpr ?? tt.shellVarTaint(line.replace(/\$\{?GITHUB_(ENV|PATH)\}?/g, ''), scope);
            if (!t) continue;
            report(posIn(wf.text, step.run, line.trim()), `writes data from ${t.source} to $${w[1]}`, `${stepKey(job, step)}/${w[1]}`);
          }
        }
        tt.afterStep(step, scope);
      }
    }
  },
});
