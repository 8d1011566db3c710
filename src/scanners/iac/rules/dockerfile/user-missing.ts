import { finalStage, isArtifactOnly, lineage } from '../../formats/dockerfile/parse.js';
import type { DockerfileRule } from './rule.js';

export const userMissing: DockerfileRule = {
  id: 'iac/dockerfile/user-missing',
  title: 'Final stage sets no USER (runs as root)',
  severity: 'medium',
  cwe: [250],
  description:
    'Without a USER instruction the container process runs as root (unless the base image sets a user). A compromise of the process then has root inside the container, which makes container escapes and tampering with the image much easier.',
  remediation: 'Create an unprivileged user and switch to it at the end of the final stage: `RUN useradd -r -u 10001 app` then `USER 10001`.',
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check(m, report) {
    const s = finalStage(m);
    if (!s || isArtifactOnly(m, s)) return;
    for (const st of lineage(m, s)) if (st.instructions.some((i) => i.keyword === 'USER')) return;
    const root = lineage(m, s).at(-1) ?? s;
    const img = (root.resolvedImage ?? '').toLowerCase();
    // Base images that already run unprivileged (distroless :nonroot, chainguard, ...).
    if (/nonroot|non-root|rootless|chainguard|cgr\.dev/.test(img)) return;
    report(s.from, `Final stage FROM '${s.resolvedImage ?? s.image}' never sets USER, so the container runs as root`, { key: 'final' });
  },
};
