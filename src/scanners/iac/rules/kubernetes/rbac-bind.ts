import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacBind: KubeRule = {
  id: `${PREFIX}rbac-bind`,
  title: 'RBAC role grants the bind verb',
  severity: 'high',
  cwe: [269],
  description: 'The bind verb on roles or clusterroles lets a subject bind any role (including cluster-admin) to itself without holding its permissions.',
  remediation: 'Remove the `bind` verb; grant it only to cluster administrators that need it.',
  references: [RBAC_URL, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  check(o, report) {
    for (const r of policyRules(o)) {
      const v = r.verbs.find((x) => x.value === 'bind');
      if (v) report(v.pos, `${objectLabel(o)} rule ${r.index} grants bind`, `rules[${r.index}].verbs.bind`);
    }
  },
};
