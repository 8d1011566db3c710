import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

export const nodeTlsRejectDisabled: DockerfileRule = {
  id: 'iac/dockerfile/node-tls-reject-disabled',
  title: 'NODE_TLS_REJECT_UNAUTHORIZED=0',
  severity: 'high',
  cwe: [295],
  description: 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate verification for every TLS connection Node.js makes; set in ENV it stays on for the running container.',
  remediation: 'Remove it; trust a private CA with NODE_EXTRA_CA_CERTS=/path/ca.pem.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (kv.key === 'NODE_TLS_REJECT_UNAUTHORIZED' && (kv.value ?? '').trim() === '0') {
          report(ins, 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS verification in Node.js', { at: kv, key: kv.key });
        }
      }
    }
    for (const ins of runs(m)) {
      const hit = /\bNODE_TLS_REJECT_UNAUTHORIZED=["']?0\b/.exec(runText(ins));
      if (hit) report(ins, 'RUN sets NODE_TLS_REJECT_UNAUTHORIZED=0', { at: posIn(ins, hit.index), key: 'run' });
    }
  },
};
