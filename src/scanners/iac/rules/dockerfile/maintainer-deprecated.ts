import type { DockerfileRule } from './rule.js';

export const maintainerDeprecated: DockerfileRule = {
  id: 'iac/dockerfile/maintainer-deprecated',
  title: 'Deprecated MAINTAINER instruction',
  severity: 'info',
  cwe: [477],
  description: 'MAINTAINER is deprecated; the maintainer belongs in a label where tools can read it.',
  remediation: 'Use `LABEL org.opencontainers.image.authors="name <email>"`.',
  references: ['https://docs.docker.com/reference/dockerfile/#maintainer-deprecated'],
  check(m, report) {
    for (const ins of m.instructions) if (ins.keyword === 'MAINTAINER') report(ins, 'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors', { key: 'maintainer' });
  },
};
