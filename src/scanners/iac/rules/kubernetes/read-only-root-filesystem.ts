import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, containerSc, missingScPos, eachContainer, field, isComplete, isTrue } from './util.js';

export const readOnlyRootFilesystem: KubeRule = {
  id: `${PREFIX}read-only-root-filesystem`,
  title: 'Root filesystem is writable',
  severity: 'low',
  cwe: [732],
  description: 'A writable root filesystem lets an attacker who gains code execution drop tools or modify binaries in the container.',
  remediation: 'Set `securityContext.readOnlyRootFilesystem: true` and mount emptyDir volumes where the application writes.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'readOnlyRootFilesystem');
      const path = `${c.path}.securityContext.readOnlyRootFilesystem`;
      if (!f) {
        if (isComplete(c)) report(missingScPos(c), `${containerLabel(c)} does not set readOnlyRootFilesystem: true`, path);
      } else if (!isTrue(f.value)) report(f.pos, `${containerLabel(c)} sets readOnlyRootFilesystem: ${String(f.value)}`, path);
    }, ['containers', 'initContainers']);
  },
};
