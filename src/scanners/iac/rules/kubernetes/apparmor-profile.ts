import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField } from './util.js';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export const apparmorProfile: KubeRule = {
  id: `${PREFIX}apparmor-profile`,
  title: 'AppArmor profile disabled or overridden',
  severity: 'medium',
  cwe: [693],
  description: 'An Unconfined AppArmor profile removes a mandatory-access-control layer (Pod Security Standards baseline: appArmorProfile.type must be undefined, RuntimeDefault or Localhost; the legacy annotation must be undefined, runtime/default or localhost/*).',
  remediation: 'Use `appArmorProfile.type: RuntimeDefault` (or a Localhost profile) and drop Unconfined annotations.',
  references: [PSS_URL],
  check(o, report) {
    eachScField(o, 'appArmorProfile.type', (f, path, where) => {
      if (f.value !== 'RuntimeDefault' && f.value !== 'Localhost') report(f.pos, `${where} uses AppArmor profile type ${String(f.value)}`, path);
    });
    const p = o.podSpec;
    if (!p) return;
    for (const [k, a] of p.annotations) {
      if (!k.startsWith(ANNOTATION)) continue;
      if (a.value === 'runtime/default' || a.value.startsWith('localhost/')) continue;
      report(a.pos, `annotation ${k} sets AppArmor profile ${a.value}`, `metadata.annotations[${k}]`);
    }
  },
};
