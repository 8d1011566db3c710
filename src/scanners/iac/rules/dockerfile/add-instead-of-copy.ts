import type { DockerfileRule } from './rule.js';
import { splitWords } from '../../formats/dockerfile/parse.js';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|gz|bz2|xz|zst)$/i;

export const addInsteadOfCopy: DockerfileRule = {
  id: 'iac/dockerfile/add-instead-of-copy',
  title: 'ADD used where COPY would do',
  severity: 'low',
  cwe: [710],
  description:
    'ADD silently extracts local archives and fetches URLs. For plain local files COPY does the same job without those surprises, which makes the build easier to review.',
  remediation: 'Use COPY for local files and directories; keep ADD only for archives you mean to extract.',
  references: ['https://docs.docker.com/build/building/best-practices/#add-or-copy'],
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'ADD' || ins.heredocs.length) continue;
      const words = ins.json ?? splitWords(ins.args, m.escape).map((w) => w.text);
      const srcs = words.slice(0, -1);
      if (!srcs.length) continue;
      if (srcs.some((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^git@/.test(s) || ARCHIVE.test(s) || s.includes('$'))) continue;
      report(ins, `ADD ${srcs.join(' ').slice(0, 200)} copies local files; use COPY`, { at: ins.argsPos, key: srcs.join(' ') });
    }
  },
};
