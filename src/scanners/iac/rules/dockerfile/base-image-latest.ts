import { finalBaseImage } from './base-image.js';
import type { DockerfileRule } from './rule.js';

export const baseImageLatest: DockerfileRule = {
  id: 'iac/dockerfile/base-image-latest',
  title: 'Final base image has no tag or uses latest',
  severity: 'medium',
  cwe: [1357],
  description:
    'The final stage is built FROM an image without a tag or with the `latest` tag. The image it pulls changes over time, so builds are not reproducible and a compromised or broken upstream push flows straight into your image.',
  remediation: 'Pin the base image to a specific version tag (and ideally a digest): `FROM node:20.11-alpine@sha256:...`.',
  references: ['https://docs.docker.com/build/building/best-practices/#from'],
  check(m, report) {
    const base = finalBaseImage(m);
    if (!base || base.digest) return;
    const { stage: s, ref, tag } = base;
    if (tag === undefined) report(s.from, `Base image '${ref}' has no tag (implicitly latest)`, { at: s.from.argsPos, key: ref });
    else if (tag.toLowerCase() === 'latest') report(s.from, `Base image '${ref}' uses the latest tag`, { at: s.from.argsPos, key: ref });
  },
};
