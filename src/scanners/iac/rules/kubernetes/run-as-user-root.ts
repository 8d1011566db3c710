import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField } from './util.js';

export const runAsUserRoot: KubeRule = {
  id: `${PREFIX}run-as-user-root`,
  title: 'Container runs as UID 0',
  severity: 'medium',
  cwe: [250],
  description: 'runAsUser: 0 runs the container process as root (Pod Security Standards restricted: runAsUser must be non-zero or undefined, at pod and container level).',
  remediation: 'Set `runAsUser` to a non-zero UID (e.g. 10001) or remove it and set runAsNonRoot: true.',
  references: [PSS_URL],
  check(o, report) {
    eachScField(o, 'runAsUser', (f, path, where) => {
      if (f.value === 0 || f.value === '0') report(f.pos, `${where} sets runAsUser: 0`, path);
    });
  },
};
