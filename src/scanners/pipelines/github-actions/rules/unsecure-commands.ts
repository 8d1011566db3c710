import type { Str } from '../parse.js';
import { defineRule, stepKey } from '../rule.js';

const NAME = 'ACTIONS_ALLOW_UNSECURE_COMMANDS';
const enabled = (v: Str | undefined): v is Str => !!v && v.value.trim().toLowerCase() !== 'false' && v.value.trim() !== '';

export const unsecureCommands = defineRule({
  id: 'pipelines/github-actions/unsecure-commands',
  title: 'ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables set-env and add-path',
  severity: 'high',
  cwe: [77, 94],
  description:
    'The deprecated `::set-env::` and `::add-path::` workflow commands were disabled because any text a step prints (a log line, a test name, a file from a pull request) can set environment variables or PATH for later steps. This variable turns them back on.',
  remediation: 'Remove ACTIONS_ALLOW_UNSECURE_COMMANDS and write to $GITHUB_ENV / $GITHUB_PATH files instead; update actions that still print set-env.',
  check(wf, report) {
    const w = wf.env.get(NAME);
    if (enabled(w)) report(w.pos, `${NAME} is set for the whole workflow`, 'workflow');
    for (const job of wf.jobs) {
      const j = job.env.get(NAME);
      if (enabled(j)) report(j.pos, `${NAME} is set for job ${job.id}`, job.id);
      for (const step of job.steps) {
        const s = step.env.get(NAME);
        if (enabled(s)) report(s.pos, `${NAME} is set for a step`, stepKey(job, step));
      }
    }
  },
});
