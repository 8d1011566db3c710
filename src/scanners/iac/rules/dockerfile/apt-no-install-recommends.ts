import type { DockerfileRule } from './rule.js';
import { base, finalLineage, posIn, runCommands } from './shell.js';

export const aptNoInstallRecommends: DockerfileRule = {
  id: 'iac/dockerfile/apt-no-install-recommends',
  title: 'apt-get install without --no-install-recommends',
  severity: 'info',
  cwe: [1104],
  description: 'Recommended packages are installed by default, adding software (and vulnerabilities) the image does not need.',
  remediation: 'Use `apt-get install -y --no-install-recommends <packages>`.',
  check(m, report) {
    for (const { ins, cmd, eff } of runCommands(m, finalLineage(m))) {
      if (base(eff[0]) !== 'apt-get' || !eff.includes('install')) continue;
      if (eff.some((w) => w === '--no-install-recommends' || /APT::Install-Recommends=(false|0)/i.test(w))) continue;
      const i = cmd.words.indexOf('install');
      report(ins, 'apt-get install without --no-install-recommends', { at: posIn(ins, cmd.offsets[i]), key: 'install' });
    }
  },
};
