import type { DockerfileRule } from './rule.js';

const RE = /\b([a-z][a-z0-9+.-]{1,15}):\/\/([^\s/:@'"$]{1,200}):([^\s/@'"]{1,200})@/i;

export const credentialsInUrl: DockerfileRule = {
  id: 'iac/dockerfile/credentials-in-url',
  title: 'Credentials embedded in a URL',
  severity: 'high',
  cwe: [798],
  description: 'A URL of the form scheme://user:password@host in the Dockerfile puts the password into the Dockerfile, the image history and often the image itself (e.g. in .git/config).',
  remediation: 'Pass credentials as a build secret (`RUN --mount=type=secret`) or a git credential helper, never in the URL.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (!['RUN', 'ADD', 'ENV', 'ARG', 'COPY', 'CMD', 'ENTRYPOINT', 'LABEL'].includes(ins.keyword)) continue;
      const text = ins.args + ins.heredocs.map((h) => '\n' + h.body).join('');
      const hit = RE.exec(text);
      if (!hit) continue;
      const pw = hit[3] ?? '';
      if (pw.startsWith('$') || /^(x+|\*+|password|pass|token|secret|dummy|changeme|example|placeholder)$/i.test(pw) || pw.includes('${')) continue;
      report(ins, `${ins.keyword} contains a URL with an embedded password (${hit[1]}://${hit[2]}:***@)`, {
        at: hit.index < ins.args.length ? ins.posOf(hit.index) : undefined, key: `${hit[1]}://${hit[2]}`,
      });
    }
  },
};
