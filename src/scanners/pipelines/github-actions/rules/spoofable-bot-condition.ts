import type { Str } from '../parse.js';
import { defineRule, stepKey } from '../rule.js';

const ACTOR = String.raw`github\.(?:actor|triggering_actor|event\.sender\.login)`;
const BOT = String.raw`'[^']*\[bot\]'`;
const SPOOFABLE = new RegExp(String.raw`${ACTOR}\s*==\s*${BOT}|${BOT}\s*==\s*${ACTOR}|(?:contains|endsWith|startsWith)\(\s*${ACTOR}\s*,\s*'[^']*bot[^']*'\s*\)`, 'i');

export const spoofableBotCondition = defineRule({
  id: 'pipelines/github-actions/spoofable-bot-condition',
  title: 'Condition trusts github.actor to identify a bot',
  severity: 'medium',
  cwe: [290],
  description:
    '`github.actor` is whoever caused the latest event, not who wrote the pull request: when a bot such as Dependabot updates or rebases a pull request (which an outsider can provoke), the actor is the bot although the code is the attacker\'s. A check like `github.actor == \'dependabot[bot]\'` then grants secrets or auto-merge to attacker code.',
  remediation: "Check the pull request author instead: `github.event.pull_request.user.login == 'dependabot[bot]'` (and the repository, for forks).",
  check(wf, report) {
    const check = (cond: Str | undefined, where: string) => {
      if (!cond) return;
      const m = SPOOFABLE.exec(cond.value);
      if (m) report(cond.pos, `the condition ${m[0]} can be satisfied by an attacker's pull request`, where);
    };
    for (const job of wf.jobs) {
      check(job.if, job.id);
      for (const step of job.steps) check(step.if, stepKey(job, step));
    }
  },
});
