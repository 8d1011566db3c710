import type { DockerfileRule } from './rule.js';

export const multipleCmd: DockerfileRule = {
  id: 'iac/dockerfile/multiple-cmd',
  title: 'More than one CMD in a stage',
  severity: 'low',
  cwe: [710],
  description: 'Only the last CMD of a stage takes effect; earlier ones are dead code that misleads reviewers about what the container runs.',
  remediation: 'Keep a single CMD per stage.',
  check(m, report) {
    for (const s of m.stages) {
      const list = s.instructions.filter((i) => i.keyword === 'CMD');
      for (const ins of list.slice(0, -1)) report(ins, `CMD on line ${ins.line} is overridden by a later CMD in the same stage`, { key: ins.args });
    }
  },
};
