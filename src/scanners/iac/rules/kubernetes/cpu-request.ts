import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

export const cpuRequest: KubeRule = {
  id: `${PREFIX}cpu-request`,
  title: 'Container without a cpu request',
  severity: 'low',
  cwe: [400],
  description: 'Without a CPU request the scheduler cannot place the pod sensibly and the pod gets the lowest share under contention.',
  remediation: 'Set `resources.requests.cpu` on every container.',
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  check(o, report) {
    eachContainer(o, (c) => {
      // A limit without a request makes Kubernetes set the request to the limit.
      if (field(c.node, 'resources.requests.cpu') || field(c.node, 'resources.limits.cpu') || !isComplete(c)) return;
      const at = field(c.node, 'resources.requests')?.pos ?? field(c.node, 'resources')?.pos ?? c.node.pos;
      report(at, `${containerLabel(c)} has no cpu request`, `${c.path}.resources.requests.cpu`);
    }, ['containers', 'initContainers']);
  },
};
