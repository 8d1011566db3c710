import type { DockerfileRule } from './rule.js';
import { posIn, runCommands } from './shell.js';

export const runCd: DockerfileRule = {
  id: 'iac/dockerfile/run-cd',
  title: 'RUN cd instead of WORKDIR',
  severity: 'info',
  cwe: [710],
  description: 'A RUN that starts with `cd /path` changes directory for that RUN only; WORKDIR states the directory once and is easier to follow.',
  remediation: 'Use `WORKDIR /path` before the RUN.',
  check(m, report) {
    for (const { ins, cmd, all } of runCommands(m)) {
      if (all[0] !== cmd || cmd.words[0] !== 'cd' || !(cmd.words[1] ?? '').startsWith('/')) continue;
      report(ins, `RUN starts with 'cd ${cmd.words[1]}'; use WORKDIR`, { at: posIn(ins, cmd.offsets[0]), key: cmd.words[1] });
    }
  },
};
