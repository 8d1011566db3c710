import { posOf, str, variableValue } from '../parse.js';
import type { GitlabRule } from './types.js';
import { allVariableEntries } from './variables.js';

const SWITCHES: Record<string, RegExp> = {
  GIT_SSL_NO_VERIFY: /^(?:true|1|yes)$/i,
  NODE_TLS_REJECT_UNAUTHORIZED: /^0$/,
  PYTHONHTTPSVERIFY: /^0$/,
  GIT_SSL_VERIFY: /^(?:false|0|no)$/i,
};

export const tlsVerifyDisabled: GitlabRule = {
  id: 'pipelines/gitlab-ci/tls-verify-disabled',
  title: 'TLS certificate verification disabled',
  severity: 'medium',
  cwe: [295],
  description:
    'GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0 and similar switches make the job accept any certificate, so a network attacker can serve it other source code, dependencies or artifacts.',
  remediation: 'Remove the switch and give the runner the CA certificate it needs (CI_SERVER_TLS_CA_FILE, NODE_EXTRA_CA_CERTS, a custom CA in the image).',
  check(p, report) {
    for (const { owner, entry } of allVariableEntries(p)) {
      const re = SWITCHES[entry.key];
      if (!re) continue;
      const v = variableValue(entry);
      if (!v || !re.test(str(v) ?? '')) continue;
      report({ at: posOf(v), message: `${entry.key}=${str(v)} (${owner}) turns off certificate checks.`, identity: `${owner}:${entry.key}` });
    }
  },
};
