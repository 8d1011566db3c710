import { defineRule, hasTrigger } from '../rule.js';

const PR_TRIGGERS = ['pull_request', 'pull_request_target', 'issue_comment', 'pull_request_review', 'pull_request_review_comment'];

export const selfHostedRunnerPr = defineRule({
  id: 'pipelines/github-actions/self-hosted-runner-pr',
  title: 'Self-hosted runner used by a workflow that pull requests trigger',
  severity: 'medium',
  cwe: [668, 829],
  description:
    'Pull requests from forks can run code on the runner. Self-hosted runners are not wiped between jobs, so a fork pull request can leave a backdoor that later privileged jobs (releases, deployments) run on, or reach the internal network the runner sits in.',
  remediation: 'Use GitHub-hosted or ephemeral (just-in-time, one job per machine) runners for pull request workflows, and require approval for fork pull requests.',
  check(wf, report) {
    if (!hasTrigger(wf, ...PR_TRIGGERS)) return;
    for (const job of wf.jobs) {
      const selfHosted = (v: string) => v.trim().toLowerCase() === 'self-hosted';
      // `runs-on: ${{ matrix.os }}` counts when the matrix lists self-hosted for that key.
      const viaMatrix = (v: string) => {
        const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(v.trim());
        return !!m && (job.matrix.get(m[1]!) ?? []).some((x) => selfHosted(x.value));
      };
      const label = job.runsOn.find((l) => selfHosted(l.value) || viaMatrix(l.value));
      if (label) report(label.pos, `job ${job.id} runs on a self-hosted runner and the workflow runs on ${PR_TRIGGERS.filter((t) => wf.triggers.has(t)).join('/')}`, job.id);
    }
  },
});
