import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, eachContainer, field, isTrue } from './util.js';

export const privileged: KubeRule = {
  id: `${PREFIX}privileged`,
  title: 'Privileged container',
  severity: 'high',
  cwe: [250],
  description: 'A privileged container has all capabilities and access to every host device; it can take over the node (Pod Security Standards baseline: privileged must be undefined or false).',
  remediation: 'Remove `securityContext.privileged: true`; grant only the specific capabilities the workload needs.',
  references: [PSS_URL],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'privileged');
      if (f && isTrue(f.value)) report(f.pos, `${containerLabel(c)} is privileged`, `${c.path}.securityContext.privileged`);
    });
  },
};
