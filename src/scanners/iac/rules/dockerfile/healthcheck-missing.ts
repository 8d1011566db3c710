import { finalStage, isArtifactOnly, lineage } from '../../formats/dockerfile/parse.js';
import type { DockerfileRule } from './rule.js';

export const healthcheckMissing: DockerfileRule = {
  id: 'iac/dockerfile/healthcheck-missing',
  title: 'Final stage has no HEALTHCHECK',
  severity: 'low',
  cwe: [693],
  description: 'Without a HEALTHCHECK, Docker cannot tell a hung service from a healthy one, so it is not restarted or taken out of rotation.',
  remediation: 'Add `HEALTHCHECK CMD <probe>` (or `HEALTHCHECK NONE` when the orchestrator probes the service itself).',
  references: ['https://docs.docker.com/reference/dockerfile/#healthcheck'],
  check(m, report) {
    const s = finalStage(m);
    if (!s || isArtifactOnly(m, s)) return;
    for (const st of lineage(m, s)) if (st.instructions.some((i) => i.keyword === 'HEALTHCHECK')) return;
    report(s.from, `Final stage FROM '${s.resolvedImage ?? s.image}' declares no HEALTHCHECK`, { key: 'final' });
  },
};
