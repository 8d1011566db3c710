import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField } from './util.js';

const ALLOWED = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const selinuxType: KubeRule = {
  id: `${PREFIX}selinux-type`,
  title: 'Custom SELinux type',
  severity: 'medium',
  cwe: [693],
  description: 'Setting an SELinux type other than the container types (e.g. spc_t) disables SELinux confinement (Pod Security Standards baseline: seLinuxOptions.type must be undefined, "", container_t, container_init_t, container_kvm_t or container_engine_t).',
  remediation: 'Remove `seLinuxOptions.type` or use one of the container types.',
  references: [PSS_URL],
  check(o, report) {
    eachScField(o, 'seLinuxOptions.type', (f, path, where) => {
      if (!ALLOWED.has(String(f.value))) report(f.pos, `${where} sets SELinux type ${String(f.value)}`, path);
    });
  },
};
