import { get, ownerOf, posIn, scriptLines, str, variableValue } from '../parse.js';
import { imageName } from './unpinned-image.js';
import type { GitlabRule } from './types.js';

export const privilegedDind: GitlabRule = {
  id: 'pipelines/gitlab-ci/privileged-dind',
  title: 'Docker-in-Docker without TLS or with privileged containers',
  severity: 'high',
  cwe: [250, 319],
  description:
    'A docker:dind service runs a privileged Docker daemon next to the job. With DOCKER_TLS_CERTDIR set to "" or DOCKER_HOST pointing at tcp://…:2375 the daemon listens without TLS or authentication, so any container on the runner network can drive it and take over the host; `docker run --privileged` in a script hands the job\'s containers the same power.',
  remediation:
    'Keep TLS on (DOCKER_TLS_CERTDIR: "/certs", DOCKER_HOST tcp://docker:2376), avoid --privileged, or build images without a daemon (BuildKit rootless, kaniko successors, buildah).',
  references: ['https://docs.gitlab.com/ci/docker/using_docker_build/'],
  check(p, report) {
    const seen = new Set<string>();
    const emit = (hit: Parameters<typeof report>[0]): void => {
      const k = `${hit.at.path}:${hit.at.line}:${hit.identity}`;
      if (!seen.has(k)) { seen.add(k); report(hit); }
    };
    for (const job of p.jobs) {
      const svc = get(job.map, 'services');
      const hasDind = svc?.kind === 'seq' && svc.items.some((s) => /(^|\/)docker:[^@]*dind/.test(imageName(s)?.name ?? ''));
      const jobImg = imageName(get(job.map, 'image') ?? { kind: 'scalar', value: '', quoted: false, src: job.map.src, start: 0, end: 0 })?.name ?? '';
      const dindLike = hasDind || /(^|\/)docker:[^@]*dind/.test(jobImg);
      if (hasDind && svc?.kind === 'seq') {
        for (const sv of svc.items) {
          if (!/(^|\/)docker:[^@]*dind/.test(imageName(sv)?.name ?? '')) continue;
          const cmd = get(sv, 'command');
          const args = cmd?.kind === 'seq' ? cmd.items : [];
          for (const a of args) {
            const v = str(a) ?? '';
            if (v === '--tls=false' || /^(?:-H|--host)=?tcp:\/\/[^/]*:2375$/.test(v)) {
              emit({ at: posIn(a, v), message: `Job '${job.name}' starts docker:dind with ${v}: the daemon accepts unauthenticated plain-TCP clients.`, identity: `${ownerOf(p, a, job.name)}:dind-command:${v}` });
            }
          }
        }
      }
      if (dindLike) {
        const tls = job.variables.get('DOCKER_TLS_CERTDIR');
        const tlsVal = tls ? variableValue(tls) : undefined;
        if (tls && tlsVal && (tlsVal.value === '' || tlsVal.value === null)) {
          emit({ at: tls.keyPos, message: `Job '${job.name}' runs docker:dind with DOCKER_TLS_CERTDIR empty: the daemon listens without TLS.`, identity: `${p.globalVariables.get('DOCKER_TLS_CERTDIR') === tls ? 'global' : job.name}:DOCKER_TLS_CERTDIR` });
        }
        const host = job.variables.get('DOCKER_HOST');
        const hostVal = host ? str(variableValue(host)) : undefined;
        if (host && hostVal && /^tcp:\/\/[^/]*:2375\b/.test(hostVal)) {
          emit({ at: host.keyPos, message: `Job '${job.name}' talks to docker:dind over ${hostVal}, the unauthenticated plain-TCP port.`, identity: `${p.globalVariables.get('DOCKER_HOST') === host ? 'global' : job.name}:DOCKER_HOST` });
        }
      }
      for (const line of scriptLines(p, job)) {
        if (/\bdocker\s+(?:container\s+)?(?:run|create)\b[^\n]*\s--privileged\b(?!=false)/.test(line.text)) {
          emit({ at: posIn(line.node, '--privileged'), message: `Job '${job.name}' starts a privileged container.`, identity: `${ownerOf(p, line.node, job.name)}:--privileged:${line.text.trim()}` });
        }
      }
    }
  },
};
