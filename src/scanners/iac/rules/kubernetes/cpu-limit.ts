import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

export const cpuLimit: KubeRule = {
  id: `${PREFIX}cpu-limit`,
  title: 'Container without a cpu limit',
  severity: 'low',
  cwe: [770],
  description: 'Without a CPU limit one container can starve others on the node (denial of service).',
  remediation: 'Set `resources.limits.cpu` on every container.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  check(o, report) {
    eachContainer(o, (c) => {
      if (field(c.node, 'resources.limits.cpu') || !isComplete(c)) return;
      const at = field(c.node, 'resources.limits')?.pos ?? field(c.node, 'resources')?.pos ?? c.node.pos;
      report(at, `${containerLabel(c)} has no cpu limit`, `${c.path}.resources.limits.cpu`);
    }, ['containers', 'initContainers']);
  },
};
