import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, eachContainer, field, isComplete, isWindows, scalars, missingScPos } from './util.js';

export const capabilitiesDropAll: KubeRule = {
  id: `${PREFIX}capabilities-drop-all`,
  title: 'Container does not drop ALL capabilities',
  severity: 'low',
  cwe: [250],
  description: 'Containers keep the runtime\'s default capability set unless they drop it (Pod Security Standards restricted: capabilities.drop must include ALL; Windows pods are exempt).',
  remediation: 'Set `securityContext.capabilities.drop: ["ALL"]` and add back only NET_BIND_SERVICE if needed.',
  references: [PSS_URL],
  check(o, report) {
    if (o.podSpec && isWindows(o.podSpec)) return;
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'capabilities.drop');
      if (scalars(f?.node).some((d) => d.value === 'ALL')) return;
      if (!f && !isComplete(c)) return;
      const at = f?.pos ?? field(containerSc(c), 'capabilities')?.pos ?? missingScPos(c);
      report(at, `${containerLabel(c)} does not drop ALL capabilities`, `${c.path}.securityContext.capabilities.drop`);
    });
  },
};
