import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { coversCoreGroup, hasVerb, objectLabel, policyRules } from './util.js';

export const rbacNodesProxy: KubeRule = {
  id: `${PREFIX}rbac-nodes-proxy`,
  title: 'RBAC role can use nodes/proxy',
  severity: 'high',
  cwe: [269],
  description: 'nodes/proxy gives direct access to the kubelet API, which can run commands in every pod on the node while bypassing audit logging and admission control.',
  remediation: 'Remove nodes/proxy from the role; use the metrics or logs APIs instead.',
  references: [RBAC_URL],
  check(o, report) {
    for (const r of policyRules(o)) {
      if (!coversCoreGroup(r)) continue;
      const res = r.resources.find((x) => x.value === 'nodes/proxy');
      if (res && hasVerb(r, 'get', 'create', 'update', 'patch', 'delete', 'list')) {
        report(res.pos, `${objectLabel(o)} rule ${r.index} grants access to nodes/proxy`, `rules[${r.index}].nodes/proxy`);
      }
    }
  },
};
