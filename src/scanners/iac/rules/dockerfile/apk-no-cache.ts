import type { DockerfileRule } from './rule.js';
import { base, finalLineage, posIn, runCommands } from './shell.js';

export const apkNoCache: DockerfileRule = {
  id: 'iac/dockerfile/apk-no-cache',
  title: 'apk add without --no-cache',
  severity: 'info',
  cwe: [1104],
  description: 'apk add keeps the package index in /var/cache/apk unless --no-cache is given, adding stale data to the layer.',
  remediation: 'Use `apk add --no-cache <packages>` (or remove /var/cache/apk/* in the same RUN).',
  check(m, report) {
    for (const { ins, cmd, eff, all } of runCommands(m, finalLineage(m))) {
      if (base(eff[0]) !== 'apk' || !eff.includes('add')) continue;
      if (eff.includes('--no-cache') || ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? ''))) continue;
      if (all.some((c) => c.words.some((w) => w.startsWith('/var/cache/apk')))) continue;
      report(ins, 'apk add without --no-cache', { at: posIn(ins, cmd.offsets[cmd.words.indexOf('add')]), key: 'apk' });
    }
  },
};
