import type { DockerfileRule } from './rule.js';
import { base, finalLineage, posIn, runs, runCommandsOf, runScript } from './shell.js';

export const aptListsNotCleaned: DockerfileRule = {
  id: 'iac/dockerfile/apt-lists-not-cleaned',
  title: 'apt package lists left in the image',
  severity: 'info',
  cwe: [1104],
  description: 'apt-get update downloads package lists into /var/lib/apt/lists; unless removed in the same RUN they stay in the layer, bloating the image and going stale.',
  remediation: 'End the RUN with `&& rm -rf /var/lib/apt/lists/*`, or use `RUN --mount=type=cache,target=/var/lib/apt/lists`.',
  check(m, report) {
    for (const ins of runs(m, finalLineage(m))) {
      if (ins.flags.some((f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && /\/var\/lib\/apt/.test(f.value ?? ''))) continue;
      const script = runScript(ins);
      const cmds = runCommandsOf(ins);
      const inst = cmds.find((c) => {
        const w = c.words.filter((x) => x !== 'sudo');
        return (base(w[0]) === 'apt-get' || base(w[0]) === 'apt') && w.includes('install');
      });
      if (!inst) continue;
      if (/\/var\/lib\/apt\/lists/.test(script) || /\bapt-get\s+clean\b.*lists/.test(script)) continue;
      report(ins, 'apt-get install without removing /var/lib/apt/lists in the same RUN', { at: posIn(ins, inst.offsets[0]), key: 'lists' });
    }
  },
};
