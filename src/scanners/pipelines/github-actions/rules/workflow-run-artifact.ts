import { defineRule, hasTrigger, stepKey, usesAction } from '../rule.js';

export const workflowRunArtifact = defineRule({
  id: 'pipelines/github-actions/workflow-run-artifact',
  title: 'workflow_run workflow downloads artifacts of the triggering run',
  severity: 'medium',
  cwe: [345, 829],
  description:
    'A `workflow_run` workflow runs with secrets after a pull request workflow that the pull request author controls. Artifacts of that run are attacker-made; extracting them into the workspace can overwrite scripts or configuration that later steps execute.',
  remediation:
    'Download artifacts into a dedicated directory outside the workspace (e.g. `${{ runner.temp }}/artifacts`), treat their content as untrusted data (validate, never execute or source it), and do not write it to GITHUB_ENV.',
  check(wf, report) {
    if (!hasTrigger(wf, 'workflow_run')) return;
    for (const job of wf.jobs)
      for (const step of job.steps) {
        if (!step.uses) continue;
        const cross = usesAction(step, 'actions/download-artifact') && (step.with.has('run-id') || step.with.has('github-token'));
        const third = usesAction(step, 'dawidd6/action-download-artifact');
        const scripted = usesAction(step, 'actions/github-script') && /downloadArtifact|listWorkflowRunArtifacts/.test(step.with.get('script')?.value ?? '');
        if (cross || third || scripted)
          report(step.uses.pos, `downloads artifacts of the triggering workflow run (${step.uses.value.trim()}); their content is attacker-controlled`, stepKey(job, step));
      }
  },
});
