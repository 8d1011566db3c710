import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { objectLabel, policyRules } from './util.js';

export const rbacImpersonate: KubeRule = {
  id: `${PREFIX}rbac-impersonate`,
  title: 'RBAC role grants the impersonate verb',
  severity: 'high',
  cwe: [269],
  description: 'The impersonate verb lets a subject act as other users, groups or service accounts and so gain all of their permissions.',
  remediation: 'Remove the `impersonate` verb; grant it only to cluster administrators that need it.',
  references: [RBAC_URL, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping'],
  check(o, report) {
    for (const r of policyRules(o)) {
      const v = r.verbs.find((x) => x.value === 'impersonate');
      if (v) report(v.pos, `${objectLabel(o)} rule ${r.index} grants impersonate`, `rules[${r.index}].verbs.impersonate`);
    }
  },
};
