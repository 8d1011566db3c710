import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField } from './util.js';

export const seccompUnconfined: KubeRule = {
  id: `${PREFIX}seccomp-unconfined`,
  title: 'Seccomp profile explicitly Unconfined',
  severity: 'medium',
  cwe: [693],
  description: 'An Unconfined seccomp profile lets the container call every system call, widening the kernel attack surface (Pod Security Standards baseline: seccompProfile.type must not be Unconfined).',
  remediation: 'Set `seccompProfile.type: RuntimeDefault` (or a Localhost profile).',
  references: [PSS_URL],
  check(o, report) {
    eachScField(o, 'seccompProfile.type', (f, path, where) => {
      if (f.value === 'Unconfined') report(f.pos, `${where} sets seccompProfile.type: Unconfined`, path);
    });
    for (const [k, a] of o.podSpec?.annotations ?? []) {
      if ((k === 'seccomp.security.alpha.kubernetes.io/pod' || k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) && a.value === 'unconfined') {
        report(a.pos, `annotation ${k} sets seccomp profile unconfined`, `metadata.annotations[${k}]`);
      }
    }
  },
};
