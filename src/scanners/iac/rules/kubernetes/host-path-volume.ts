import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { field, getSeq, getString } from './util.js';

export const hostPathVolume: KubeRule = {
  id: `${PREFIX}host-path-volume`,
  title: 'Pod mounts a hostPath volume',
  severity: 'high',
  cwe: [668],
  description: 'hostPath volumes expose node files to the pod and are a common path to node compromise (Pod Security Standards baseline: volumes[*].hostPath must be undefined).',
  remediation: 'Use emptyDir, configMap, secret, projected or a PersistentVolumeClaim instead of hostPath.',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    const vols = getSeq(p?.node, 'volumes');
    if (!p || !vols) return;
    vols.items.forEach((v, i) => {
      const f = field(v, 'hostPath');
      const name = getString(v, 'name') ?? `#${i}`;
      if (f) report(f.pos, `volume "${name}" is a hostPath volume`, `${p.path}.volumes[${name}].hostPath`);
    });
  },
};
