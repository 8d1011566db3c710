import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isComplete } from './util.js';

/** Batch workloads run to completion and do not serve traffic. */
const BATCH = new Set(['Job', 'CronJob']);

export const readinessProbe: KubeRule = {
  id: `${PREFIX}readiness-probe`,
  title: 'Container without a readiness probe',
  severity: 'info',
  cwe: [754],
  description: 'Without a readiness probe traffic is sent to the container before it can serve it and while it is failing.',
  remediation: 'Add `readinessProbe` (httpGet, tcpSocket, grpc or exec) to the container.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
  check(o, report) {
    if (BATCH.has(o.kind)) return;
    eachContainer(o, (c) => {
      if (isComplete(c) && !field(c.node, 'readinessProbe')) report(c.node.pos, `${containerLabel(c)} has no readiness probe`, `${c.path}.readinessProbe`);
    }, ['containers']);
  },
};
