import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacEscalate: KubeRule = {
  id: `${PREFIX}rbac-escalate`,
  title: 'RBAC role grants the escalate verb',
  severity: 'high',
  cwe: [269],
  description: 'The escalate verb on roles or clusterroles lets a subject add permissions it does not hold to a role, bypassing RBAC privilege-escalation prevention.',
  remediation: 'Remove the `escalate` verb; grant it only to cluster administrators that need it.',
  references: [RBAC_URL, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  check(o, report) {
    for (const r of policyRules(o)) {
      const v = r.verbs.find((x) => x.value === 'escalate');
      if (v) report(v.pos, `${objectLabel(o)} rule ${r.index} grants escalate`, `rules[${r.index}].verbs.escalate`);
    }
  },
};
