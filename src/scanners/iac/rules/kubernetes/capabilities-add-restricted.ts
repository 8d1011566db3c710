import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { BASELINE_CAPABILITIES, capName } from './capabilities-baseline.js';
import { containerLabel, containerSc, eachContainer, field, isWindows, scalars } from './util.js';

export const capabilitiesAddRestricted: KubeRule = {
  id: `${PREFIX}capabilities-add-restricted`,
  title: 'Container adds a capability other than NET_BIND_SERVICE',
  severity: 'medium',
  cwe: [250],
  description: 'The restricted profile allows adding only NET_BIND_SERVICE (Pod Security Standards restricted; Windows pods are exempt). Capabilities outside the baseline set are reported by capabilities-baseline; this rule reports the baseline ones (CHOWN, SETUID, ...) that restricted still forbids.',
  remediation: 'Remove the capability from `securityContext.capabilities.add`.',
  references: [PSS_URL],
  check(o, report) {
    if (o.podSpec && isWindows(o.podSpec)) return;
    eachContainer(o, (c) => {
      for (const cap of scalars(field(containerSc(c), 'capabilities.add')?.node)) {
        if (capName(cap.value) !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(capName(cap.value))) {
          report(cap.pos, `${containerLabel(c)} adds capability ${cap.value}`, `${c.path}.securityContext.capabilities.add[${cap.value}]`);
        }
      }
    });
  },
};
