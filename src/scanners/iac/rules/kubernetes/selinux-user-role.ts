import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField } from './util.js';

export const selinuxUserRole: KubeRule = {
  id: `${PREFIX}selinux-user-role`,
  title: 'Custom SELinux user or role',
  severity: 'medium',
  cwe: [693],
  description: 'A custom SELinux user or role can grant the container an unconfined context (Pod Security Standards baseline: seLinuxOptions.user and .role must be undefined or "").',
  remediation: 'Remove `seLinuxOptions.user` and `seLinuxOptions.role`.',
  references: [PSS_URL],
  check(o, report) {
    for (const key of ['user', 'role']) {
      eachScField(o, `seLinuxOptions.${key}`, (f, path, where) => {
        if (String(f.value) !== '') report(f.pos, `${where} sets SELinux ${key} ${String(f.value)}`, path);
      });
    }
  },
};
