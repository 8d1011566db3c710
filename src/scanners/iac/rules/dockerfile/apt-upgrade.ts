import type { DockerfileRule } from './rule.js';
import { base, finalLineage, posIn, runCommands } from './shell.js';

export const aptUpgrade: DockerfileRule = {
  id: 'iac/dockerfile/apt-upgrade',
  title: 'apt-get upgrade / dist-upgrade in the image',
  severity: 'info',
  cwe: [1357],
  description: 'A blanket upgrade makes the image content depend on the day it was built and can pull in packages the base image maintainers did not test together.',
  remediation: 'Rebuild on a newer base image tag, or upgrade the specific packages you need with pinned versions.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m, finalLineage(m))) {
      const tool = base(eff[0]);
      if (tool !== 'apt-get' && tool !== 'apt' && tool !== 'aptitude') continue;
      const i = cmd.words.findIndex((w) => w === 'upgrade' || w === 'dist-upgrade' || w === 'full-upgrade');
      if (i >= 0) report(ins, `${tool} ${cmd.words[i]} upgrades every package in the image`, { at: posIn(ins, cmd.offsets[i]), key: cmd.words[i] });
    }
  },
};
