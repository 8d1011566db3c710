import type { DockerfileRule } from './rule.js';
import { commands, posIn, runCommandsOf } from './shell.js';

export const missingPipefail: DockerfileRule = {
  id: 'iac/dockerfile/missing-pipefail',
  title: 'Pipe in RUN without pipefail',
  severity: 'low',
  cwe: [755],
  description: 'Under /bin/sh a pipeline returns the status of its last command only, so a failed download in `curl ... | tar x` lets the build succeed with a broken image.',
  remediation: 'Add `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before the RUN, or start the RUN with `set -o pipefail &&`.',
  check(m, report) {
    for (const s of m.stages) {
      let pipefail = false;
      let nonPosix = false;
      for (const ins of s.instructions) {
        if (ins.keyword === 'SHELL') {
          const words = ins.json ?? [];
          pipefail = words.includes('pipefail') || words.some((w) => /pipefail/.test(w));
          nonPosix = /pwsh|powershell|cmd(\.exe)?$/i.test(words[0] ?? '');
          continue;
        }
        if (ins.keyword !== 'RUN' || ins.json || pipefail || nonPosix) continue;
        if (/pipefail/.test(ins.args)) continue;
        const cmds = ins.heredocs.length ? commands(ins.args) : runCommandsOf(ins);
        // Pipes inside $( ) do not decide the RUN's status; `echo x | cmd` cannot fail on the left.
        const piped = cmds.find((c) => c.next === '|' && c.depth === 0 && c.words[0] !== 'echo' && c.words[0] !== 'printf');
        if (!piped) continue;
        report(ins, 'RUN uses a pipe without pipefail; a failure before the last command is ignored', { at: posIn(ins, piped.offsets[0]), key: 'pipe' });
      }
    }
  },
};
