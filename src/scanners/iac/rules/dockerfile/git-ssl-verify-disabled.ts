import type { DockerfileRule } from './rule.js';
import { posIn, runs, runText } from './shell.js';

const RUN_RE = /http\.sslverify[\s=]+["']?(false|0|no|off)\b|\bGIT_SSL_NO_VERIFY=["']?(1|true|yes)\b/i;

export const gitSslVerifyDisabled: DockerfileRule = {
  id: 'iac/dockerfile/git-ssl-verify-disabled',
  title: 'git TLS verification disabled',
  severity: 'high',
  cwe: [295],
  description: 'http.sslVerify=false or GIT_SSL_NO_VERIFY makes git accept any certificate, so cloned code can be replaced in transit.',
  remediation: 'Keep sslVerify on and point git at the CA with `http.sslCAInfo`.',
  check(m, report) {
    for (const ins of runs(m)) {
      const hit = RUN_RE.exec(runText(ins));
      if (hit) report(ins, `git TLS verification disabled (${hit[0]})`, { at: posIn(ins, hit.index), key: 'run' });
    }
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ENV') continue;
      for (const kv of ins.pairs) {
        if (kv.key === 'GIT_SSL_NO_VERIFY' && /^(1|true|yes)$/i.test(kv.value ?? '')) {
          report(ins, `ENV GIT_SSL_NO_VERIFY=${kv.value} disables git TLS verification`, { at: kv, key: kv.key });
        }
      }
    }
  },
};
