import type { DockerfileRule } from './rule.js';

export const multipleCmd: DockerfileRule = {
  id: 'iac/dockerfile/multiple-cmd',
  title: 'More than one CMD in a stage',
  severity: 'low',
  cwe: [710],
  description: 'Only the last CMD of a stage takes effect; a second CMD silently replaces the first, and the earlier ones are dead code that misleads reviewers about what the container runs.',
  remediation: 'Keep a single CMD per stage.',
  check(m, report) {
    for (const s of m.stages) {
      const list = s.instructions.filter((i) => i.keyword === 'CMD');
      // Reported on each later one (it silently replaces the earlier CMD).
      list.slice(1).forEach((ins, k) =>
        report(ins, `CMD on line ${ins.line} replaces the CMD on line ${list[k]?.line} in the same stage; only the last takes effect`, { key: ins.args }));
    }
  },
};
