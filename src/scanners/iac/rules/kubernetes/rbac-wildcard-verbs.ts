import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacWildcardVerbs: KubeRule = {
  id: `${PREFIX}rbac-wildcard-verbs`,
  title: 'RBAC rule grants all verbs',
  severity: 'high',
  cwe: [269],
  description: 'A "*" in verbs grants every verb (including escalate, bind and impersonate), including ones added to the cluster later; least privilege requires listing them.',
  remediation: 'Replace "*" in `verbs` with the explicit verbs the subject needs.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      const w = r.verbs.find((x) => x.value === '*');
      if (w) report(w.pos, `${objectLabel(o)} rule ${r.index} grants "*" verbs`, `rules[${r.index}].verbs`);
    }
  },
};
