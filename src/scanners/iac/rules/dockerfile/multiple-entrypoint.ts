import type { DockerfileRule } from './rule.js';

export const multipleEntrypoint: DockerfileRule = {
  id: 'iac/dockerfile/multiple-entrypoint',
  title: 'More than one ENTRYPOINT in a stage',
  severity: 'low',
  cwe: [710],
  description: 'Only the last ENTRYPOINT of a stage takes effect; earlier ones mislead reviewers about what the container runs.',
  remediation: 'Keep a single ENTRYPOINT per stage.',
  check(m, report) {
    for (const s of m.stages) {
      const list = s.instructions.filter((i) => i.keyword === 'ENTRYPOINT');
      for (const ins of list.slice(0, -1)) report(ins, `ENTRYPOINT on line ${ins.line} is overridden by a later ENTRYPOINT in the same stage`, { key: ins.args });
    }
  },
};
