import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

export const memoryRequest: KubeRule = {
  id: `${PREFIX}memory-request`,
  title: 'Container without a memory request',
  severity: 'low',
  cwe: [400],
  description: 'Without a memory request the scheduler may overcommit the node, and the pod is among the first evicted under memory pressure.',
  remediation: 'Set `resources.requests.memory` on every container.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  check(o, report) {
    eachContainer(o, (c) => {
      // A limit without a request makes Kubernetes set the request to the limit.
      if (field(c.node, 'resources.requests.memory') || field(c.node, 'resources.limits.memory') || !isComplete(c)) return;
      const at = field(c.node, 'resources.requests')?.pos ?? field(c.node, 'resources')?.pos ?? c.node.pos;
      report(at, `${containerLabel(c)} has no memory request`, `${c.path}.resources.requests.memory`);
    }, ['containers', 'initContainers']);
  },
};
