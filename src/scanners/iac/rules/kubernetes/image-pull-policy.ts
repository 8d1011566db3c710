import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isDigest, parseImage } from './util.js';

export const imagePullPolicy: KubeRule = {
  id: `${PREFIX}image-pull-policy`,
  title: 'Mutable image tag without imagePullPolicy: Always',
  severity: 'info',
  cwe: [1357],
  description: 'With a tag (not a digest) and imagePullPolicy IfNotPresent or Never, each node keeps whatever image it pulled first, so nodes can run different code under the same tag, and a cached image can be used by pods that lack pull credentials. The default policy for a tag other than latest is IfNotPresent.',
  remediation: 'Pin the image by digest, or set `imagePullPolicy: Always`.',
  references: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
  check(o, report) {
    eachContainer(o, (c) => {
      const img = field(c.node, 'image');
      if (!img || typeof img.value !== 'string') return;
      const ref = parseImage(img.value);
      if (isDigest(ref.digest)) return;
      const pol = field(c.node, 'imagePullPolicy');
      const path = `${c.path}.imagePullPolicy`;
      if (pol) {
        if (pol.value !== 'Always') report(pol.pos, `${containerLabel(c)} uses mutable image ${img.value} with imagePullPolicy ${String(pol.value)}`, path);
      } else if (ref.tag !== undefined && ref.tag !== 'latest') {
        report(img.pos, `${containerLabel(c)} uses mutable image ${img.value} with the default imagePullPolicy IfNotPresent`, path);
      }
    });
  },
};
