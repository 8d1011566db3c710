import { finalBaseImage } from './base-image.js';
import type { DockerfileRule } from './rule.js';

export const baseImageNoDigest: DockerfileRule = {
  id: 'iac/dockerfile/base-image-no-digest',
  title: 'Final base image not pinned by digest',
  severity: 'low',
  cwe: [1357],
  description:
    'A tag can be moved to a different image at any time by whoever controls the repository. Only a digest (`@sha256:...`) names exactly one image.',
  remediation: 'Append the digest of the image you tested: `FROM python:3.12-slim@sha256:<digest>`, and let a bot (Renovate, Dependabot) update it.',
  references: ['https://docs.docker.com/reference/dockerfile/#from'],
  check(m, report) {
    const base = finalBaseImage(m);
    // Untagged/latest images are base-image-latest's.
    if (!base || base.digest || base.tag === undefined || base.tag.toLowerCase() === 'latest') return;
    const { stage: s, ref } = base;
    report(s.from, `Base image '${ref}' is pinned by tag only, not by digest`, { at: s.from.argsPos, key: ref });
  },
};
