import type { DockerfileRule } from './rule.js';
import { expand, variableAt } from '../../formats/dockerfile/parse.js';

export const workdirRelative: DockerfileRule = {
  id: 'iac/dockerfile/workdir-relative',
  title: 'WORKDIR with a relative path',
  severity: 'low',
  cwe: [710],
  description: 'A relative WORKDIR depends on the previous working directory, which may come from the base image and change with it.',
  remediation: 'Use an absolute path: `WORKDIR /app`.',
  check(m, report) {
    for (const ins of m.instructions) {
      if (ins.keyword !== 'WORKDIR') continue;
      const raw = ins.args.replace(/^["']|["']$/g, '');
      const r = expand(raw, (n) => variableAt(m, ins, n), m.escape);
      if (r.unresolved.length) continue; // unknown is not relative
      const v = r.value;
      if (!v || v.startsWith('/') || /^[A-Za-z]:[\\/]/.test(v) || v.startsWith('\\')) continue;
      report(ins, `WORKDIR ${raw} is a relative path`, { at: ins.argsPos, key: raw });
    }
  },
};
