import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField, field, podSc, scalars } from './util.js';

export const runAsRootGroup: KubeRule = {
  id: `${PREFIX}run-as-root-group`,
  title: 'Container runs with the root group',
  severity: 'low',
  cwe: [250],
  description: 'GID 0 as the primary group, fsGroup or a supplemental group gives the process root-group access to files on the image and on volumes (Pod Security Standards restricted, optional "non-root groups" control: runAsGroup, fsGroup and supplementalGroups must be non-zero).',
  remediation: 'Use a non-zero `runAsGroup` and `fsGroup`, and remove 0 from `supplementalGroups`.',
  references: [PSS_URL],
  check(o, report) {
    for (const key of ['runAsGroup', 'fsGroup']) {
      eachScField(o, key, (f, path, where) => {
        if (f.value === 0 || f.value === '0') report(f.pos, `${where} sets ${key}: 0`, path);
      });
    }
    const p = o.podSpec;
    if (!p) return;
    for (const g of scalars(field(podSc(p), 'supplementalGroups')?.node)) {
      if (g.value === '0') report(g.pos, 'pod adds supplemental group 0', `${p.path}.securityContext.supplementalGroups[0]`);
    }
  },
};
