import { ownerOf, posIn, scriptLines } from '../parse.js';
import type { GitlabRule } from './types.js';

const SHELLS = '(?:sudo\\s+(?:-\\S+\\s+)*)?(?:(?:/usr)?/bin/)?(?:ba|z|da|k)?sh|python[0-9.]*|perl|ruby|node';
const FETCH = '\\b(?:curl|wget)\\b';
const PATTERNS = [
  new RegExp(`${FETCH}[^|;&\\n]*\\|\\s*${SHELLS}\\b`),
  new RegExp(`\\b(?:ba|z)?sh\\s+<\\(\\s*${FETCH}`),
  new RegExp(`\\b(?:ba|z)?sh\\s+-c\\s+["']?\\$\\(\\s*${FETCH}`),
  new RegExp(`\\beval\\s+["']?\\$\\(\\s*${FETCH}`),
];

export const curlPipeShell: GitlabRule = {
  id: 'pipelines/gitlab-ci/curl-pipe-shell',
  title: 'Script pipes a download into a shell',
  severity: 'medium',
  cwe: [494],
  description:
    '`curl … | sh` and its variants run whatever the server returns at that moment, unverified, with the job\'s tokens and secrets; a compromised host, CDN or DNS entry becomes code execution in the pipeline.',
  remediation: 'Download to a file, check it against a pinned checksum or signature, then run it; or use a pinned package or image instead.',
  check(p, report) {
    const seen = new Set<string>();
    for (const job of p.jobs) {
      for (const line of scriptLines(p, job)) {
        const owner = ownerOf(p, line.node, job.name);
        for (const l of line.text.split('\n')) {
          if (!PATTERNS.some((re) => re.test(l))) continue;
          const cmd = l.trim();
          if (seen.has(`${owner}:${cmd}`)) continue;
          seen.add(`${owner}:${cmd}`);
          const m = /\b(?:curl|wget)\b/.exec(l);
          report({
            at: posIn(line.node, m ? l.slice(m.index) .slice(0, 40) : cmd),
            message: `Job '${job.name}' pipes a download into an interpreter: ${cmd.length > 80 ? cmd.slice(0, 77) + '...' : cmd}`,
            identity: `${owner}:${cmd}`,
          });
        }
      }
    }
  },
};
