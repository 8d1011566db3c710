import { PREFIX, type KubeRule } from './types.js';
import { containerLabel, eachContainer, field, isDigest, parseImage } from './util.js';

export const imageLatestTag: KubeRule = {
  id: `${PREFIX}image-latest-tag`,
  title: 'Image uses the latest tag or no tag',
  severity: 'medium',
  cwe: [1357],
  description: 'An image without a tag means :latest; what runs changes whenever someone pushes, so deployments are not reproducible and a pushed malicious image is picked up silently.',
  remediation: 'Use a specific version tag, ideally pinned by digest (`image: registry/app:1.4.2@sha256:...`).',
  references: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  check(o, report) {
    eachContainer(o, (c) => {
      const f = field(c.node, 'image');
      if (!f || typeof f.value !== 'string') return;
      const img = parseImage(f.value);
      if (isDigest(img.digest)) return;
      if (img.tag === undefined) report(f.pos, `${containerLabel(c)} image ${f.value} has no tag (means latest)`, `${c.path}.image`);
      else if (img.tag === 'latest') report(f.pos, `${containerLabel(c)} image ${f.value} uses the latest tag`, `${c.path}.image`);
    });
  },
};
