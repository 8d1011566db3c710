import { PREFIX, PSS_URL, type KubeRule } from './types.js';
import { eachScField, isTrue } from './util.js';

export const hostProcess: KubeRule = {
  id: `${PREFIX}host-process`,
  title: 'Windows HostProcess container',
  severity: 'high',
  cwe: [250],
  description: 'HostProcess containers run directly on the Windows node with host privileges (Pod Security Standards baseline: windowsOptions.hostProcess must be undefined or false, at pod and container level).',
  remediation: 'Remove `securityContext.windowsOptions.hostProcess: true`; run node-level tooling outside application namespaces.',
  references: [PSS_URL],
  check(o, report) {
    eachScField(o, 'windowsOptions.hostProcess', (f, path, where) => {
      if (isTrue(f.value)) report(f.pos, `${where} sets windowsOptions.hostProcess: true`, path);
    });
  },
};
