import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

export const memoryLimit: KubeRule = {
  id: `${PREFIX}memory-limit`,
  title: 'Container without a memory limit',
  severity: 'low',
  cwe: [770],
  description: 'Without a memory limit one container can exhaust node memory and get other pods evicted or OOM-killed.',
  remediation: 'Set `resources.limits.memory` on every container.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  check(o, report) {
    eachContainer(o, (c) => {
      if (field(c.node, 'resources.limits.memory') || !isComplete(c)) return;
      const at = field(c.node, 'resources.limits')?.pos ?? field(c.node, 'resources')?.pos ?? c.node.pos;
      report(at, `${containerLabel(c)} has no memory limit`, `${c.path}.resources.limits.memory`);
    }, ['containers', 'initContainers']);
  },
};
