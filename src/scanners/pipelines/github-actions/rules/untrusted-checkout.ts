import { posIn } from '../parse.js';
import { defineRule, hasTrigger, stepKey, usesAction } from '../rule.js';

const PR_HEAD =
  /github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.pull_request\.merge_commit_sha|github\.event\.(number|pull_request\.number|issue\.number)|refs\/pull\/|github\.event\.pull_request\.head\.repo\.full_name|github\.event\.workflow_run\.head_repository\.full_name/;
// `\s+(?:\S.*)?github` is `\s+.*github` with the blanks taken by `\s+` alone (no quadratic backtracking).
const RUN_FETCH = /gh\s+pr\s+checkout|git\s+(fetch|pull)\s+\S+\s+(\+?refs\/)?pull\/|git\s+checkout\s+(?:\S.*)?github\.event\.(pull_request|workflow_run)\.head/;
const TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment'];

export const untrustedCheckout = defineRule({
  id: 'pipelines/github-actions/untrusted-checkout',
  title: 'Privileged trigger checks out pull request code',
  severity: 'critical',
  cwe: [829, 94],
  description:
    '`pull_request_target`, `workflow_run` and `issue_comment` workflows run with the base repository\'s secrets and a write token. Checking out the pull request\'s head (by ref, sha, `refs/pull/N` or `gh pr checkout`) and then building or testing it runs the attacker\'s code with those privileges ("pwn request").',
  remediation:
    'Run untrusted code in a `pull_request` workflow (no secrets, read-only token) and pass results to the privileged workflow as data (artifacts treated as untrusted). If the head must be checked out, do not execute anything from it and set `persist-credentials: false`.',
  references: ['https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/'],
  check(wf, report) {
    if (!hasTrigger(wf, ...TRIGGERS)) return;
    const trig = TRIGGERS.filter((t) => wf.triggers.has(t)).join('/');
    for (const job of wf.jobs)
      for (const step of job.steps) {
        if (usesAction(step, 'actions/checkout')) {
          for (const key of ['ref', 'repository']) {
            const v = step.with.get(key);
            if (v && PR_HEAD.test(v.value)) {
              // One finding per checkout: at `ref:` when both ref and repository point at the PR.
              report(v.pos, `${trig} workflow checks out pull request code (${key}: ${v.value.trim()})`, `${stepKey(job, step)}/checkout`);
              break;
            }
          }
        } else if (step.run) {
          const m = RUN_FETCH.exec(step.run.value);
          if (m) report(posIn(wf.text, step.run, m[0]), `${trig} workflow fetches pull request code (${m[0]})`, `${stepKey(job, step)}/run`);
        }
      }
  },
});
