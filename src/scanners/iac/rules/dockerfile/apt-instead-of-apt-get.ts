import type { DockerfileRule } from './rule.js';
import { base, posIn, runCommands } from './shell.js';

export const aptInsteadOfAptGet: DockerfileRule = {
  id: 'iac/dockerfile/apt-instead-of-apt-get',
  title: 'apt used in a script instead of apt-get',
  severity: 'info',
  cwe: [710],
  description: '`apt` is meant for interactive use; its command-line interface is not stable and it warns when used in scripts. apt-get behaves predictably in builds.',
  remediation: 'Use `apt-get` (or `apt-cache`) in RUN instructions.',
  check(m, report) {
    const done = new Set<number>();
    for (const { ins, cmd, eff } of runCommands(m)) {
      if (base(eff[0]) !== 'apt' || done.has(ins.index)) continue;
      if (!eff.slice(1).some((w) => ['install', 'update', 'upgrade', 'remove', 'purge', 'full-upgrade', 'autoremove'].includes(w))) continue;
      done.add(ins.index);
      report(ins, `RUN uses 'apt ${eff.slice(1).find((w) => !w.startsWith('-')) ?? ''}'; use apt-get in scripts`, { at: posIn(ins, cmd.offsets[cmd.words.indexOf(eff[0] ?? '')]), key: 'apt' });
    }
  },
};
