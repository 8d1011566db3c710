import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

// `trusted-host` then `=` or a space between blanks, then a value. Written as two alternatives
// whose runs cannot take the same blanks (`\s*[= ]\s*` backtracks quadratically on long blanks);
// matches exactly what `\btrusted-host\b\s*[= ]\s*\S` matched.
const RUN_RE = /--trusted-host\b|\btrusted-host\b(?:\s*=\s*\S|[^\S ]* \s*\S)|PIP_TRUSTED_HOST=/i;

export const pipTrustedHost: DockerfileRule = {
  id: 'iac/dockerfile/pip-trusted-host',
  title: 'pip trusts a host without TLS verification',
  severity: 'high',
  cwe: [295],
  description: '`pip --trusted-host` (or PIP_TRUSTED_HOST) turns off certificate checks for that index, so packages can be swapped in transit.',
  remediation: 'Serve the index over valid HTTPS and point pip at its CA with `--cert` or PIP_CERT instead.',
  check(m, report) {
    for (const ins of runs(m)) {
      const hit = RUN_RE.exec(runText(ins));
      if (hit) report(ins, `pip TLS verification disabled (${hit[0].trim()})`, { at: posIn(ins, hit.index), key: 'run' });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (kv.key.toUpperCase() === 'PIP_TRUSTED_HOST' && kv.value) report(ins, `ENV PIP_TRUSTED_HOST=${kv.value} disables TLS checks for pip`, { at: kv, key: kv.key });
      }
    }
  },
};
