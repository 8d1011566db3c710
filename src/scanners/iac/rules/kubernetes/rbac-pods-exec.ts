import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { coversCoreGroup, hasVerb, objectLabel, policyRules } from './util.js';

export const rbacPodsExec: KubeRule = {
  id: `${PREFIX}rbac-pods-exec`,
  title: 'RBAC role can exec or attach into pods',
  severity: 'medium',
  cwe: [269],
  description: 'create (and, over WebSockets on older clusters, get) on pods/exec or pods/attach runs commands inside any pod in scope, with that pod\'s service account and mounted Secrets.',
  remediation: 'Remove pods/exec and pods/attach from the role, or scope it to a namespace with only the intended pods.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      if (!coversCoreGroup(r)) continue;
      const res = r.resources.find((x) => x.value === 'pods/exec' || x.value === 'pods/attach');
      if (!res) continue;
      const v = hasVerb(r, 'create', 'get');
      if (v) report(res.pos, `${objectLabel(o)} rule ${r.index} grants ${v.value} on ${res.value}`, `rules[${r.index}].${res.value}`);
    }
  },
};
