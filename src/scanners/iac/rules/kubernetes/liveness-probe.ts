import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

/** Batch workloads run to completion and do not serve traffic. */
const BATCH = new Set(['Job', 'CronJob']);

export const livenessProbe: KubeRule = {
  id: `${PREFIX}liveness-probe`,
  title: 'Container without a liveness probe',
  severity: 'info',
  cwe: [754],
  description: 'Without a liveness probe a hung container is never restarted, which turns a fault into an outage.',
  remediation: 'Add `livenessProbe` (httpGet, tcpSocket, grpc or exec) to the container.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  check(o, report) {
    if (BATCH.has(o.kind)) return;
    eachContainer(o, (c) => {
      if (isComplete(c) && !field(c.node, 'livenessProbe')) report(c.node.pos, `${containerLabel(c)} has no liveness probe`, `${c.path}.livenessProbe`);
    }, ['containers']);
  },
};
