import { finalStage, lineage, type DockerfileModel } from '../../formats/dockerfile/parse.js';

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

/**
 * The external image the final stage is built on: the root of its FROM <stage> chain. Undefined
 * for `scratch` and for an image made of a variable that cannot be resolved (unknown, not
 * unpinned: no finding).
 */
export function finalBaseImage(m: DockerfileModel) {
  const last = finalStage(m);
  const stage = last ? lineage(m, last).at(-1) : undefined;
  if (!stage || stage.resolvedImage === undefined) return undefined;
  const ref = stage.resolvedImage;
  if (ref.toLowerCase() === 'scratch') return undefined;
  return { stage, ref, ...imageParts(ref) };
}
