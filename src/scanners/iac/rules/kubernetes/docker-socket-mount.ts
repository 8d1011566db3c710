import { PREFIX, type KubeRule } from './types.js';
import { field, getSeq, getString } from './util.js';
import { trimEndChars } from '../../../../core/trim.js';

const SOCKETS = new Set([
  '/var/run/docker.sock', '/run/docker.sock', '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock', '/run/crio/crio.sock', '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock',
  '/var/run', '/run', '/var/run/docker', '/var/run/containerd', '/run/containerd', '/var/lib/docker',
]);

export const dockerSocketMount: KubeRule = {
  id: `${PREFIX}docker-socket-mount`,
  title: 'Container runtime socket mounted',
  severity: 'critical',
  cwe: [250],
  description: 'Mounting the Docker, containerd or CRI-O socket (or the directory holding it) lets the pod start privileged containers on the node: full node compromise.',
  remediation: 'Remove the hostPath volume; build images with a rootless builder (BuildKit rootless, kaniko) instead.',
  references: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  check(o, report) {
    const p = o.podSpec;
    const vols = getSeq(p?.node, 'volumes');
    if (!p || !vols) return;
    vols.items.forEach((v, i) => {
      const f = field(v, 'hostPath.path');
      if (!f || typeof f.value !== 'string') return;
      const path = trimEndChars(f.value, '/') || '/';
      if (!SOCKETS.has(path)) return;
      const name = getString(v, 'name') ?? `#${i}`;
      report(f.pos, `volume "${name}" mounts the container runtime socket ${f.value}`, `${p.path}.volumes[${name}].hostPath.path`);
    });
  },
};
