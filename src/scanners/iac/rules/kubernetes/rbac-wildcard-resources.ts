import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacWildcardResources: KubeRule = {
  id: `${PREFIX}rbac-wildcard-resources`,
  title: 'RBAC rule grants all resources',
  severity: 'high',
  cwe: [269],
  description: 'A "*" in resources grants every resource (including secrets and pods/exec), including ones added to the cluster later; least privilege requires listing them.',
  remediation: 'Replace "*" in `resources` with the explicit resources the subject needs.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      const w = r.resources.find((x) => x.value === '*');
      if (w) report(w.pos, `${objectLabel(o)} rule ${r.index} grants "*" resources`, `rules[${r.index}].resources`);
    }
  },
};
