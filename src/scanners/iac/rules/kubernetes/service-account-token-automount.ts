import { PREFIX, type KubeRule } from './types.js';
import { field, getString, isCompletePod, isFalse, objectLabel } from './util.js';

export const serviceAccountTokenAutomount: KubeRule = {
  id: `${PREFIX}service-account-token-automount`,
  title: 'Default service account token mounted',
  severity: 'low',
  cwe: [522],
  description: 'Pods that run as the default service account and do not set automountServiceAccountToken: false get an API token mounted they rarely need; a compromised container can use it against the API server. The pod-level field wins over the ServiceAccount\'s; a ServiceAccount in the same file that disables automounting is honoured.',
  remediation: 'Set `automountServiceAccountToken: false` in the pod spec (or on the ServiceAccount), or give the workload its own ServiceAccount with only the permissions it needs.',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
  check(o, report, ctx) {
    const p = o.podSpec;
    if (!p) return;
    const f = field(p.node, 'automountServiceAccountToken');
    if (f) {
      if (!isFalse(f.value) && saName() === 'default') report(f.pos, `${objectLabel(o)} mounts the default service account token`, `${p.path}.automountServiceAccountToken`);
      return;
    }
    const sa = saName();
    if (sa !== 'default' || !isCompletePod(p)) return; // a dedicated account usually means the pod talks to the API
    const declared = ctx.objects.find((x) => x.kind === 'ServiceAccount' && x.name === sa && (x.namespace ?? '') === (o.namespace ?? ''));
    if (declared && isFalse(field(declared.node, 'automountServiceAccountToken')?.value)) return;
    report(p.pos, `${objectLabel(o)} does not set automountServiceAccountToken: false and uses the default service account`, `${p.path}.automountServiceAccountToken`);

    function saName(): string {
      return getString(p!.node, 'serviceAccountName') ?? getString(p!.node, 'serviceAccount') ?? 'default';
    }
  },
};
