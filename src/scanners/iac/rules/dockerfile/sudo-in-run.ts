import type { DockerfileRule } from './rule.js';
import { posIn, runCommands } from './shell.js';

export const sudoInRun: DockerfileRule = {
  id: 'iac/dockerfile/sudo-in-run',
  title: 'sudo used in RUN',
  severity: 'medium',
  cwe: [250],
  description: 'Using sudo in a build means sudo is installed and configured in the image, letting the runtime user regain root; it also behaves unpredictably without a TTY.',
  remediation: 'Switch with `USER root` for the steps that need it and back to the unprivileged user afterwards; remove sudo from the image.',
  check(m, report) {
    for (const { ins, cmd } of runCommands(m)) {
      const i = cmd.words.findIndex((w, k) => w === 'sudo' && cmd.words.slice(0, k).every((p) => /^[A-Za-z_]\w*=/.test(p)));
      if (i < 0) continue;
      report(ins, `RUN uses sudo (${cmd.words.slice(i, i + 3).join(' ').slice(0, 80)})`, { at: posIn(ins, cmd.offsets[i]), key: 'sudo' });
    }
  },
};
