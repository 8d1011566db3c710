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
      // Reported on each later one (it silently replaces the earlier ENTRYPOINT).
      list.slice(1).forEach((ins, k) =>
        report(ins, `ENTRYPOINT on line ${ins.line} replaces the ENTRYPOINT on line ${list[k]?.line} in the same stage; only the last takes effect`, { key: ins.args }));
    }
  },
};
