import { defineRule, stepKey, usesAction } from '../rule.js';
import { persistsCredentials } from './checkout-persist-credentials.js';

const WORKSPACE_ROOT = /^(?:\.\/?|\$\{\{\s*github\.workspace\s*\}\}\/?)$/;

/** The workspace root, or a `.git` folder (or something in one) anywhere in it. */
function wholeWorkspace(path: string): boolean {
  if (WORKSPACE_ROOT.test(path)) return true;
  // String checks, not `.*\/\.git(\/.*)?`: that regex backtracks quadratically on long paths.
  return path === '.git' || path.startsWith('.git/') || path.endsWith('/.git') || path.includes('/.git/');
}

export const credentialsInArtifact = defineRule({
  id: 'pipelines/github-actions/credentials-in-artifact',
  title: 'Workspace with persisted checkout credentials uploaded as an artifact',
  severity: 'high',
  cwe: [522, 200],
  description:
    'The job checks out with persisted credentials and then uploads the whole workspace (or .git) as an artifact. The artifact contains .git/config with the token, and anyone who can read the run\'s artifacts can use it while the job runs (or later if it is a PAT).',
  remediation: 'Set `persist-credentials: false` on actions/checkout and upload only the build output directory, never `.` or `.git`.',
  check(wf, report) {
    for (const job of wf.jobs) {
      let persisted = false;
      for (const step of job.steps) {
        if (persistsCredentials(step)) persisted = true;
        if (!persisted || !usesAction(step, 'actions/upload-artifact')) continue;
        const path = step.with.get('path');
        if (!path) continue;
        const hit = path.value.split('\n').map((l) => l.trim()).find((l) => wholeWorkspace(l));
        if (hit !== undefined) report(path.pos, `uploads ${hit} after a checkout that persisted the token in .git/config`, stepKey(job, step));
      }
    }
  },
});
