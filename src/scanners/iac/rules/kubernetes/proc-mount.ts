import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, eachContainer, field } from './util.js';

export const procMount: KubeRule = {
  id: `${PREFIX}proc-mount`,
  title: 'Unmasked /proc mount',
  severity: 'medium',
  cwe: [668],
  description: 'procMount: Unmasked exposes host kernel information and controls normally masked in /proc (Pod Security Standards baseline: procMount must be undefined or Default).',
  remediation: 'Remove `securityContext.procMount` or set it to Default.',
  references: [PSS_URL],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'procMount');
      if (f && f.value !== 'Default') report(f.pos, `${containerLabel(c)} sets procMount ${String(f.value)}`, `${c.path}.securityContext.procMount`);
    });
  },
};
