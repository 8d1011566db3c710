import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { coversCoreGroup, hasVerb, objectLabel, policyRules } from './util.js';

export const rbacTokenCreate: KubeRule = {
  id: `${PREFIX}rbac-token-create`,
  title: 'RBAC role can mint service account tokens',
  severity: 'high',
  cwe: [269],
  description: 'create on serviceaccounts/token issues tokens for any service account in scope, so the subject gains every permission those accounts hold.',
  remediation: 'Remove serviceaccounts/token, or restrict it with `resourceNames` to the one account the subject must act as.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      if (!coversCoreGroup(r) || r.node.entries.has('resourceNames')) continue;
      const res = r.resources.find((x) => x.value === 'serviceaccounts/token');
      if (res && hasVerb(r, 'create')) report(res.pos, `${objectLabel(o)} rule ${r.index} grants create on serviceaccounts/token`, `rules[${r.index}].serviceaccounts/token`);
    }
  },
};
