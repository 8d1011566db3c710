import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacWildcardApiGroups: KubeRule = {
  id: `${PREFIX}rbac-wildcard-api-groups`,
  title: 'RBAC rule grants all API groups',
  severity: 'high',
  cwe: [269],
  description: 'A "*" in apiGroups grants every API group, including ones added to the cluster later; least privilege requires listing them.',
  remediation: 'Replace "*" in `apiGroups` with the explicit API groups the subject needs.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      const w = r.apiGroups.find((x) => x.value === '*');
      if (w) report(w.pos, `${objectLabel(o)} rule ${r.index} grants "*" apiGroups`, `rules[${r.index}].apiGroups`);
    }
  },
};
