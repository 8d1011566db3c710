import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { containerLabel, containerSc, eachContainer, field, scalars } from './util.js';

/** Capabilities the Pod Security Standards baseline allows to be added. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** `cap_sys_admin` and `SYS_ADMIN` name the same capability. */
export function capName(v: string): string {
  return v.toUpperCase().replace(/^CAP_/, '');
}

export const capabilitiesBaseline: KubeRule = {
  id: `${PREFIX}capabilities-baseline`,
  title: 'Container adds a capability beyond the baseline set',
  severity: 'high',
  cwe: [250],
  description: 'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE or ALL allow escaping the container or attacking the node (Pod Security Standards baseline: capabilities.add may only hold AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).',
  remediation: 'Remove the capability from `securityContext.capabilities.add`.',
  references: [PSS_URL],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(containerSc(c), 'capabilities.add');
      for (const cap of scalars(f?.node)) {
        if (!BASELINE_CAPABILITIES.has(capName(cap.value))) {
          report(cap.pos, `${containerLabel(c)} adds capability ${cap.value}`, `${c.path}.securityContext.capabilities.add[${cap.value}]`);
        }
      }
    });
  },
};
