import { finalStage, lineage } from '../../formats/dockerfile/parse.js';
import type { DockerfileRule } from './rule.js';

/** Splits `registry:5000/ns/img:tag@sha256:..` into its tag and digest. */
export function imageParts(ref: string): { name: string; tag: string | undefined; digest: string | undefined } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

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
    const last = finalStage(m);
    // The final image's base is the external image at the root of its FROM <stage> chain.
    const s = last ? lineage(m, last).at(-1) : undefined;
    // An image made of a variable that cannot be resolved is unknown, not unpinned: no finding.
    if (!s || s.resolvedImage === undefined) return;
    const ref = s.resolvedImage;
    if (ref.toLowerCase() === 'scratch') return;
    const { tag, digest } = imageParts(ref);
    if (digest) return;
    if (tag === undefined) report(s.from, `Base image '${ref}' has no tag (implicitly latest)`, { at: s.from.argsPos, key: ref });
    else if (tag.toLowerCase() === 'latest') report(s.from, `Base image '${ref}' uses the latest tag`, { at: s.from.argsPos, key: ref });
  },
};
