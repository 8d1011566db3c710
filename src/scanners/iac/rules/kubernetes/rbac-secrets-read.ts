import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { coversCoreGroup, hasVerb, objectLabel, policyRules } from './util.js';

export const rbacSecretsRead: KubeRule = {
  id: `${PREFIX}rbac-secrets-read`,
  title: 'RBAC role can read Secrets',
  severity: 'high',
  cwe: [200],
  description: 'get, list or watch on secrets exposes every Secret in scope, including service-account tokens that may carry higher privileges (list and watch return the contents too).',
  remediation: 'Drop get/list/watch on secrets, or restrict the rule with `resourceNames` to the Secrets the workload needs.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      if (!coversCoreGroup(r)) continue;
      const res = r.resources.find((x) => x.value === 'secrets');
      if (!res) continue;
      if (r.node.entries.has('resourceNames')) continue;
      const v = hasVerb(r, 'get', 'list', 'watch');
      if (v) report(v.pos, `${objectLabel(o)} rule ${r.index} grants ${v.value} on secrets`, `rules[${r.index}].secrets.${v.value}`);
    }
  },
};
