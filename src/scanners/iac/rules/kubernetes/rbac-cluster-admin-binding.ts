import { PREFIX, RBAC_URL, type KubeRule } from './types.js';
import { field, getMap, getString, isBinding, objectLabel } from './util.js';

export const rbacClusterAdminBinding: KubeRule = {
  id: `${PREFIX}rbac-cluster-admin-binding`,
  title: 'Binding to cluster-admin',
  severity: 'high',
  cwe: [269],
  description: 'Binding the cluster-admin ClusterRole gives the subjects unrestricted control of the cluster (or of the namespace, for a RoleBinding).',
  remediation: 'Bind a role that lists only the permissions the subjects need.',
  references: [RBAC_URL],
  check(o, report) {
    if (!isBinding(o)) return;
    const ref = getMap(o.node, 'roleRef');
    const name = field(ref, 'name');
    if (name && name.value === 'cluster-admin' && getString(ref, 'kind') === 'ClusterRole') {
      report(name.pos, `${objectLabel(o)} binds cluster-admin`, 'roleRef.name');
    }
  },
};
