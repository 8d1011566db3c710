import { ownerOf, posIn, posOf, scriptLines, str, variableValue } from '../parse.js';
import type { GitlabRule } from './types.js';
import { allVariableEntries } from './variables.js';

const SWITCHES: Record<string, RegExp> = {
  GIT_SSL_NO_VERIFY: /^(?:true|1|yes)$/i,
  NODE_TLS_REJECT_UNAUTHORIZED: /^0$/,
  PYTHONHTTPSVERIFY: /^0$/,
  GIT_SSL_VERIFY: /^(?:false|0|no)$/i,
};

/** Script commands that accept any certificate (`[A-Za-jl-z]*k`: the first k ends the run, linear). */
const SCRIPT_SWITCHES: { re: RegExp; what: string }[] = [
  { re: /\bcurl\b[^|;&\n]*?\s(?:--insecure\b|-[A-Za-jl-z]*k[A-Za-z]*(?=\s|$))/, what: 'curl --insecure' },
  { re: /\bwget\b[^|;&\n]*?\s--no-check-certificate\b/, what: 'wget --no-check-certificate' },
  { re: /\bgit\b[^|;&\n]*\bhttp\.sslVerify[= ]+["']?false\b/i, what: 'git http.sslVerify=false' },
  { re: /\b(?:npm|yarn|pnpm)\s+config\s+set\s+strict-ssl\s+false\b/, what: 'npm strict-ssl false' },
];

export const tlsVerifyDisabled: GitlabRule = {
  id: 'pipelines/gitlab-ci/tls-verify-disabled',
  title: 'TLS certificate verification disabled',
  severity: 'medium',
  cwe: [295],
  description:
    'GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0, curl -k, wget --no-check-certificate and similar switches make the job accept any certificate, so a network attacker can serve it other source code, dependencies or artifacts.',
  remediation: 'Remove the switch or flag and give the runner the CA certificate it needs (CI_SERVER_TLS_CA_FILE, NODE_EXTRA_CA_CERTS, a custom CA in the image).',
  check(p, report) {
    for (const { owner, entry } of allVariableEntries(p)) {
      const re = SWITCHES[entry.key];
      if (!re) continue;
      const v = variableValue(entry);
      if (!v || !re.test(str(v) ?? '')) continue;
      report({ at: posOf(v), message: `${entry.key}=${str(v)} (${owner}) turns off certificate checks.`, identity: `${owner}:${entry.key}` });
    }
    const seen = new Set<string>();
    for (const job of p.jobs) {
      for (const line of scriptLines(p, job)) {
        const owner = ownerOf(p, line.node, job.name);
        for (const l of line.text.split('\n')) {
          const sw = SCRIPT_SWITCHES.find((s) => s.re.test(l));
          if (!sw) continue;
          const key = `${owner}:${l.trim()}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report({ at: posIn(line.node, l.trim().slice(0, 40)), message: `Job '${job.name}' runs ${sw.what}: any certificate is accepted.`, identity: key });
        }
      }
    }
  },
};
