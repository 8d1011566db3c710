import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

const RUN_RE = /\b(npm|yarn|pnpm)\s+(?:config\s+)?set\s+(strict-ssl|strictSsl|enableStrictSsl)[\s=]+(false|0)\b|--strict-ssl[= ]false\b|\bnpm_config_strict_ssl=(false|0)\b|\byarn\s+config\s+set\s+enableStrictSsl\s+false\b/i;

export const npmStrictSslDisabled: DockerfileRule = {
  id: 'iac/dockerfile/npm-strict-ssl-disabled',
  title: 'npm/yarn TLS verification disabled',
  severity: 'high',
  cwe: [295],
  description: 'strict-ssl=false makes npm, yarn or pnpm accept any registry certificate, so packages can be replaced in transit.',
  remediation: 'Keep strict-ssl on; for a private CA set `cafile` (npm config set cafile /path/ca.pem) or NODE_EXTRA_CA_CERTS.',
  check(m, report) {
    for (const ins of runs(m)) {
      const hit = RUN_RE.exec(runText(ins));
      if (hit) report(ins, `registry TLS verification disabled (${hit[0]})`, { at: posIn(ins, hit.index), key: 'run' });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (/^npm_config_strict_ssl$/i.test(kv.key) && /^(false|0)$/i.test(kv.value ?? '')) {
          report(ins, `ENV ${kv.key}=${kv.value} disables npm TLS verification`, { at: kv, key: kv.key });
        }
      }
    }
  },
};
