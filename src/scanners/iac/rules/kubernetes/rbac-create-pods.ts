import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { coversCoreGroup, hasVerb, objectLabel, policyRules } from './util.js';

export const rbacCreatePods: KubeRule = {
  id: `${PREFIX}rbac-create-pods`,
  title: 'RBAC role can create pods',
  severity: 'medium',
  cwe: [269],
  description: 'A subject that can create pods can run them with any service account in the namespace, mount its Secrets, and (without Pod Security admission) run privileged pods on nodes.',
  remediation: 'Grant create on pods only to controllers and deployment tooling, and enforce Pod Security admission on the namespace.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      if (!coversCoreGroup(r)) continue;
      const res = r.resources.find((x) => x.value === 'pods');
      if (!res) continue;
      const v = hasVerb(r, 'create');
      if (v) report(v.pos, `${objectLabel(o)} rule ${r.index} grants ${v.value} on pods`, `rules[${r.index}].pods.create`);
    }
  },
};
