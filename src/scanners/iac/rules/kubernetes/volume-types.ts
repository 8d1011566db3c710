import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { getSeq, getString } from './util.js';

/** Volume sources the restricted profile allows (hostPath is reported by host-path-volume). */
const ALLOWED = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret', 'hostPath']);

export const volumeTypes: KubeRule = {
  id: `${PREFIX}volume-types`,
  title: 'Volume type outside the restricted allow-list',
  severity: 'medium',
  cwe: [668],
  description: 'Inline volume sources such as nfs, iscsi, gitRepo, rbd or cephfs bypass PersistentVolume administration and some (gitRepo) execute git on the node (Pod Security Standards restricted: volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or secret).',
  remediation: 'Declare the storage as a PersistentVolume and mount it through a persistentVolumeClaim.',
  references: [PSS_URL],
  check(o, report) {
    const p = o.podSpec;
    const vols = getSeq(p?.node, 'volumes');
    if (!p || !vols) return;
    vols.items.forEach((v, i) => {
      if (v.type !== 'map') return;
      const name = getString(v, 'name') ?? `#${i}`;
      for (const [k, e] of v.entries) {
        if (k === 'name' || ALLOWED.has(k)) continue;
        if (e.value.type === 'scalar' && e.value.value == null) continue;
        report(e.keyPos, `volume "${name}" uses volume type ${k}`, `${p.path}.volumes[${name}].${k}`);
      }
    });
  },
};
