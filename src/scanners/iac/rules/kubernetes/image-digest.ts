import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isDigest, parseImage } from './util.js';

export const imageDigest: KubeRule = {
  id: `${PREFIX}image-digest`,
  title: 'Image not pinned by digest',
  severity: 'low',
  cwe: [1357],
  description: 'Tags are mutable: the registry (or anyone who can push to it) can change what a tag points to. Only a sha256 digest names exact image content.',
  remediation: 'Pin the image by digest: `image: registry/app:1.4.2@sha256:<digest>`.',
  references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(c.node, 'image');
      if (!f || typeof f.value !== 'string') return;
      if (!isDigest(parseImage(f.value).digest)) report(f.pos, `${containerLabel(c)} image ${f.value} is not pinned by digest`, `${c.path}.image`);
    });
  },
};
