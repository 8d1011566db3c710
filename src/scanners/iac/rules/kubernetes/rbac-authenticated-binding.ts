import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { getMap, getString, isBinding, objectLabel, subjects } from './util.js';

const DEFAULT_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export const rbacAuthenticatedBinding: KubeRule = {
  id: `${PREFIX}rbac-authenticated-binding`,
  title: 'Binding grants permissions to every authenticated user',
  severity: 'high',
  cwe: [284],
  description: 'The system:authenticated group holds every identity that authenticates, including every service account and, on some managed clusters, any account of the cloud provider.',
  remediation: 'Bind specific users, groups or service accounts instead of system:authenticated.',
  references: [RBAC_URL],
  check(o, report) {
    if (!isBinding(o)) return;
    if (DEFAULT_ROLES.has(getString(getMap(o.node, 'roleRef'), 'name') ?? '')) return;
    for (const s of subjects(o)) {
      if (s.kind === 'Group' && s.name === 'system:authenticated') report(s.pos, `${objectLabel(o)} binds system:authenticated`, `subjects[${s.name}]`);
    }
  },
};
