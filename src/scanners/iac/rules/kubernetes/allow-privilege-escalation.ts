import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, missingScPos, eachContainer, field, isComplete, isFalse, isWindows } from './util.js';

export const allowPrivilegeEscalation: KubeRule = {
  id: `${PREFIX}allow-privilege-escalation`,
  title: 'Privilege escalation not disabled',
  severity: 'medium',
  cwe: [269],
  description: 'Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise a process above its parent\'s privileges (Pod Security Standards restricted: allowPrivilegeEscalation must be false on every container; undefined is not allowed; Windows pods are exempt).',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  references: [PSS_URL],
  check(o, report) {
    if (o.podSpec && isWindows(o.podSpec)) return;
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'allowPrivilegeEscalation');
      const path = `${c.path}.securityContext.allowPrivilegeEscalation`;
      if (!f) {
        if (isComplete(c)) report(missingScPos(c), `${containerLabel(c)} does not set allowPrivilegeEscalation: false`, path);
      } else if (!isFalse(f.value)) report(f.pos, `${containerLabel(c)} sets allowPrivilegeEscalation: ${String(f.value)}`, path);
    });
  },
};
