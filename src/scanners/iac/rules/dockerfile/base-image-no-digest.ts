import { finalStage, lineage } from '../../formats/dockerfile/parse.js';
import { imageParts } from './base-image-latest.js';
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
    const last = finalStage(m);
    // The final image's base is the external image at the root of its FROM <stage> chain.
    const s = last ? lineage(m, last).at(-1) : undefined;
    // Unresolvable variables: unknown, no finding. Untagged/latest images are base-image-latest's.
    if (!s || s.resolvedImage === undefined) return;
    const ref = s.resolvedImage;
    if (ref.toLowerCase() === 'scratch') return;
    const { tag, digest } = imageParts(ref);
    if (digest || tag === undefined || tag.toLowerCase() === 'latest') return;
    report(s.from, `Base image '${ref}' is pinned by tag only, not by digest`, { at: s.from.argsPos, key: ref });
  },
};
