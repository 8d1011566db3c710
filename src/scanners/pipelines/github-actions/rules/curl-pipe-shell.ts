import { posIn } from '../parse.js';
import { allSteps, defineRule, stepKey } from '../rule.js';

const PIPE = /\b(curl|wget)\b[^|\n;&]*\|\s*(sudo\s+(-\S+\s+)*)?(ba|z|k|da)?sh\b|\b(ba)?sh\s+(-\S+\s+)*<\(\s*(curl|wget)\b/;

export const curlPipeShell = defineRule({
  id: 'pipelines/github-actions/curl-pipe-shell',
  title: 'Script downloaded and piped straight into a shell',
  severity: 'low',
  cwe: [494],
  description:
    'A `run:` step executes whatever a URL serves at that moment (`curl … | sh`), with the job\'s token and secrets and without any integrity check; a compromised or hijacked host runs code in the pipeline.',
  remediation: 'Download a pinned version to a file, verify its checksum or signature, then run it; or use a pinned action or package instead.',
  check(wf, report) {
    for (const [job, step] of allSteps(wf)) {
      if (!step.run) continue;
      for (const line of step.run.value.split('\n')) {
        if (/^\s*#/.test(line)) continue;
        const m = PIPE.exec(line);
        if (m) report(posIn(wf.text, step.run, line.trim()), `runs a downloaded script without verifying it: ${line.trim().slice(0, 120)}`, `${stepKey(job, step)}/${m[0]}`);
      }
    }
  },
});
