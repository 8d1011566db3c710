import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { getMap, getString, isBinding, objectLabel, subjects } from './util.js';

/** Default bindings Kubernetes itself creates for these groups. */
const DEFAULT_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export const rbacAnonymousBinding: KubeRule = {
  id: `${PREFIX}rbac-anonymous-binding`,
  title: 'Binding grants permissions to anonymous users',
  severity: 'critical',
  cwe: [284],
  description: 'Subjects system:anonymous (user or group) and system:unauthenticated let anyone who can reach the API server use the role without credentials.',
  remediation: 'Remove the anonymous subject from the binding.',
  references: [RBAC_URL],
  check(o, report) {
    if (!isBinding(o)) return;
    if (DEFAULT_ROLES.has(getString(getMap(o.node, 'roleRef'), 'name') ?? '')) return;
    for (const s of subjects(o)) {
      if ((s.kind === 'Group' || s.kind === 'User') && (s.name === 'system:anonymous' || s.name === 'system:unauthenticated')) {
        report(s.pos, `${objectLabel(o)} binds ${s.name}`, `subjects[${s.name}]`);
      }
    }
  },
};
